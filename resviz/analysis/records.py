"""A run's analysis results kept as JSON in its folder (runs/files.py names the files), so a
view shows them again when the run is opened, and export/import carries them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from resviz.errors import StoreError, os_reason
from resviz.i18n import _
from resviz.runs import open_store
from resviz.runs.files import analysis_file


def _path(store_dir: str | Path | None, run_id: int, kind: str) -> Path:
    store = open_store(store_dir)
    try:
        return analysis_file(store, run_id, kind)
    finally:
        store.close()


def save_record(store_dir: str | Path | None, run_id: int, kind: str, data: dict[str, Any]) -> None:
    path = _path(store_dir, run_id, kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)  # a reader never sees half a file
    except OSError as exc:
        raise StoreError(_("cannot write {path}: {reason}").format(path=path, reason=os_reason(exc)),
                         _("check that you may write to the store folder")) from None


def load_record(store_dir: str | Path | None, run_id: int, kind: str) -> dict[str, Any] | None:
    """The stored result, or None if the run has none (or an unreadable one)."""
    try:
        data = json.loads(_path(store_dir, run_id, kind).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
