"""Fuzzed inputs through every command that reads them: spec files (arch check, arch show, train),
checkpoints (runs resume, gradcam) and exported runs (runs import). Each exits 0 or 2, never
with a traceback, and a refused input leaves the store exactly as it was.

Hypothesis runs derandomized, so CI tries the same inputs every time; the README's counts are
the max_examples below (test_readme_states_the_fault_counts).
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resviz.arch.presets import cifar_net
from resviz.arch.spec import to_dict
from resviz.cli.main import run_cli
from resviz.data import load_dataset
from resviz.runs import export_json, open_store
from resviz.train.config import TrainConfig
from resviz.train.events import Callback, StepLog, TrainControl
from resviz.train.session import train

SPEC_EXAMPLES = 30
CHECKPOINT_EXAMPLES = 12
EXPORT_EXAMPLES = 30
FUZZ = settings(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


@st.composite
def mutated_json(draw: st.DrawFn, doc: Any) -> str:
    """The JSON text of ``doc`` with one to three values replaced or removed, or cut short."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        if not path:
            doc = draw(JSON_VALUES)
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            parent[path[-1]] = draw(JSON_VALUES)
        elif isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    text = json.dumps(doc)
    return text[:draw(st.integers(0, len(text)))] if draw(st.integers(0, 9)) == 0 else text


def snapshot(store_dir: Path) -> tuple:
    """Everything the store holds: every row of every table, and every file with its size."""
    with sqlite3.connect(store_dir / "runs.sqlite") as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        rows = tuple(tuple(conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()) for t in tables)  # noqa: S608
    files = tuple(sorted((str(p.relative_to(store_dir)), p.stat().st_size) for p in store_dir.rglob("*")
                         if p.is_file() and not p.name.startswith("runs.sqlite")))
    return rows, files


TRIED: Counter[tuple[str, int]] = Counter()
"""(command, exit code) of every fuzzed call: each target must see refusals, not only successes."""


def run_and_check(argv: list[str], store_dir: Path, capsys: pytest.CaptureFixture[str]) -> int:
    before = snapshot(store_dir)
    code = run_cli(argv)  # a traceback would be an exception escaping here
    err = capsys.readouterr().err
    assert code in (0, 2), (argv, code, err)
    TRIED[(" ".join(argv[:2]) if argv[0] in ("arch", "runs") else argv[0], code)] += 1
    if code == 2:
        assert err.startswith("error: ") and snapshot(store_dir) == before, err
    return code


# ---- spec files ----------------------------------------------------------------------------


@settings(FUZZ, max_examples=SPEC_EXAMPLES)
@given(text=mutated_json(to_dict(cifar_net(1, width=4))))
def test_fuzzed_spec_files(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        spec, store = Path(tmp) / "spec.json", Path(tmp) / "store"
        spec.write_text(text)
        open_store(store).close()
        for argv in (["arch", "check", str(spec)], ["arch", "show", str(spec)],
                     ["train", "--arch", str(spec), "--dataset", "cifar10", "--data-dir", str(Path(tmp) / "none")]):
            run_and_check([*argv, "--store", str(store)], store, capsys)


# ---- checkpoints and exports of one stopped run ----------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one run stopped at step 8 of 16, with its checkpoint, and its JSON export."""
    store = tmp_path_factory.mktemp("pristine")
    control = TrainControl()

    class Stop(Callback):
        def on_step(self, log: StepLog) -> None:
            if log.step >= 8:
                control.request_stop()

    cfg = TrainConfig(batch_size=32, steps=16, lr=0.05, schedule="constant", log_every=4, probe_every=4,
                      device="cpu", gradcam_each_epoch=False, max_val_images=64, image_size=8, train_size=256)
    data = load_dataset("builtin", image_size=8, train_size=256, seed=0)
    train(cifar_net(1, width=4), cfg, store_dir=store, data=data, callbacks=[Stop()], control=control)
    s = open_store(store)
    export_json(s, 1, store.parent / "run.json")
    s.close()
    return store


TENSORS = st.builds(lambda shape: torch.zeros(shape), st.lists(st.integers(0, 3), max_size=3))
CKPT_VALUES = JSON_VALUES | TENSORS


@st.composite
def mutated_checkpoint(draw: st.DrawFn, state: dict) -> bytes:
    state = {k: (dict(v) if isinstance(v, dict) else v) for k, v in state.items()}
    how = draw(st.sampled_from(["top", "weights", "bytes", "global", "shapes"]))
    if how == "top":  # a top-level entry removed or replaced
        key = draw(st.sampled_from(sorted(state)))
        if draw(st.booleans()):
            del state[key]
        else:
            state[key] = draw(CKPT_VALUES)
    elif how in ("weights", "shapes"):  # the network's weights changed
        key = draw(st.sampled_from(sorted(state["model"])))
        if how == "shapes":
            state["model"][key] = draw(TENSORS)
        else:
            state["model"][draw(st.text(max_size=8))] = state["model"].pop(key)
    buf = io.BytesIO()
    torch.save(state if how != "global" else {"model": io.StringIO("not a tensor")}, buf)
    data = buf.getvalue()
    if how == "bytes":  # cut short or overwritten
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] if draw(st.booleans()) else data[:i] + draw(st.binary(min_size=1, max_size=64)) + data[i + 64:]
    return data


def _copy(pristine: Path, tmp: str) -> Path:
    store = Path(tmp) / "store"
    shutil.copytree(pristine, store)
    return store


def test_fuzzed_checkpoints(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = torch.load(pristine / "runs" / "1" / "checkpoint-last.pt", weights_only=True)

    @settings(FUZZ, max_examples=CHECKPOINT_EXAMPLES)
    @given(blob=mutated_checkpoint(state))
    def fuzz(blob: bytes) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            store = _copy(pristine, tmp)
            (store / "runs" / "1" / "checkpoint-last.pt").write_bytes(blob)
            run_and_check(["gradcam", "1", "--out", str(Path(tmp) / "cams"), "--images", "2", "--store", str(store)],
                          store, capsys)
            run_and_check(["runs", "resume", "1", "--store", str(store)], store, capsys)

    fuzz()


def test_fuzzed_exports(pristine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads((pristine.parent / "run.json").read_text())

    @settings(FUZZ, max_examples=EXPORT_EXAMPLES)
    @given(text=mutated_json(doc))
    def fuzz(text: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            store = _copy(pristine, tmp)
            path = Path(tmp) / "run.json"
            path.write_text(text)
            if run_and_check(["runs", "import", str(path), "--store", str(store)], store, capsys) == 0:
                for argv in (["runs", "list"], ["runs", "show", "2"]):  # what came in can be shown
                    run_and_check([*argv, "--store", str(store)], store, capsys)

    fuzz()


def teardown_module() -> None:
    print("\nfuzzed calls (command, exit code):", dict(sorted(TRIED.items())), file=sys.stderr)
