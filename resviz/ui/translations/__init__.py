"""The window's catalogues: ``resviz_<lang>.ts`` (edited by people, in Qt Linguist or a text
editor) compiled to ``resviz_<lang>.qm`` (shipped, loaded by resviz.ui.language).

``python -m resviz.ui.translations update`` re-reads every ``tr()`` text in resviz/ui (and the
marked texts of resviz/presentation), keeps the translations made so far, compiles the ``.qm``
and lists the texts still to translate;
``check`` says whether the shipped files are up to date with the sources (the tests use it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
UI_DIR = HERE.parent
# Qt-free texts the window shows, marked with QT_TRANSLATE_NOOP (tables, the figure's labels).
PRESENTATION_DIR = UI_DIR.parent / "presentation"
LANGUAGES = ("zh_CN",)


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translation: str
    finished: bool


def ts_path(lang: str) -> Path:
    return HERE / f"resviz_{lang}.ts"


def qm_path(lang: str) -> Path:
    return HERE / f"resviz_{lang}.qm"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python, or the binaries inside PySide6."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    if beside.exists():
        return str(beside)
    import PySide6

    return str(Path(PySide6.__file__).parent / name)


def sources() -> list[str]:
    return sorted(str(p) for folder in (UI_DIR, PRESENTATION_DIR) for p in folder.rglob("*.py")
                  if "translations" not in p.parts)


def lupdate(ts: Path) -> None:
    """Merge the texts of the sources into ``ts``, keeping translations, dropping vanished texts."""
    subprocess.run([tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    *sources(), "-ts", str(ts)], check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def entries(ts: Path) -> list[Entry]:
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            text = (tr.text or "") if tr is not None else ""
            finished = tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete")
            out.append(Entry(name, msg.findtext("source", ""), text, finished and bool(text)))
    return out


def update(lang: str) -> list[Entry]:
    """Refresh and compile one language; returns the entries still to translate."""
    ts = ts_path(lang)
    if not ts.exists():
        ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                      f'<TS version="2.1" language="{lang}"></TS>\n', encoding="utf-8")
    lupdate(ts)
    lrelease(ts, qm_path(lang))
    return [e for e in entries(ts) if not e.finished]


def problems(lang: str) -> list[str]:
    """What is out of date: texts in the sources missing from the .ts (or gone from the
    sources), and a .qm that differs from what the .ts compiles to."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts_path(lang).name
        fresh.write_bytes(ts_path(lang).read_bytes())
        lupdate(fresh)
        keys = {(e.context, e.source) for e in entries(ts_path(lang))}
        new_keys = {(e.context, e.source) for e in entries(fresh)}
        found += [f"not in the catalogue: [{c}] {s!r}" for c, s in sorted(new_keys - keys)]
        found += [f"no longer in the sources: [{c}] {s!r}" for c, s in sorted(keys - new_keys)]
        qm = Path(tmp) / "fresh.qm"
        lrelease(ts_path(lang), qm)
        stale = _compare_qm(qm, qm_path(lang), entries(ts_path(lang)))
        if stale:
            found.append(f"{qm_path(lang).name} is not compiled from {ts_path(lang).name}: "
                         f"{len(stale)} texts differ, e.g. {stale[0]!r}")
    return found


def _compare_qm(fresh: Path, shipped: Path, texts: list[Entry]) -> list[str]:
    """Sources whose translation differs between two .qm files. Compared by what they say, not
    byte by byte: another lrelease version may lay out the same catalogue differently."""
    from PySide6.QtCore import QTranslator

    a, b = QTranslator(), QTranslator()
    if not shipped.exists() or not a.load(str(fresh)) or not b.load(str(shipped)):
        return ["(no compiled catalogue)"]
    return [e.source for e in texts if a.translate(e.context, e.source) != b.translate(e.context, e.source)]
