"""The folder each kind of file dialog starts in: where that kind was last saved or opened.

Kinds: 'network' (spec files), 'figure' (PNG/SVG/CSV exports of plots, diagram, Grad-CAM),
'table' (summaries), 'run' (run exports and imports). Kept in QSettings, so they survive a
restart; the first time, the home folder (not the working directory the app was started in).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "dialogs/last_dir/{kind}"


def start_path(kind: str, file_name: str = "", settings: QSettings | None = None) -> str:
    """Where a dialog of this kind opens, with ``file_name`` proposed in it."""
    s = settings or QSettings()
    folder = s.value(KEY.format(kind=kind))
    base = Path(folder) if isinstance(folder, str) and folder and Path(folder).is_dir() else Path.home()
    return str(base / file_name) if file_name else str(base)


def remember(kind: str, path: str, settings: QSettings | None = None) -> None:
    """Remember the folder of a chosen file (or a chosen folder)."""
    if not path:
        return
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    (settings or QSettings()).setValue(KEY.format(kind=kind), str(folder))
