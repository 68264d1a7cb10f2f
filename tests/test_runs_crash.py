"""A run whose process dies shows as interrupted, with every metric up to its last flush."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from resviz.runs import STALE_AFTER_S, open_store, pid_alive

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and zombies")

CHILD = """
import sys, time
import numpy as np
from resviz.runs import open_store

store = open_store(sys.argv[1])
run_id = store.create_run("victim", spec={"depth": 56}, config={"lr": 0.1})
store.set_status(run_id, "running")
writer = store.writer(run_id, interval=0.05)
print("run", run_id, flush=True)
step = 0
while True:
    # log() returns True when it flushed: then every step before this one is committed.
    if writer.log(step, {"train/loss": 1.0 / (step + 1), "lr": 0.1}):
        print("flushed", step - 1, flush=True)
    if writer.log_vectors(step, "grad_norm", np.full(56, step, dtype=np.float32)):
        print("flushed", step, flush=True)
    step += 1
    time.sleep(0.0005)
"""

ROOT = Path(__file__).resolve().parents[1]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # reaped: the pid no longer exists
    return proc.pid


def _force_owner(db: Path, run_id: int, pid: int, heartbeat: float) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET pid = ?, heartbeat = ? WHERE id = ?", (pid, heartbeat, run_id))


@posix_only
def test_sigkill_mid_run_leaves_an_interrupted_run_with_its_flushed_metrics(
    tmp_path: Path,
) -> None:
    store_dir = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(store_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    flushed: list[int] = []
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert first.startswith("run "), proc.stderr.read() if proc.stderr else first
        run_id = int(first.split()[1])
        deadline = time.monotonic() + 8
        while len(flushed) < 6 and time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            assert line, "the child exited early"
            flushed.append(int(line.split()[1]))
        assert len(flushed) >= 6
        proc.send_signal(signal.SIGKILL)  # no cleanup, no atexit, no close()
        proc.wait(5)
        rest = proc.stdout.read() if proc.stdout else ""
        flushed += [int(line.split()[1]) for line in rest.splitlines() if line.startswith("flushed")]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with open_store(store_dir) as store:
        info = store.get_run(run_id)
        assert info.status == "interrupted"
        assert f"pid {proc.pid}" in info.status_message
        assert info.ended_at == info.heartbeat  # ended at its last sign of life
        assert (info.spec, info.config) == ({"depth": 56}, {"lr": 0.1})
        steps, values = store.metric_series(run_id, "train/loss")
        # Everything up to the last flush the child reported, with no gap before it.
        assert steps[-1] >= flushed[-1]
        np.testing.assert_array_equal(steps, np.arange(len(steps)))
        np.testing.assert_allclose(values, 1.0 / (steps + 1))
        assert len(store.metric_series(run_id, "lr")[0]) == len(steps)
        vector_steps, matrix = store.vector_series(run_id, "grad_norm")
        assert vector_steps[-1] >= flushed[-1] and matrix.shape == (len(vector_steps), 56)
        np.testing.assert_array_equal(matrix[:, 0], vector_steps)
        assert [run.status for run in store.list_runs()] == ["interrupted"]
    with sqlite3.connect(store_dir / "runs.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_run_whose_process_is_gone_is_marked_interrupted(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        run_id = store.create_run("r")
        store.set_status(run_id, "running")
        finished = store.create_run("done")
        store.set_status(finished, "finished")
    dead = _dead_pid()
    _force_owner(tmp_path / "runs.sqlite", run_id, dead, time.time())  # fresh heartbeat
    with open_store(tmp_path) as store:
        info = store.get_run(run_id)
        assert info.status == "interrupted" and f"pid {dead}" in info.status_message
        assert store.get_run(finished).status == "finished"  # ended runs are left alone


def test_a_silent_owner_is_taken_as_dead_but_a_live_one_is_not(tmp_path: Path) -> None:
    parent = os.getppid()  # alive, and not this process
    with open_store(tmp_path) as store:
        silent = store.create_run("silent")
        live = store.create_run("live")
        mine = store.create_run("mine")
        for run_id in (silent, live, mine):
            store.set_status(run_id, "running")
    now = time.time()
    _force_owner(tmp_path / "runs.sqlite", silent, parent, now - STALE_AFTER_S - 5)
    _force_owner(tmp_path / "runs.sqlite", live, parent, now)
    _force_owner(tmp_path / "runs.sqlite", mine, os.getpid(), now - 10 * STALE_AFTER_S)
    with open_store(tmp_path) as store:
        assert store.get_run(silent).status == "interrupted"
        assert store.get_run(live).status == "running"
        assert store.get_run(mine).status == "running"  # this process's own runs: never
        # list_runs checks again: the live owner dies meanwhile.
        _force_owner(tmp_path / "runs.sqlite", live, _dead_pid(), now)
        assert {run.id: run.status for run in store.list_runs()}[live] == "interrupted"


@posix_only
def test_pid_alive_sees_dead_and_zombie_processes() -> None:
    assert pid_alive(os.getpid())
    assert not pid_alive(_dead_pid())
    assert not pid_alive(0) and not pid_alive(-5)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert pid_alive(child.pid)
        child.kill()
        deadline = time.monotonic() + 5
        while pid_alive(child.pid) and time.monotonic() < deadline:  # killed, not yet reaped
            time.sleep(0.01)
        assert not pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()
