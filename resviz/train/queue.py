"""The training queue: runs waiting in the store with status ``queued``, trained one after another.

The queue is not a separate list that could drift from the store: it *is* the queued runs,
ordered by a ``queue_position`` number in each run's summary (runs queued without one, e.g.
by ``session.enqueue``, sort by their id). So it survives a restart, and the app, the CLI and
a second window all see the same queue.

Cancelling a queued run deletes it: it has no metrics, checkpoint or files yet, and keeping it
as "stopped" would fill the run list with empty rows that cannot be resumed.

Qt-free; the app's ``QueueRunner`` drives it through the one ``TrainingController``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from resviz.arch.spec import NetworkSpec
from resviz.errors import StoreError
from resviz.i18n import _
from resviz.runs import RunInfo, RunStore, open_store
from resviz.runs.liveness import pid_alive
from resviz.train.config import TrainConfig

POSITION_KEY = "queue_position"
RAY_HOLD_KEY = "ray_driver"
"""Summary field of a queued run that a Ray sweep will train: the driver's process id."""

QueueItem = tuple[str | None, NetworkSpec, TrainConfig]
"""(run name or None for the default, spec, config) of one run to queue."""


def position(run: RunInfo) -> float:
    """Where a queued run stands; runs queued without a position keep their creation order."""
    value = run.summary.get(POSITION_KEY)
    return float(value) if isinstance(value, (int, float)) else float(run.id)


def queued_runs(store: RunStore) -> list[RunInfo]:
    """The queue, first to train first."""
    return sorted(store.list_runs(status="queued"), key=lambda r: (position(r), r.id))


def held_by_ray(run: RunInfo) -> bool:
    """Whether a queued run waits for a Ray sweep whose driver still runs (``train.ray_sweep``)."""
    pid = run.summary.get(RAY_HOLD_KEY)
    return isinstance(pid, int) and pid_alive(pid)


def next_run(store: RunStore, skip: Iterable[int] = ()) -> int | None:
    """The id of the run to train next (ignoring ids in ``skip`` and runs a Ray sweep will train),
    or None when the queue is empty."""
    skipped = set(skip)
    return next((r.id for r in queued_runs(store) if r.id not in skipped and not held_by_ray(r)), None)


def _renumber(store: RunStore, ids: Sequence[int]) -> None:
    with store.transaction():
        for i, run_id in enumerate(ids):
            store.update_summary(run_id, **{POSITION_KEY: float(i)})


def enqueue_many(store_dir: str | Path | None, items: Iterable[QueueItem], tags: Sequence[str] = (),
                 front: bool = False, summary: dict[str, Any] | None = None) -> list[int]:
    """Queue runs at the end (or, with ``front``, at the head, in the given order); returns their ids.

    Every spec and config is checked before anything is added, so a bad one leaves no half sweep.
    ``summary`` adds fields to every run's summary (a Ray sweep's mark, see ``train.ray_sweep``).
    """
    from resviz.arch.analysis import analyze
    from resviz.train.session import enqueue  # imports torch: only when something is queued

    items = list(items)
    for _name, spec, config in items:
        config.validate()
        analyze(spec)
    ids = [enqueue(spec, config, store_dir=store_dir, name=name, tags=tags, summary=summary)
           for name, spec, config in items]
    with open_store(store_dir) as store:
        waiting = [r.id for r in queued_runs(store) if r.id not in set(ids)]
        _renumber(store, ids + waiting if front else waiting + ids)
    return ids


def move(store: RunStore, run_id: int, delta: int | None = None, *, index: int | None = None) -> int:
    """Move a queued run ``delta`` places (negative: sooner) or to ``index``; returns its new index."""
    order = [r.id for r in queued_runs(store)]
    if run_id not in order:
        raise StoreError(_("Run #{run_id} is not in the queue").format(run_id=run_id), _("only runs waiting to train can be moved"))
    if (delta is None) == (index is None):
        raise ValueError("give either delta or index")
    old = order.index(run_id)
    new = old + delta if delta is not None else index
    new = max(0, min(len(order) - 1, int(new)))  # type: ignore[arg-type]
    order.insert(new, order.pop(old))
    _renumber(store, order)
    return new


def cancel(store: RunStore, run_id: int) -> None:
    """Take a run out of the queue before it starts: it is deleted (see the module doc)."""
    info = store.get_run(run_id)
    if info.status == "queued" and held_by_ray(info):
        raise StoreError(_("Run #{run_id} ({name}) waits for a Ray worker").format(run_id=run_id, name=info.name),
                         _("cancel its Ray sweep instead"))
    if info.status != "queued":
        raise StoreError(_("Run #{run_id} ({name}) is {status}, not queued").format(run_id=run_id, name=info.name, status=info.status),
                         _("stop a run that is training instead of cancelling it"))
    store.delete_run(run_id)


def cancel_all(store: RunStore) -> int:
    """Empty the queue (except runs a live Ray sweep will train); returns how many were cancelled."""
    runs = [r for r in queued_runs(store) if not held_by_ray(r)]  # a Ray sweep cancels its own
    for run in runs:
        store.delete_run(run.id)
    return len(runs)
