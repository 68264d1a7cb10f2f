"""Running a lesson headless: reuse the matching finished runs in the store, train the others,
then draw the conclusion from what the store holds. The app queues the same plan instead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resviz.arch.revision import stale_forward
from resviz.arch.spec import to_dict
from resviz.lessons.catalog import Lesson
from resviz.lessons.experiments import PlannedRun, Setting
from resviz.runs import RunInfo, RunStore, open_store
from resviz.train.events import Callback, TrainControl

LESSON_TAG = "lesson"


def lesson_tags(lesson: Lesson) -> list[str]:
    return [LESSON_TAG, f"lesson {lesson.number}"]


def _spec_key(spec: dict[str, Any]) -> dict[str, Any]:
    # The stored spec is fitted to the data's image size and classes: compare everything else.
    return {k: v for k, v in spec.items() if k != "input"}


def _config_key(config: dict[str, Any]) -> dict[str, Any]:
    # 'auto' and the device it resolved to train the same run.
    return {k: v for k, v in config.items() if k != "device"}


def matches(info: RunInfo, run: PlannedRun) -> bool:
    """A finished run trained with exactly this spec and setting, by a network that computes
    as today's does."""
    return (info.status == "finished" and _spec_key(info.spec) == _spec_key(to_dict(run.spec))
            and _config_key(info.config) == _config_key(run.config.to_dict())
            and not stale_forward(info.spec, info.summary.get("forward")))


def find_reusable(store: RunStore, run: PlannedRun) -> int | None:
    """The newest finished run in the store that matches ``run``, or None."""
    for info in store.list_runs(status="finished", arch=run.spec.name):
        if matches(info, run):
            return info.id
    return None


def reusable_ids(store: RunStore, plan: Sequence[PlannedRun]) -> dict[str, int]:
    """Run key → id of a matching finished run, for the runs of ``plan`` that have one."""
    out = {}
    for run in plan:
        found = find_reusable(store, run)
        if found is not None:
            out[run.key] = found
    return out


def conclusion(lesson: Lesson, store_dir: str | Path | None, ids: dict[str, int]) -> str:
    with open_store(store_dir) as store:
        return lesson.conclude(store, ids)


@dataclass(frozen=True)
class LessonResult:
    ids: dict[str, int]
    """Run key → run id, in the plan's order."""
    reused: list[int]
    conclusion: str
    complete: bool
    """False when a run it trained did not finish (stopped, diverged or failed)."""


def run_lesson(lesson: Lesson, setting: Setting, *, store_dir: str | Path | None = None,
               callbacks: Callable[[PlannedRun], Sequence[Callback]] = lambda _run: (),
               control: TrainControl | None = None, reuse: bool = True) -> LessonResult:
    """Train what the store does not hold yet, one run after another, then conclude."""
    from resviz.train.session import load_data, train

    plan = lesson.plan(setting)
    with open_store(store_dir) as store:
        found = reusable_ids(store, plan) if reuse else {}
    control = control or TrainControl()
    ids: dict[str, int] = {}
    data = None
    complete = True
    for run in plan:
        if run.key in found:
            ids[run.key] = found[run.key]
            continue
        if control.stop_requested:
            complete = False
            break
        data = data or load_data(run.config)  # every run sees the same images in the same order
        outcome = train(run.spec, run.config, store_dir=store_dir, name=run.name, callbacks=callbacks(run),
                        control=control, data=data, tags=lesson_tags(lesson))
        ids[run.key] = outcome.run_id
        complete = complete and outcome.end.status == "finished"
    ordered = {run.key: ids[run.key] for run in plan if run.key in ids}
    text = conclusion(lesson, store_dir, ordered) if len(ordered) == len(plan) else ""
    return LessonResult(ordered, [i for k, i in ordered.items() if k in found], text, complete)
