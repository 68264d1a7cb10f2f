"""The queue engine: the queued runs in the store, in order; reorder, cancel, survive a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from resviz.arch.presets import cifar_net
from resviz.errors import SpecError, StoreError
from resviz.runs import RunStore, open_store
from resviz.train.config import quick_config
from resviz.train.queue import (
    POSITION_KEY,
    cancel,
    cancel_all,
    enqueue_many,
    move,
    next_run,
    queued_runs,
)
from resviz.train.session import enqueue

CFG = quick_config(steps=5, train_size=256, image_size=8)


def items(*names: str) -> list:
    return [(name, cifar_net(1, width=4, image_size=8), CFG) for name in names]


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    s = open_store(tmp_path)
    yield s
    s.close()


def names(store: RunStore) -> list[str]:
    return [r.name for r in queued_runs(store)]


def test_enqueue_many_appends_in_order_with_tags(store: RunStore, tmp_path: Path) -> None:
    first = enqueue_many(tmp_path, items("a", "b"), tags=["lesson 3"])
    second = enqueue_many(tmp_path, items("c"))
    assert names(store) == ["a", "b", "c"]
    assert next_run(store) == first[0]
    assert next_run(store, skip=first) == second[0]
    assert store.get_run(first[1]).tags == ("lesson 3",)
    assert [store.get_run(i).summary[POSITION_KEY] for i in first + second] == [0.0, 1.0, 2.0]


def test_front_puts_new_runs_first_in_their_own_order(store: RunStore, tmp_path: Path) -> None:
    enqueue_many(tmp_path, items("a", "b"))
    enqueue_many(tmp_path, items("x", "y"), front=True)
    assert names(store) == ["x", "y", "a", "b"]


def test_a_bad_item_queues_nothing(store: RunStore, tmp_path: Path) -> None:
    broken = cifar_net(1, width=4, image_size=8)
    broken.stages[1].blocks[0].shortcut = "identity"  # cannot change shape
    with pytest.raises(SpecError):
        enqueue_many(tmp_path, [*items("a"), ("bad", broken, CFG)])
    assert names(store) == []


def test_runs_queued_without_a_position_keep_their_creation_order(store: RunStore, tmp_path: Path) -> None:
    old = enqueue(cifar_net(1, width=4, image_size=8), CFG, store_dir=tmp_path, name="old")
    enqueue_many(tmp_path, items("new"))
    assert names(store) == ["old", "new"]
    assert store.get_run(old).summary[POSITION_KEY] == 0.0  # renumbered with the rest


def test_move_by_delta_or_to_an_index_and_clamped(store: RunStore, tmp_path: Path) -> None:
    a, b, c, d = enqueue_many(tmp_path, items("a", "b", "c", "d"))
    assert move(store, c, -1) == 1
    assert names(store) == ["a", "c", "b", "d"]
    assert move(store, a, index=3) == 3
    assert names(store) == ["c", "b", "d", "a"]
    assert move(store, d, -10) == 0
    assert names(store) == ["d", "c", "b", "a"]
    assert move(store, b, 99) == 3
    assert names(store) == ["d", "c", "a", "b"]
    with pytest.raises(ValueError):
        move(store, b)


def test_only_queued_runs_move_or_cancel(store: RunStore, tmp_path: Path) -> None:
    a, b = enqueue_many(tmp_path, items("a", "b"))
    store.set_status(a, "finished")
    assert names(store) == ["b"]
    with pytest.raises(StoreError, match="not in the queue"):
        move(store, a, 1)
    with pytest.raises(StoreError, match="finished, not queued"):
        cancel(store, a)
    assert store.get_run(a).status == "finished"


def test_cancel_deletes_the_run_and_cancel_all_empties_the_queue(store: RunStore, tmp_path: Path) -> None:
    a, b, c = enqueue_many(tmp_path, items("a", "b", "c"))
    cancel(store, b)
    assert names(store) == ["a", "c"]
    with pytest.raises(StoreError):
        store.get_run(b)
    assert cancel_all(store) == 2
    assert names(store) == [] and next_run(store) is None


def test_the_queue_is_in_the_store_so_it_survives_a_restart(tmp_path: Path) -> None:
    ids = enqueue_many(tmp_path, items("a", "b", "c"))
    s1 = open_store(tmp_path)
    move(s1, ids[2], index=0)
    s1.close()
    s2 = open_store(tmp_path)  # a new process would open it the same way
    try:
        assert names(s2) == ["c", "a", "b"]
    finally:
        s2.close()
