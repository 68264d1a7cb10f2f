"""Run store: every field round-trips, queries filter, files go with their run."""

from __future__ import annotations

import io
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from resviz.errors import StoreError
from resviz.runs import RunStore, default_store_dir, open_store
from resviz.runs.store import STORE_ENV


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    with open_store(tmp_path / "store") as s:
        yield s


SPEC = {"format": "resviz.network", "version": 1, "stages": [{"blocks": 9, "width": 16}]}
CONFIG = {"lr": 0.1, "batch_size": 128, "epochs": 3, "nested": {"milestones": [1, 2]}}


def _full_run(store: RunStore) -> int:
    run_id = store.create_run(
        "resnet-56 vs plain",
        spec=SPEC,
        config=CONFIG,
        dataset="cifar10",
        device="cuda:0",
        tags=["paper", " baseline ", "paper", ""],
        notes="first try\nsecond line",
        summary={"arch": "resnet", "depth": 56, "residual": True},
    )
    store.set_status(run_id, "running")
    store.update_summary(
        run_id, params=np.int64(855_770), final_train_loss=0.25, best_val_acc=0.93, wall_time=61.5
    )
    store.set_checkpoint(run_id, store.checkpoint_path(run_id, "last"), step=700, epoch=3)
    store.set_status(run_id, "diverged", "loss became NaN at step 812")
    return run_id


def test_every_field_round_trips_through_a_reopened_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as first:
        run_id = _full_run(first)
        written = first.get_run(run_id)
    with open_store(tmp_path / "store") as second:
        info = second.get_run(run_id)
        assert second.list_runs() == [info]
    assert info == written
    assert info.name == "resnet-56 vs plain"
    assert (info.spec, info.config) == (SPEC, CONFIG)
    assert (info.dataset, info.device) == ("cifar10", "cuda:0")
    assert info.tags == ("baseline", "paper")  # stripped, deduplicated, sorted, blanks dropped
    assert info.notes == "first try\nsecond line"
    assert info.summary == {
        "arch": "resnet", "depth": 56, "residual": True, "params": 855_770,
        "final_train_loss": 0.25, "best_val_acc": 0.93, "wall_time": 61.5,
    }
    assert (info.arch, info.depth, info.residual, info.params) == ("resnet", 56, True, 855_770)
    assert (info.final_train_loss, info.best_val_acc, info.wall_time) == (0.25, 0.93, 61.5)
    assert info.status == "diverged"
    assert info.status_message == "loss became NaN at step 812"
    assert info.started_at is not None and info.ended_at is not None
    assert info.created_at <= info.started_at <= info.ended_at
    assert info.checkpoint_path == tmp_path / "store" / "runs" / str(run_id) / "checkpoint-last.pt"
    assert (info.checkpoint_step, info.checkpoint_epoch) == (700, 3)
    assert info.heartbeat is not None and info.pid is not None


def test_status_sets_owner_and_times(store: RunStore) -> None:
    run_id = store.create_run("r")
    info = store.get_run(run_id)
    assert (info.status, info.started_at, info.ended_at, info.pid) == ("queued", None, None, None)
    store.set_status(run_id, "running")
    running = store.get_run(run_id)
    assert running.pid is not None and running.started_at is not None and running.ended_at is None
    store.set_status(run_id, "finished")
    assert store.get_run(run_id).ended_at is not None
    with pytest.raises(ValueError, match="unknown run status"):
        store.set_status(run_id, "exploded")


