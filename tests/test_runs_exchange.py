"""Export to CSV and JSON, and import into another store, NaN losses and all."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from resviz.errors import StoreError
from resviz.runs import RunStore, export_csv, export_json, import_json, open_store, run_to_dict

NAMES = ["conv1", "layer1.0.conv1", "layer1.0.conv2", "fc"]


def _strict_load(text: str) -> Any:
    def refuse(token: str) -> None:
        raise AssertionError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=refuse)


def _rich_run(store: RunStore) -> int:
    run_id = store.create_run(
        "plain-56 diverges", spec={"stages": [9, 9, 9], "block": "plain"},
        config={"lr": 0.1, "epochs": 2, "grad_clip": math.inf}, dataset="cifar10", device="cpu",
        tags=["shared", "class"], notes="ñ unicode ✓",
        summary={"arch": "plain", "depth": 56, "residual": False, "final_train_loss": math.nan},
    )
    store.set_status(run_id, "diverged", "loss became NaN at step 3")
    for step, loss in enumerate([2.3, 1.9, math.inf, math.nan]):
        store.log_metrics(run_id, step, {"train/loss": loss, "lr": 0.1}, wall_time=1000.0 + step)
    store.log_metrics(run_id, 1, {"val/acc": 0.31}, wall_time=999.5)  # an earlier row wins
    store.set_layer_names(run_id, NAMES)
    store.set_layer_names(run_id, ["block0"], kind="shortcut_grad")
    for step in range(4):
        store.log_vectors(run_id, step, "grad_norm", np.arange(4, dtype=np.float32) * step + 0.1)
        store.log_vectors(run_id, step, "shortcut_grad", [np.nan if step == 3 else step / 3])
    store.add_gradcam(run_id, step=2, epoch=0, layer="layer1.0", class_mode="true",
                      arrays={"heatmaps": np.linspace(0, 1, 18, dtype=np.float32).reshape(2, 3, 3),
                              "labels": np.array([1, 7])})
    return run_id


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_csv_export_is_wide_with_blank_cells_for_unlogged_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        run_id = _rich_run(store)
        written = export_csv(store, run_id, tmp_path / "out")
    assert {p.name for p in written} == {"run.json", "metrics.csv", "grad_norms.csv",
                                         "vectors_shortcut_grad.csv"}
    metrics = _read_csv(tmp_path / "out" / "metrics.csv")
    assert metrics[0] == ["step", "wall_time", "lr", "train/loss", "val/acc"]
    assert metrics[1] == ["0", "1000.0", "0.1", "2.3", ""]
    assert metrics[2] == ["1", "999.5", "0.1", "1.9", "0.31"]  # a step's first wall time
    assert metrics[3][3] == "inf" and metrics[4][3] == "nan" and len(metrics) == 5
    grads = _read_csv(tmp_path / "out" / "grad_norms.csv")
    assert grads[0] == ["step", *NAMES]
    assert len(grads) == 5
    np.testing.assert_allclose([float(v) for v in grads[3][1:]],
                               np.arange(4, dtype=np.float32) * 2 + np.float32(0.1))
    assert _read_csv(tmp_path / "out" / "vectors_shortcut_grad.csv")[0] == ["step", "block0"]
    meta = _strict_load((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert meta["name"] == "plain-56 diverges" and meta["status"] == "diverged"
    assert meta["summary"]["final_train_loss"] == "NaN"
    assert meta["tags"] == ["class", "shared"] and meta["notes"] == "ñ unicode ✓"
    assert meta["spec"] == {"stages": [9, 9, 9], "block": "plain"}
    assert meta["config"]["grad_clip"] == "Infinity"


def test_json_export_imports_into_another_store_whole(tmp_path: Path) -> None:
    with open_store(tmp_path / "teacher") as teacher:
        source = _rich_run(teacher)
        original = teacher.get_run(source)
        path = export_json(teacher, source, tmp_path / "share" / "run.json")
        expected_metrics = teacher.all_metrics(source)
        expected_table = teacher.metric_table(source)
        expected_grads = teacher.vector_series(source, "grad_norm")
        expected_shortcut = teacher.vector_series(source, "shortcut_grad")
    _strict_load(path.read_text(encoding="utf-8"))  # strict JSON: NaN written as "NaN"

    with open_store(tmp_path / "student") as student:
        student.create_run("already here")
        new_id = import_json(student, path)
        info = student.get_run(new_id)
        for field in ("name", "status", "status_message", "created_at", "started_at",
                      "ended_at", "spec", "config", "dataset", "device", "tags", "notes"):
            assert getattr(info, field) == getattr(original, field), field
        assert info.summary.keys() == original.summary.keys()
        assert math.isnan(info.summary["final_train_loss"])
        assert [r.id for r in student.list_runs(residual=False, depth=56)] == [new_id]
        got = student.all_metrics(new_id)
        assert got.keys() == expected_metrics.keys()
        for key, (steps, values) in expected_metrics.items():
            np.testing.assert_array_equal(got[key][0], steps)
            np.testing.assert_array_equal(got[key][1], values)  # NaN == NaN here
        np.testing.assert_array_equal(student.metric_table(new_id).wall_times,
                                      expected_table.wall_times)
        for kind, (steps, matrix) in (("grad_norm", expected_grads),
                                      ("shortcut_grad", expected_shortcut)):
            got_steps, got_matrix = student.vector_series(new_id, kind)
            np.testing.assert_array_equal(got_steps, steps)
            np.testing.assert_array_equal(got_matrix, matrix)  # float32 exactly
        assert student.layer_names(new_id) == NAMES
        assert student.layer_names(new_id, "shortcut_grad") == ["block0"]
        (snap,) = student.gradcam_snapshots(new_id)
        assert (snap.step, snap.layer, snap.class_mode) == (2, "layer1.0", "true")
        arrays = student.load_gradcam(snap.id)
        np.testing.assert_array_equal(arrays["labels"], [1, 7])
        assert arrays["heatmaps"].dtype == np.float32 and arrays["heatmaps"].shape == (2, 3, 3)


def _exported(tmp_path: Path, status: str) -> Path:
    """A run with this status, exported as JSON from a store of its own."""
    with open_store(tmp_path / "a") as store:
        run_id = store.create_run(status)
        store.set_status(run_id, status)
        return export_json(store, run_id, tmp_path / f"{status}.json")


def test_a_run_exported_while_running_comes_in_interrupted(tmp_path: Path) -> None:
    path = _exported(tmp_path, "running")
    with open_store(tmp_path / "b") as other:
        info = other.get_run(import_json(other, path))
        assert info.status == "interrupted" and "Exported while running" in info.status_message
        assert info.pid is None


def _gradcam_pickle(data: dict[str, Any]) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, evil=np.array([{"a": 1}], dtype=object))  # needs pickle to load
    data["gradcam"][0]["npz_base64"] = base64.b64encode(buffer.getvalue()).decode()


BROKEN: dict[str, Callable[[dict[str, Any]], object]] = {
    "wrong format": lambda d: d.update(format="something.else"),
    "newer version": lambda d: d.update(version=99),
    "no name": lambda d: d["run"].pop("name"),
    "bad status": lambda d: d["run"].update(status="exploded"),
    "tags not text": lambda d: d["run"].update(tags=[1, 2]),
    "spec not object": lambda d: d["run"].update(spec=[1]),
    "summary type": lambda d: d["run"]["summary"].update(residual="yes"),
    "metric lengths": lambda d: d["metrics"]["lr"]["values"].pop(),
    "metric text": lambda d: d["metrics"]["lr"]["values"].__setitem__(0, "abc"),
    "float step": lambda d: d["metrics"]["lr"]["steps"].__setitem__(0, 0.5),
    "ragged vectors": lambda d: d["vectors"]["grad_norm"]["values"][1].pop(),
    "vector steps": lambda d: d["vectors"]["grad_norm"]["steps"].pop(),
    "bad base64": lambda d: d["gradcam"][0].update(npz_base64="@@@"),
    "pickled gradcam": _gradcam_pickle,
}


@pytest.mark.parametrize("breakage", list(BROKEN), ids=list(BROKEN))
def test_a_malformed_export_is_refused_and_adds_nothing(tmp_path: Path, breakage: str) -> None:
    with open_store(tmp_path / "a") as store:
        good = run_to_dict(store, _rich_run(store))
    data = copy.deepcopy(good)
    BROKEN[breakage](data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with open_store(tmp_path / "b") as other:
        with pytest.raises(StoreError, match="is not a valid resviz run export") as caught:
            import_json(other, path)
        assert "export the run again" in caught.value.hint
        assert other.list_runs() == []  # all or nothing
        # The intact document does import, so each failure above is the breakage's doing.
        path.write_text(json.dumps(good), encoding="utf-8")
        import_json(other, path)
        assert len(other.list_runs()) == 1


def test_files_that_are_not_exports_are_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        for name, content in (("truncated.json", '{"format": "resviz.run", "vers'),
                              ("list.json", "[1, 2]")):
            (tmp_path / name).write_text(content)
            with pytest.raises(StoreError, match="not a valid resviz run export"):
                import_json(store, tmp_path / name)
        with pytest.raises(StoreError, match="Cannot read"):
            import_json(store, tmp_path / "missing.json")
        with pytest.raises(StoreError, match="No run #5"):
            export_json(store, 5, tmp_path / "x.json")
        assert not (tmp_path / "x.json").exists()


def test_an_imported_run_says_why_it_cannot_be_analysed(tmp_path: Path) -> None:
    """Its trained weights stay behind: the advice to 'train it until the end of an epoch' was wrong."""
    from resviz.errors import TrainingError
    from resviz.train.checkpoint import last_checkpoint

    path = _exported(tmp_path, "finished")
    with open_store(tmp_path / "b") as other:
        info = other.get_run(import_json(other, path))
        with pytest.raises(TrainingError) as err:
            last_checkpoint(other, info)
        assert "no trained weights in this store" in str(err.value) and "store it trained in" in err.value.hint
        queued = other.get_run(other.create_run("waiting"))
        with pytest.raises(TrainingError, match="no checkpoint yet"):
            last_checkpoint(other, queued)
