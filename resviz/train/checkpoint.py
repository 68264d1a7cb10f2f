"""Checkpoints: written atomically, read with weights_only=True (never unpickle user files)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import torch

from resviz.arch.revision import FORWARD_REVISION, revision_of, stale_forward
from resviz.errors import TrainingError, os_reason
from resviz.i18n import N_, _
from resviz.runs import RunInfo, RunStore
from resviz.runs.types import ENDED_STATUSES, status_label

_RETRAIN = N_("the file was changed or belongs to another run: train the run again")



def save_checkpoint(path: str | Path, state: dict[str, Any]) -> None:
    """``state`` holds tensors, numbers and the spec/config as JSON text."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    try:
        torch.save({**state, "forward": FORWARD_REVISION}, tmp)  # arch.revision
        os.replace(tmp, p)
    except (OSError, RuntimeError) as exc:  # torch's writer reports a full disk as a RuntimeError
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # never leave half a checkpoint behind
        reason = os_reason(exc) if isinstance(exc, OSError) and exc.errno else _(
            "the disk is full or the folder cannot be written")
        raise TrainingError(_("cannot write the checkpoint {path}: {reason}").format(path=p, reason=reason),
                            _("free disk space or choose another --store")) from None


def load_checkpoint(path: str | Path, device: torch.device | str = "cpu") -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise TrainingError(_("no checkpoint at {p}").format(p=p), _("the run may have stopped before its first epoch ended"))
    try:
        state = torch.load(p, map_location=device, weights_only=True)
    except Exception as exc:  # torch raises many types for a damaged or foreign file
        raise TrainingError(_("the checkpoint {p} is damaged or not a resviz checkpoint ({type})").format(p=p, type=type(exc).__name__),
                            _("resume from an earlier run, or train again")) from None
    if not isinstance(state, dict) or "model" not in state or "spec_json" not in state:
        raise TrainingError(_("{p} is not a resviz checkpoint").format(p=p), _("resume from an earlier run, or train again"))
    revision = revision_of(state.get("forward"))
    if revision > FORWARD_REVISION:
        raise TrainingError(_("the checkpoint {p} was written by a newer resviz").format(p=p),
                            _("update resviz to read it"))
    if stale_forward(state["spec_json"], revision):
        raise TrainingError(
            _("the checkpoint {p} was written by an older resviz, whose full pre-activation units that change "
              "the shape did not share their first BN → ReLU with the shortcut; its weights would compute "
              "something else now").format(p=p),
            _("train the run again"))
    return state


def load_model_state(model: torch.nn.Module, state: dict[str, Any], path: str | Path) -> None:
    """Load the checkpoint's weights into ``model``, or refuse in one short sentence.

    torch's own error lists every missing and unexpected key (ninety names on one line for a
    ResNet-56); a user needs to know that the file does not fit, and roughly why.
    """
    weights = state.get("model")
    if not isinstance(weights, dict) or not all(isinstance(v, torch.Tensor) for v in weights.values()):
        raise TrainingError(_("{path} holds no network weights").format(path=path), _(_RETRAIN))
    own = model.state_dict()
    missing = [k for k in own if k not in weights]
    extra = [k for k in weights if k not in own]
    reshaped = [k for k in own if k in weights and weights[k].shape != own[k].shape]
    if missing or extra or reshaped:
        example = (missing or extra or reshaped)[0]
        raise TrainingError(
            _("the checkpoint {path} does not fit this run's network: {missing} weights missing, "
              "{extra} unexpected, {reshaped} of another shape (first: {name})").format(
                path=path, missing=len(missing), extra=len(extra), reshaped=len(reshaped), name=example),
            _(_RETRAIN))
    model.load_state_dict(weights)


def last_checkpoint(store: RunStore, info: RunInfo) -> Path:
    """The run's last checkpoint, for what needs its trained weights (Grad-CAM, a lesion study, the
    loss landscape); else a TrainingError that says why there is none and what to do."""
    if info.checkpoint_path is not None:
        return store.checkpoint_file(info)
    if info.status in ("diverged", "failed"):  # it ended before its first checkpoint
        raise TrainingError(
            _("run {run_id} ended ({status}) before it wrote a checkpoint").format(
                run_id=info.id, status=status_label(info.status)),
            _("train it again; a diverged run with a lower learning rate"))
    if info.status in ENDED_STATUSES:  # a finished or stopped run always writes one: an import
        raise TrainingError(
            _("run {run_id} has no trained weights in this store").format(run_id=info.id),
            _("a run imported from JSON brings its trained weights only when it was exported with them: "
              "export it again with `resviz runs export ID --json FILE --weights` (in the app: Export JSON "
              "with trained weights), analyse it in the store it trained in, or train it again"))
    raise TrainingError(_("run {run_id} has no checkpoint yet").format(run_id=info.id),
                        _("train it until the end of an epoch, or stop it, so that it writes one"))