def test_list_filters_and_order(store: RunStore) -> None:
    plain = store.create_run("plain-20", dataset="cifar10", tags=["a"],
                             summary={"arch": "plain", "depth": 20, "residual": False})
    res20 = store.create_run("ResNet-20", dataset="cifar10", tags=["a", "b"],
                             summary={"arch": "resnet", "depth": 20, "residual": True})
    res56 = store.create_run("resnet-56", dataset="mnist",
                             summary={"arch": "resnet", "depth": 56, "residual": True})
    store.set_status(res56, "finished")

    def ids(**filters: object) -> list[int]:
        return [run.id for run in store.list_runs(**filters)]  # type: ignore[arg-type]

    assert ids() == [res56, res20, plain]
    assert ids(newest_first=False) == [plain, res20, res56]
    assert ids(limit=1) == [res56]
    assert ids(residual=True) == [res56, res20]
    assert ids(residual=False) == [plain]
    assert ids(depth=20, residual=True) == [res20]
    assert ids(arch="plain") == [plain]
    assert ids(tag="a") == [res20, plain]
    assert ids(tag="b") == [res20]
    assert ids(dataset="mnist") == [res56]
    assert ids(status="finished") == [res56]
    assert ids(status=["queued", "finished"]) == [res56, res20, plain]
    assert ids(name_contains="resnet") == [res56, res20]  # case-insensitive
    # Changing the summary moves the run between indexed filters.
    store.update_summary(plain, residual=True)
    assert ids(residual=False) == []
    store.update_summary(plain, residual=None)  # None removes the field
    assert "residual" not in store.get_run(plain).summary
    assert ids(residual=True) == [res56, res20]


def test_edits_and_their_errors(store: RunStore) -> None:
    run_id = store.create_run("old")
    store.rename_run(run_id, "  new  ")
    store.set_notes(run_id, "notes")
    store.set_tags(run_id, ["x", "y"])
    store.set_tags(run_id, ["z"])  # replaces, not adds
    info = store.get_run(run_id)
    assert (info.name, info.notes, info.tags) == ("new", "notes", ("z",))
    with pytest.raises(StoreError, match="needs a name"):
        store.rename_run(run_id, "   ")
    for call in (lambda: store.get_run(999), lambda: store.rename_run(999, "x"),
                 lambda: store.set_status(999, "finished"), lambda: store.set_tags(999, ["a"]),
                 lambda: store.update_summary(999, depth=3)):
        with pytest.raises(StoreError, match="No run #999") as caught:
            call()
        assert caught.value.hint
    with pytest.raises(TypeError, match="bool"):
        store.update_summary(run_id, residual="yes")
    with pytest.raises(TypeError):
        store.set_tags(run_id, "abc")  # a string is not a list of tags
    assert store.get_run(run_id).summary == {}


def test_metric_series_keep_nan_inf_and_replace_repeated_steps(store: RunStore) -> None:
    run_id = store.create_run("r")
    store.log_metrics(run_id, 0, {"train/loss": 2.0, "lr": 0.1}, wall_time=100.0)
    store.log_metrics(run_id, 1, {"train/loss": float("inf")}, wall_time=101.0)
    store.log_metrics(run_id, 2, {"train/loss": float("nan")}, wall_time=102.0)
    store.log_metrics(run_id, 0, {"train/loss": 1.5}, wall_time=103.0)  # a resumed run re-logs
    steps, values = store.metric_series(run_id, "train/loss")
    assert steps.dtype == np.int64 and values.dtype == np.float64
    np.testing.assert_array_equal(steps, [0, 1, 2])
    np.testing.assert_array_equal(values, [1.5, np.inf, np.nan])
    later_steps, later_values = store.metric_series(run_id, "train/loss", after_step=0)
    np.testing.assert_array_equal(later_steps, [1, 2])
    assert store.metric_keys(run_id) == ["lr", "train/loss"]
    every = store.all_metrics(run_id)
    assert list(every) == ["lr", "train/loss"]
    np.testing.assert_array_equal(every["lr"][1], [0.1])
    np.testing.assert_array_equal(every["train/loss"][1], [1.5, np.inf, np.nan])
    table = store.metric_table(run_id)
    np.testing.assert_array_equal(table.series("train/loss")[0], [0, 1, 2])
    np.testing.assert_array_equal(table.wall_times[table.key_index == 1], [103.0, 101.0, 102.0])
    empty_steps, empty_values = store.metric_series(run_id, "val/acc")
    assert empty_steps.shape == empty_values.shape == (0,)
    assert store.metric_keys(store.create_run("other")) == []


