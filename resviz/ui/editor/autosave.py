"""The crash net: the unsaved spec, its file path and dirty flag in one small JSON file.

Qt-free file handling; the document decides when to write (a few seconds after an edit)
and when to clear (a clean save, a deliberate close).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resviz.arch.spec import NetworkSpec, from_dict, load_spec_file, to_dict
from resviz.errors import SpecError

AUTOSAVE_NAME = "autosave.json"
AUTOSAVE_FORMAT = "resviz.autosave"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AutosaveRecord:
    """Unsaved work found on start: the spec and the file it belongs to ('' if never saved)."""

    spec: NetworkSpec
    path: str


def autosave_file(directory: str | Path) -> Path:
    return Path(directory) / AUTOSAVE_NAME


def write_autosave(directory: str | Path, spec: NetworkSpec, path: str, dirty: bool) -> bool:
    """Write atomically; a failure is logged, never raised (autosave must not interrupt work)."""
    target = autosave_file(directory)
    record: dict[str, Any] = {"format": AUTOSAVE_FORMAT, "version": 1, "path": path, "dirty": dirty, "spec": to_dict(spec)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        log.warning("autosave to %s failed: %s", target, exc)
        return False
    return True


def clear_autosave(directory: str | Path) -> None:
    try:
        autosave_file(directory).unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot remove the autosave file: %s", exc)


def read_pending(directory: str | Path) -> AutosaveRecord | None:
    """The autosaved spec if it holds work that was never saved; None otherwise.

    A record that is clean, unreadable, or equal to its file on disk offers nothing.
    """
    target = autosave_file(directory)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != AUTOSAVE_FORMAT or not data.get("dirty"):
        return None
    path = data.get("path") or ""
    if not isinstance(path, str):
        return None
    try:
        spec = from_dict(data.get("spec"))
    except SpecError:
        return None
    if path:
        try:
            if to_dict(load_spec_file(path)) == to_dict(spec):
                return None  # saved after all (e.g. the crash came after the save)
        except SpecError:
            pass  # the file is gone or broken: the autosave is the only copy
    return AutosaveRecord(spec=spec, path=path)
