"""Whether a run can be resumed, and why not: light (no torch), so the app can ask while it
builds a menu."""

from __future__ import annotations

from resviz.errors import TrainingError
from resviz.i18n import _
from resviz.runs.types import RunInfo


def resume_refusal(info: RunInfo) -> TrainingError | None:
    """Why the run cannot be resumed, or None if it can: a stopped, interrupted or failed run
    with a checkpoint (the app greys out its Resume action with this)."""
    rid = info.id
    if info.status == "finished":
        return TrainingError(_("run {id} is finished: there is nothing to resume").format(id=rid),
                             _("train it again to train it longer"))
    if info.status == "diverged":
        return TrainingError(_("run {id} diverged: resuming it would diverge again").format(id=rid),
                             _("train it again with a lower learning rate"))
    if info.status == "running":
        return TrainingError(_("run {id} is still running").format(id=rid), _("stop it first"))
    if info.status == "queued":
        return TrainingError(_("run {id} is queued and has not started").format(id=rid),
                             _("start the queue to train it"))
    if info.checkpoint_path is None:
        return TrainingError(_("run {id} has no checkpoint to resume from").format(id=rid),
                             _("it stopped before its first checkpoint; train it again"))
    return None
