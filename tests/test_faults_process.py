"""Fault injection, processes: training processes killed at random moments, a disk that fills up
while a run writes, and two writers and a reader on one store at once. After each fault the
store opens, every run is listed, and what was flushed is still there: no run is lost.

The counts the README reports are these constants (test_readme_states_the_fault_counts).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from resviz.runs import open_store

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

KILLS = 3
"""Training processes killed with SIGKILL, each at a random moment of a series of short runs."""
KILL_WINDOW_S = (0.2, 1.5)
"""The kill falls this many seconds after the process announced its first run (seeded)."""

TRAINER = """
import sys
from resviz.arch.presets import cifar_net
from resviz.data import load_dataset
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.recorder import StoreRecorder
from resviz.train.session import start_run
from resviz.train.trainer import Trainer

store_dir = sys.argv[1]
data = load_dataset("builtin", image_size=8, train_size=256, seed=0)
spec = cifar_net(1, width=4)
cfg = TrainConfig(batch_size=32, steps=24, lr=0.05, schedule="constant", log_every=2, probe_every=4,
                  device="cpu", gradcam_each_epoch=False, max_val_images=64, image_size=8, train_size=256)

for _ in range(100):  # run after run until killed
    store = open_store(store_dir)
    run_id, ckpt = start_run(store, spec, cfg, data)  # as `resviz train` does
    store.close()
    print("run", run_id, flush=True)
    recorder = StoreRecorder(store_dir, run_id)
    recorder.writer.interval = 0.2

    writer = recorder.writer
    commit = writer.flush

    def flush_and_tell():  # announce exactly the last step each commit wrote
        steps = [row[1] for row in writer._scalars]
        written = commit()
        if steps:
            print("flushed", run_id, max(steps), flush=True)
        return written

    writer.flush = flush_and_tell

    end = Trainer(spec, cfg, callbacks=[recorder], data=data, checkpoint_path=ckpt, run_id=run_id).fit()
    print("end", run_id, end.status, flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}


