"""Whether a stored run's net is residual: the one place that decides it, from the run's spec."""

from __future__ import annotations

from resviz.arch.spec import from_dict
from resviz.errors import SpecError
from resviz.runs import RunInfo


def is_residual(info: RunInfo) -> bool | None:
    """The flag the trainer recorded from the spec when the run started, else the stored spec's
    own answer (a queued run has no summary yet); None if neither tells. Never the run's name."""
    if isinstance(info.residual, bool):
        return info.residual
    if not info.spec:
        return None
    try:
        return from_dict(info.spec).is_residual
    except SpecError:
        return None