def test_vector_series_and_layer_names(store: RunStore) -> None:
    run_id = store.create_run("r")
    store.set_layer_names(run_id, ["conv1", "layer1.0", "fc"])
    store.set_layer_names(run_id, ["block0", "block1"], kind="residual_ratio")
    assert store.layer_names(run_id, "grad_norm") == ["conv1", "layer1.0", "fc"]
    assert store.layer_names(run_id, "residual_ratio") == ["block0", "block1"]
    empty_steps, empty = store.vector_series(run_id, "grad_norm")
    assert empty_steps.shape == (0,) and empty.shape == (0, 3)
    rng = np.random.default_rng(0)
    rows = rng.random((5, 3)).astype(np.float32)
    for step, row in enumerate(rows):
        store.log_vectors(run_id, step * 10, "grad_norm", row)
    store.log_vectors(run_id, 0, "residual_ratio", [np.nan, 1e-30])
    steps, matrix = store.vector_series(run_id, "grad_norm")
    np.testing.assert_array_equal(steps, [0, 10, 20, 30, 40])
    assert matrix.dtype == np.float32 and matrix.flags.writeable
    np.testing.assert_array_equal(matrix, rows)  # float32 is stored exactly
    np.testing.assert_array_equal(store.vector_series(run_id, "grad_norm", after_step=20)[0],
                                  [30, 40])
    np.testing.assert_array_equal(store.vector_series(run_id, "residual_ratio")[1],
                                  np.array([[np.nan, 1e-30]], np.float32))
    assert store.vector_kinds(run_id) == ["grad_norm", "residual_ratio"]
    store.log_vectors(run_id, 50, "grad_norm", [1.0])  # a buggy logger: a shorter vector
    with pytest.raises(StoreError, match="same length"):
        store.vector_series(run_id, "grad_norm")


def test_gradcam_round_trip_never_unpickles(store: RunStore) -> None:
    run_id = store.create_run("r")
    arrays: dict[str, np.ndarray] = {
        "heatmaps": np.random.default_rng(1).random((4, 8, 8)).astype(np.float32),
        "images": np.arange(4 * 3 * 8 * 8, dtype=np.uint8).reshape(4, 3, 8, 8),
        "labels": np.array([3, 1, 4, 1]),
    }
    first = store.add_gradcam(run_id, step=100, epoch=1, layer="layer3.8", class_mode="true",
                              arrays=arrays)
    second = store.add_gradcam(run_id, step=50, epoch=0, layer="layer2", class_mode="predicted",
                               arrays={"heatmaps": arrays["heatmaps"][:1]})
    snaps = store.gradcam_snapshots(run_id)
    assert [s.id for s in snaps] == [second, first]  # by step
    assert (snaps[1].step, snaps[1].epoch, snaps[1].layer, snaps[1].class_mode) == (
        100, 1, "layer3.8", "true")
    assert snaps[1].nbytes > 0
    loaded = store.load_gradcam(first)
    assert loaded.keys() == arrays.keys()
    for name, array in arrays.items():
        np.testing.assert_array_equal(loaded[name], array)
        assert loaded[name].dtype == array.dtype
    with pytest.raises(ValueError, match="object"):
        store.add_gradcam(run_id, step=1, epoch=0, layer="x", class_mode="true",
                          arrays={"bad": np.array([{"a": 1}], dtype=object)})
    # A pickled object smuggled into the table is refused on load, not unpickled.
    buffer = io.BytesIO()
    np.savez(buffer, evil=np.array([{"a": 1}], dtype=object))
    store._execute("UPDATE gradcam SET data = ? WHERE id = ?", (buffer.getvalue(), second))
    with pytest.raises(StoreError, match="damaged"):
        store.load_gradcam(second)
    with pytest.raises(StoreError, match="No Grad-CAM snapshot #777"):
        store.load_gradcam(777)