def _kill_at_random(store_dir: Path, delay: float) -> dict[int, int]:
    """Start the trainer, SIGKILL it ``delay`` s after its first run; {run: last flushed step}."""
    proc = subprocess.Popen([sys.executable, "-c", TRAINER, str(store_dir)], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    flushed: dict[int, int] = {}
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().split()
        assert first[:1] == ["run"], "the trainer never started a run"
        flushed[int(first[1])] = -1
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
    for line in out.splitlines():
        words = line.split()
        if words[:1] == ["run"]:
            flushed.setdefault(int(words[1]), -1)
        elif words[:1] == ["flushed"]:
            flushed[int(words[1])] = int(words[2])
    return flushed


@posix_only
def test_sigkill_at_random_moments_loses_no_run(tmp_path: Path) -> None:
    import torch

    rng = random.Random(14)
    announced: dict[int, int] = {}
    for _ in range(KILLS):
        announced |= _kill_at_random(tmp_path, rng.uniform(*KILL_WINDOW_S))
        store = open_store(tmp_path)  # opens after every kill
        try:
            runs = {r.id: r for r in store.list_runs()}
            assert set(announced) <= set(runs)  # every run is listed
            for run_id, step in announced.items():
                assert runs[run_id].status in ("finished", "interrupted"), runs[run_id].status
                steps, _ = store.metric_series(run_id, "train/loss")
                assert step < 0 or (len(steps) and steps.max() >= step)  # flushed metrics are kept
                if runs[run_id].checkpoint_path is not None:  # a recorded checkpoint is whole
                    torch.load(runs[run_id].checkpoint_path, weights_only=True)
            assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            store.close()


# ---- a full disk ---------------------------------------------------------------------------

FILLER = "filler.bin"


DISK_KB = 1024


@contextlib.contextmanager
def small_disk(tmp_path: Path, size_kb: int = DISK_KB) -> Iterator[tuple[Path, str]]:
    """A folder on a size-limited tmpfs where the machine allows mounting one (root on Linux);
    otherwise a plain folder, and the child fakes ENOSPC. Yields (folder, "tmpfs" or "inject")."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = False
    can_mount = os.environ.get("RESVIZ_TEST_NO_MOUNT") != "1"  # to try the fallback here too
    if can_mount and sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount"):
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                                 capture_output=True).returncode == 0
    try:
        yield folder, "tmpfs" if mounted else "inject"
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, leave_kb: int) -> None:
    """Write a filler file until the disk is full, then free ``leave_kb``."""
    fd = os.open(folder / FILLER, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    size = (folder / FILLER).stat().st_size
    os.truncate(folder / FILLER, max(0, size - leave_kb * 1024))


# Without a small disk to fill, the child makes every write after the run's start fail as a
# full disk does: SQLite's "database or disk is full" and the checkpoint's ENOSPC.
INJECT_ENOSPC = """
import errno, sqlite3, sys
import torch
from resviz.runs.series_tables import SeriesTables
calls = {"n": 0}
real_insert, real_save = SeriesTables.insert_metric_rows, torch.save
def insert(self, *a, **k):
    calls["n"] += 1
    if calls["n"] > 1:
        raise sqlite3.OperationalError("database or disk is full")
    return real_insert(self, *a, **k)
def save(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")
SeriesTables.insert_metric_rows, torch.save = insert, save
from resviz.cli.main import run_cli
sys.exit(run_cli(sys.argv[1:]))
"""


def test_a_disk_that_fills_while_a_run_writes_loses_nothing_before_it(tmp_path: Path) -> None:
    with small_disk(tmp_path) as (folder, how):
        store_dir = folder / "store"
        store = open_store(store_dir)  # an earlier run that must survive
        earlier = store.create_run("earlier")
        store.log_metrics(earlier, 10, {"train/loss": 1.5})
        store.set_status(earlier, "finished")
        store.close()
        args = ["train", "--arch", "resnet20", "--steps", "40", "--image-size", "8", "--train-size", "256",
                "--batch-size", "32", "--device", "cpu", "--store", str(store_dir)]
        if how == "tmpfs":
            _fill(folder, leave_kb=200)  # room for the run to start, not for its checkpoint
            cmd = [sys.executable, "-m", "resviz", *args]
        else:
            cmd = [sys.executable, "-c", INJECT_ENOSPC, *args]
        proc = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and ("full" in proc.stderr or "space" in proc.stderr)
        (folder / FILLER).unlink(missing_ok=True)
        store = open_store(store_dir)
        try:
            runs = {r.name: r for r in store.list_runs()}
            assert runs["earlier"].status == "finished"
            assert list(store.metric_series(earlier, "train/loss")[0]) == [10]
            assert all(r.status != "running" for r in runs.values())  # the failed run ended, listed
            assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            store.create_run("after")  # the store still takes writes once there is room
        finally:
            store.close()
        assert not list(store_dir.rglob("*.pt.tmp"))  # no half-written checkpoint left behind


# ---- two writers and a reader ----------------------------------------------------------------

WRITER = """
import sys
from resviz.runs import open_store
store = open_store(sys.argv[1])
run_id = store.create_run(sys.argv[2])
store.set_status(run_id, "running")
writer = store.writer(run_id, interval=0.01)
for step in range(int(sys.argv[3])):
    writer.log(step, {"train/loss": 1.0 / (step + 1)})
    writer.log_vectors(step, "grad_norm", [float(step)] * 8)
writer.close()
store.set_status(run_id, "finished")
store.close()
"""

WRITER_STEPS = 3000


def test_two_writers_and_a_reader_at_once(tmp_path: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, str(WRITER_STEPS)], env=_env())
             for name in ("one", "two")]
    reads, seen = 0, {}
    store = open_store(tmp_path)
    try:
        while any(p.poll() is None for p in procs) or reads == 0:
            for run in store.list_runs():  # never an error, and rows only ever grow
                n = len(store.metric_series(run.id, "train/loss")[0])
                assert n >= seen.get(run.id, 0)
                seen[run.id] = n
            reads += 1
            time.sleep(0.01)
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
        runs = store.list_runs()
        assert sorted(r.name for r in runs) == ["one", "two"] and {r.status for r in runs} == {"finished"}
        for run in runs:
            assert len(store.metric_series(run.id, "train/loss")[0]) == WRITER_STEPS
            assert store.vector_series(run.id, "grad_norm")[1].shape == (WRITER_STEPS, 8)
    finally:
        store.close()
    assert reads > 1



def fault_counts() -> str:
    """The README's paragraph of fault counts, made from the constants the tests run with."""
    from test_faults_fuzz import CHECKPOINT_EXAMPLES, EXPORT_EXAMPLES, SPEC_EXAMPLES

    fuzzed = SPEC_EXAMPLES + CHECKPOINT_EXAMPLES + EXPORT_EXAMPLES
    low, high = KILL_WINDOW_S
    return (
        f"`tests/test_faults_process.py` and `tests/test_faults_fuzz.py`: **{KILLS}** training processes\n"
        f"killed with SIGKILL at random moments ({low}–{high} s into a series of short runs, seeded);\n"
        f"**1** disk that fills up while a run writes (a {DISK_KB // 1024} MB tmpfs where the machine allows\n"
        "mounting one, injected ENOSPC otherwise); **2** writers and a reader on one store at once\n"
        f"({WRITER_STEPS:,} steps each); and **{fuzzed}** fuzzed inputs (hypothesis, derandomized):\n"
        f"{SPEC_EXAMPLES} spec files through `arch check`, `arch show` and `train`, {CHECKPOINT_EXAMPLES}\n"
        f"checkpoints through `gradcam` and `runs resume`, {EXPORT_EXAMPLES} exported runs through `runs import`."
    )


def test_readme_states_the_fault_counts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert fault_counts() in readme, "update the README's fault counts:\n" + fault_counts()
