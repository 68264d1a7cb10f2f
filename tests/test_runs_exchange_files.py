"""Export/import carries a run's analyses and its initial weights; a doctored weights file is refused."""

from __future__ import annotations

import base64
import io
import json
import math
import pickle
from pathlib import Path

import pytest
import torch

from resviz.errors import StoreError
from resviz.runs import export_json, import_json, open_store
from resviz.runs.files import analysis_file, initial_weights_file


def _run_with_files(store_dir: Path) -> tuple[int, bytes]:
    with open_store(store_dir) as store:
        run_id = store.create_run("resnet20", spec={}, config={})
        folder = store.run_dir(run_id)
        folder.mkdir(parents=True)
        weights = initial_weights_file(store, run_id)
        torch.save({"model": {"conv1.weight": torch.arange(6.0).view(2, 3)}, "step": 0, "spec_json": "{}"}, weights)
        # A loss that overflowed far from the trained weights must survive strict JSON.
        analysis_file(store, run_id, "line").write_text(json.dumps(
            {"alphas": [0.0, 1.0, 2.0], "loss": [2.3, 0.5, math.inf], "accuracy": [0.1, 0.8, 0.1], "images": 3}))
        analysis_file(store, run_id, "lesion").write_text('{"base_accuracy": 0.5, "blocks": []}')
        return run_id, weights.read_bytes()


def test_analyses_and_initial_weights_travel_with_the_run(tmp_path: Path) -> None:
    run_id, raw = _run_with_files(tmp_path / "a")
    with open_store(tmp_path / "a") as store:
        path = export_json(store, run_id, tmp_path / "run.json")
    with open_store(tmp_path / "b") as other:
        other.create_run("someone else's", spec={}, config={})  # the import gets another id
        new_id = import_json(other, path)
        assert new_id != run_id
        assert initial_weights_file(other, new_id).read_bytes() == raw
        line = json.loads(analysis_file(other, new_id, "line").read_text())
        assert line["loss"] == [2.3, 0.5, math.inf]
        assert json.loads(analysis_file(other, new_id, "lesion").read_text())["base_accuracy"] == 0.5
        assert not analysis_file(other, new_id, "shatter").exists()  # none was made


@pytest.mark.parametrize(("key", "what"), [("initial_weights_base64", "initial"), ("trained_weights_base64", "trained")])
def test_a_pickle_in_place_of_the_weights_is_refused_and_adds_nothing(tmp_path: Path, key: str, what: str) -> None:
    run_id, _raw = _with_checkpoint(tmp_path / "a")
    with open_store(tmp_path / "a") as store:
        path = export_json(store, run_id, tmp_path / "run.json", weights=True)
    data = json.loads(path.read_text())
    buffer = io.BytesIO()
    pickle.dump({"model": print}, buffer, protocol=2)  # loading this with weights_only=False would import a callable
    data[key] = base64.b64encode(buffer.getvalue()).decode()
    path.write_text(json.dumps(data))
    with open_store(tmp_path / "b") as other:
        with pytest.raises(StoreError, match=f"{what} weights are damaged"):
            import_json(other, path)
        assert other.list_runs() == [] and not (other.runs_root / "1").exists()


def _with_checkpoint(store_dir: Path) -> tuple[int, bytes]:
    from resviz.train.checkpoint import save_checkpoint

    run_id, _raw = _run_with_files(store_dir)
    with open_store(store_dir) as store:
        ckpt = store.checkpoint_path(run_id, "last")
        save_checkpoint(ckpt, {"model": {"conv1.weight": torch.ones(2, 3)}, "step": 40, "epoch": 2, "spec_json": "{}"})
        store.set_checkpoint(run_id, ckpt, 40, 2)
        store.set_status(run_id, "finished")
        return run_id, ckpt.read_bytes()


def test_trained_weights_travel_only_when_asked_for(tmp_path: Path) -> None:
    from resviz.errors import TrainingError
    from resviz.train.checkpoint import last_checkpoint, load_checkpoint

    run_id, raw = _with_checkpoint(tmp_path / "a")
    with open_store(tmp_path / "a") as store:
        bare = export_json(store, run_id, tmp_path / "bare.json")
        full = export_json(store, run_id, tmp_path / "full.json", weights=True)
    assert "trained_weights_base64" not in json.loads(bare.read_text())
    with open_store(tmp_path / "b") as other:
        without = import_json(other, bare)
        with pytest.raises(TrainingError, match="--weights"):  # says how to bring them
            last_checkpoint(other, other.get_run(without))
        with_them = import_json(other, full)
        info = other.get_run(with_them)
        assert (info.checkpoint_step, info.checkpoint_epoch) == (40, 2)
        path = last_checkpoint(other, info)
        assert path.read_bytes() == raw and path.parent == other.run_dir(with_them)
        assert torch.equal(load_checkpoint(path)["model"]["conv1.weight"], torch.ones(2, 3))


def test_an_import_stopped_after_its_files_were_written_leaves_none_for_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_id, _raw = _with_checkpoint(tmp_path / "a")
    with open_store(tmp_path / "a") as store:
        path = export_json(store, run_id, tmp_path / "run.json", weights=True)
    with open_store(tmp_path / "b") as other:
        def interrupted(*_args: object) -> None:
            raise KeyboardInterrupt  # or a full disk at the commit: nothing of the run may stay

        monkeypatch.setattr(other, "set_checkpoint", interrupted)
        with pytest.raises(KeyboardInterrupt):
            import_json(other, path)
        assert other.list_runs() == [] and not other.run_dir(1).exists()
        fresh = other.create_run("the next run", spec={}, config={})
        assert fresh == 1 and not other.run_dir(fresh).exists()  # no lesion study or weights of another run


def test_an_older_export_gets_the_one_final_loss_on_import(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as store:
        run_id = store.create_run("old", spec={}, config={}, summary={"final_train_loss": 0.5})  # its last point
        store.insert_metric_rows(run_id, [("train/loss", step, 2.0 - step / 20, 1000.0 + step) for step in range(1, 31)])
        store.set_status(run_id, "finished")
        path = export_json(store, run_id, tmp_path / "old.json")
    with open_store(tmp_path / "b") as other:
        info = other.get_run(import_json(other, path))
        assert info.final_train_loss == pytest.approx((0.6 + 0.55 + 0.5) / 3)  # the last tenth's mean
