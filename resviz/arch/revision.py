"""Which revision of resviz's networks a run's weights were trained with. Torch-free (the
lessons check it before the engine has loaded).

Revision 2: a full pre-activation unit that changes the shape shares its first BN → ReLU with
the shortcut (He et al.'s code). Weights trained before that (no revision recorded) would
compute something else in such a network.
"""

from __future__ import annotations

import json
from typing import Any

from resviz.arch.analysis import analyze
from resviz.errors import SpecError

FORWARD_REVISION = 2


def revision_of(value: Any) -> int:
    """A recorded revision; 1 (before revisions were recorded) when there is none or it is not a number."""
    return value if type(value) is int else 1


def stale_forward(spec: Any, revision: Any) -> bool:
    """True when weights trained under ``revision`` (a checkpoint's or a run summary's "forward")
    would compute something else in today's network for ``spec`` (a spec dict or its JSON text)."""
    if revision_of(revision) >= FORWARD_REVISION:
        return False
    try:
        return any(row.shared_preact for row in analyze(json.loads(spec) if isinstance(spec, str) else spec).blocks)
    except (SpecError, ValueError, TypeError):
        return False  # the caller builds the spec again and says what is wrong with it