def _count(db: Path, table: str, run_id: int) -> int:
    with sqlite3.connect(db) as conn:
        column = "id" if table == "runs" else "run_id"
        return int(conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                                (run_id,)).fetchone()[0])


TABLES = ("runs", "run_tags", "metrics", "vectors", "vector_names", "gradcam")


def test_delete_removes_rows_and_files(store: RunStore) -> None:
    keep = store.create_run("keep", tags=["t"])
    store.log_metrics(keep, 0, {"loss": 1.0})
    store.checkpoint_path(keep, "last").write_bytes(b"keep")
    doomed = store.create_run("doomed", tags=["t"])
    store.log_metrics(doomed, 0, {"loss": 1.0})
    store.set_layer_names(doomed, ["a"])
    store.log_vectors(doomed, 0, "grad_norm", [1.0])
    store.add_gradcam(doomed, step=0, epoch=0, layer="a", class_mode="true",
                      arrays={"h": np.zeros(2)})
    checkpoint = store.checkpoint_path(doomed, "epoch-1")
    checkpoint.write_bytes(b"weights")
    (store.run_dir(doomed) / "extra" ).mkdir()
    assert all(_count(store.db_path, table, doomed) == 1 for table in TABLES)

    store.delete_run(doomed)

    assert not store.run_dir(doomed).exists()
    assert all(_count(store.db_path, table, doomed) == 0 for table in TABLES)
    with pytest.raises(StoreError):
        store.get_run(doomed)
    assert [run.id for run in store.list_runs()] == [keep]
    assert store.checkpoint_path(keep, "last").read_bytes() == b"keep"
    assert store.metric_series(keep, "loss")[1].tolist() == [1.0]
    assert store.create_run("next") > doomed  # ids are never reused for a deleted run's folder


def test_running_run_cannot_be_deleted(store: RunStore) -> None:
    run_id = store.create_run("busy")
    store.set_status(run_id, "running")  # owned by this (live) process
    with pytest.raises(StoreError, match="still running") as caught:
        store.delete_run(run_id)
    assert "stop it" in caught.value.hint
    store.set_status(run_id, "stopped")
    store.delete_run(run_id)


def test_checkpoints_follow_a_moved_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as store:
        run_id = store.create_run("r")
        path = store.checkpoint_path(run_id, "last")
        assert path.parent.is_dir()
        path.write_bytes(b"w")
        store.set_checkpoint(run_id, path, step=5, epoch=1)
        outside = tmp_path / "elsewhere.pt"
        other = store.create_run("o")
        store.set_checkpoint(other, outside, step=1, epoch=0)
        with pytest.raises(ValueError, match="tag"):
            store.checkpoint_path(run_id, "../escape")
    (tmp_path / "a").rename(tmp_path / "b")
    with open_store(tmp_path / "b") as moved:
        found = moved.get_run(run_id).checkpoint_path
        assert found is not None and found.read_bytes() == b"w"
        assert moved.get_run(other).checkpoint_path == outside


def test_default_store_dir_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env-store"))
    assert default_store_dir() == tmp_path / "env-store"
    with open_store() as store:
        assert store.db_path == tmp_path / "env-store" / "runs.sqlite"
        assert store.db_path.exists() and (tmp_path / "env-store" / "runs").is_dir()
    with open_store(tmp_path / "explicit") as store:  # an explicit folder wins over the variable
        assert store.dir == tmp_path / "explicit"
    monkeypatch.delenv(STORE_ENV)
    assert default_store_dir().parts[-2:] == ("resviz", "store")


def test_a_store_belongs_to_the_thread_that_opened_it(store: RunStore) -> None:
    errors: list[BaseException] = []

    def use() -> None:
        try:
            store.list_runs()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert len(errors) == 1 and isinstance(errors[0], sqlite3.ProgrammingError)
