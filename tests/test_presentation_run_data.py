"""RunData, the one model of a run's data: its version counter, truncation, and the smoothing.

That it holds the same when filled from a training's events as when read from the store is
checked in test_train_store.py, beside the other trainings into a store."""

from __future__ import annotations

import numpy as np
import pytest

from resviz.presentation.run_data import RunData
from resviz.presentation.run_store import RunCache
from resviz.presentation.smoothing import ema
from resviz.runs import open_store
from resviz.train.events import EpochLog, ProbeLog, StepLog


def test_version_advances_with_rows_live_and_from_the_store(tmp_path) -> None:
    run = RunData()
    seen = run.version
    for log in (StepLog(1, 0.1, 2.3, 0.1, 0.1, 100.0, 0.1, 1.0), EpochLog(0, 1, 2.3, 0.1, 2.2, 0.2)):
        run.add(log)
        assert run.version > seen
        seen = run.version
    store = open_store(tmp_path)
    run_id = store.create_run("live")
    store.log_metrics(run_id, 1, {"train/loss": 2.0})
    cache = RunCache(store)
    stored = cache.get(run_id)
    assert stored.series("train/loss")[1].tolist() == [2.0] and stored.version == 0
    assert cache.update([run_id]) == [] and stored.version == 0  # nothing new: views keep their drawing
    store.log_metrics(run_id, 2, {"train/loss": 1.5})
    assert cache.update([run_id]) == [run_id] and stored.version == 1
    assert stored.series("train/loss")[1].tolist() == [2.0, 1.5]
    store.close()


def test_until_keeps_the_rows_up_to_a_step() -> None:
    run = RunData(layer_names=["conv1"], block_names=["layer1.0"])
    for step in (1, 2, 3):
        run.add(StepLog(step, step / 3, 1.0 / step, 0.5, 0.1, 100.0, 0.1, 1.0))
        run.add(ProbeLog(step, np.full(1, step, np.float32), np.ones(1, np.float32), np.ones(1, np.float32),
                         np.ones(1, np.float32), np.ones(1, np.float32)))
    early = run.until(2)
    assert early.series("train/loss")[0].tolist() == [1.0, 2.0]
    assert early.vector("grad_norm")[1].ravel().tolist() == [1.0, 2.0]
    assert run.series("train/loss")[0].tolist() == [1.0, 2.0, 3.0]  # the original is untouched


@pytest.mark.parametrize("w", [0.9, 0.99])
def test_smoothing_a_long_series_stays_finite_where_the_closed_form_overflows(w: float) -> None:
    n = 80_000
    values = 1.0 + np.random.default_rng(1).random(n)
    with np.errstate(over="ignore"):
        weights = w ** -np.arange(1, n + 1, dtype=np.float64)  # s_t = w^t·(1-w)·Σ_j w^-j·x_j needs these
    assert not np.isfinite(weights).all()
    want, s = np.empty(n), 0.0
    for i, v in enumerate(values.tolist()):  # the recurrence, debiased
        s = w * s + (1 - w) * v
        want[i] = s / (1 - w ** (i + 1))
    got = ema(values, w)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, want, rtol=1e-9)
