"""File dialogs start where that kind of file was last saved, per kind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from resviz.ui.folders import remember, start_path


def test_each_kind_remembers_its_own_folder(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert start_path("figure", settings=settings) == str(Path.home())  # not the working directory
    figures, tables = tmp_path / "figures", tmp_path / "tables"
    figures.mkdir()
    tables.mkdir()
    remember("figure", str(figures / "curves.png"), settings=settings)
    remember("table", str(tables), settings=settings)
    assert start_path("figure", "b.svg", settings=settings) == str(figures / "b.svg")
    assert start_path("table", settings=settings) == str(tables)
    figures.rmdir()  # a folder that is gone: back to home
    assert start_path("figure", settings=settings) == str(Path.home())
