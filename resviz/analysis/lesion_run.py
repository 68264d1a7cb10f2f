"""The lesion study of a stored run, kept in the run's folder as ``lesion.json``."""

from __future__ import annotations

import json
from pathlib import Path

from resviz.analysis.lesion import LesionResult, Progress, ShouldStop, lesion_study
from resviz.analysis.run_model import load_trained, normalised
from resviz.data import DataBundle
from resviz.errors import StoreError, os_reason
from resviz.i18n import _
from resviz.runs import open_store
from resviz.runs.files import ANALYSES
from resviz.train.session import load_data

FILE_NAME = ANALYSES["lesion"]


def lesion_for_run(run_id: int, *, store_dir: str | Path | None = None, draws: int = 0, images: int | None = None,
                   seed: int = 0, data: DataBundle | None = None, progress: Progress | None = None,
                   should_stop: ShouldStop | None = None) -> LesionResult:
    """Run the study on the run's validation images (the first ``images`` of them) and store it."""
    run = load_trained(run_id, store_dir)
    data = data if data is not None else load_data(run.config)
    n = len(data.val_labels) if images is None else min(images, len(data.val_labels))
    if n == 0:
        raise StoreError(_("run {run_id} has no validation images to test on").format(run_id=run_id),
                         _("train it with a validation fraction above 0"))
    x = normalised(data.val_images[:n], data)
    result = lesion_study(run.model, x, data.val_labels[:n].long(), draws=draws, seed=seed,
                          progress=progress, should_stop=should_stop)
    save_lesion(run.store_dir, run_id, result)
    return result


def _path(store_dir: Path, run_id: int) -> Path:
    with open_store(store_dir) as store:
        return store.run_dir(run_id) / FILE_NAME


def save_lesion(store_dir: str | Path, run_id: int, result: LesionResult) -> None:
    path = _path(Path(store_dir), run_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(result.to_dict()), encoding="utf-8")
        tmp.replace(path)  # a reader never sees half a file
    except OSError as exc:
        raise StoreError(_("cannot write {path}: {reason}").format(path=path, reason=os_reason(exc)),
                         _("check that you may write to the store folder")) from None


def load_lesion(store_dir: str | Path | None, run_id: int) -> LesionResult | None:
    """The stored study of a run, or None if it has none (or an unreadable one)."""
    with open_store(store_dir) as store:
        path = store.run_dir(run_id) / FILE_NAME
    try:
        return LesionResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None
