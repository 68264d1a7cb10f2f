"""TensorBoard export: read the event file back (TFRecord framing + Event protos) and check it."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import pytest

from resviz.runs import RunStore, open_store
from resviz.runs.tensorboard import EVENT_GLOB, export_tensorboard, run_folder_name

event_pb2 = pytest.importorskip("tensorboardX.proto.event_pb2")


def read_events(path: Path) -> list:
    """Parse TFRecords: uint64 length, uint32 crc of length, data, uint32 crc of data."""
    data = path.read_bytes()
    events, pos = [], 0
    while pos < len(data):
        (length,) = struct.unpack_from("<Q", data, pos)
        pos += 12
        event = event_pb2.Event()
        event.ParseFromString(data[pos:pos + length])
        events.append(event)
        pos += length + 4
    assert pos == len(data)
    return events


def scalars(events: list) -> dict[str, list[tuple[int, float]]]:
    out: dict[str, list[tuple[int, float]]] = {}
    for e in events:
        for v in e.summary.value:
            if v.HasField("simple_value"):
                out.setdefault(v.tag, []).append((e.step, v.simple_value))
    return out


@pytest.fixture()
def store(tmp_path: Path) -> RunStore:
    s = open_store(tmp_path / "store")
    yield s
    s.close()


def make_run(store: RunStore) -> int:
    run_id = store.create_run("plain 56 / seed 1", spec={"name": "plain56"}, config={"lr": 0.1, "steps": 30},
                              summary={"arch": "plain56", "depth": 56, "residual": False})
    for step in (10, 20, 30):
        store.log_metrics(run_id, step, {"train/loss": 2.5 - step / 100, "train/acc": step / 100, "lr": 0.1},
                          wall_time=1000.0 + step)
    store.log_metrics(run_id, 30, {"val/loss": 2.0, "val/acc": 0.25})
    store.set_layer_names(run_id, ["conv1", "layer1.0.conv1", "fc"], kind="grad_norm")
    store.set_layer_names(run_id, ["layer1.0"], kind="shortcut_grad")
    for step, scale in ((1, 1.0), (11, 0.5)):
        store.log_vectors(run_id, step, "grad_norm", [0.1 * scale, 0.2 * scale, 0.3 * scale])
        store.log_vectors(run_id, step, "shortcut_grad", [math.nan])  # a plain block has none
    store.set_status(run_id, "finished")
    return run_id


def test_scalars_gradients_and_text_come_back(store: RunStore, tmp_path: Path) -> None:
    run_id = make_run(store)
    folder = export_tensorboard(store, run_id, tmp_path / "logs")
    assert folder == tmp_path / "logs" / run_folder_name(run_id, "plain 56 / seed 1")
    assert folder.name == f"run-{run_id}-plain-56-seed-1"
    (event_file,) = folder.glob(EVENT_GLOB)
    events = read_events(event_file)
    got = scalars(events)
    assert got["train/loss"] == [(10, pytest.approx(2.4)), (20, pytest.approx(2.3)), (30, pytest.approx(2.2))]
    assert got["val/acc"] == [(30, pytest.approx(0.25))]
    assert [s for s, _ in got["lr"]] == [10, 20, 30]
    assert got["grad_norm/conv1"] == [(1, pytest.approx(0.1)), (11, pytest.approx(0.05))]
    assert got["grad_norm/fc"] == [(1, pytest.approx(0.3)), (11, pytest.approx(0.15))]
    assert not any(tag.startswith("shortcut_grad") for tag in got)  # NaN entries are left out
    loss_walls = [e.wall_time for e in events if any(v.tag == "train/loss" for v in e.summary.value)]
    assert loss_walls == [pytest.approx(1010.0), pytest.approx(1020.0), pytest.approx(1030.0)]
    texts = {v.tag: v.tensor.string_val[0].decode() for e in events for v in e.summary.value
             if v.tag.startswith("run/")}
    assert set(texts) >= {"run/spec/text_summary", "run/config/text_summary", "run/summary/text_summary"}
    assert '"plain56"' in texts["run/spec/text_summary"]
    assert '"lr": 0.1' in texts["run/config/text_summary"]


def test_exporting_again_replaces_the_file(store: RunStore, tmp_path: Path) -> None:
    run_id = make_run(store)
    export_tensorboard(store, run_id, tmp_path / "logs")
    folder = export_tensorboard(store, run_id, tmp_path / "logs")
    files = list(folder.glob(EVENT_GLOB))
    assert len(files) == 1
    assert len(scalars(read_events(files[0]))["train/loss"]) == 3


def test_unknown_run_is_a_clear_error(store: RunStore, tmp_path: Path) -> None:
    from resviz.errors import StoreError

    with pytest.raises(StoreError, match="No run #99"):
        export_tensorboard(store, 99, tmp_path / "logs")
