"""CurvesPanel: loss / accuracy / lr curves drawn from a RunData, smoothing, log-y, read-out."""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
import pytest

from resviz.presentation.run_data import RunData
from resviz.presentation.smoothing import EmaCache, effective_weight, ema
from resviz.train.events import EpochLog, FitInfo, StepLog
from resviz.ui.plots import CurvesPanel
from tests.fixtures.synthetic_history import make_history

STEPS, SPE = 2000, 200


def tensorboard_ema(values: list[float], w: float) -> list[float]:
    """TensorBoard's debiased EMA, written out plainly as the reference."""
    out, last, n = [], 0.0, 0
    for v in values:
        if not math.isfinite(v):
            out.append(v)
            continue
        last = last * w + (1 - w) * v
        n += 1
        out.append(last / (1 - w**n))
    return out


def small_history(steps: int, spe: int = 10) -> RunData:
    h = RunData()
    h.start(FitInfo(None, "tiny", {}, {}, "cpu", "synthetic", ["a", "b"], steps, spe, 0, 0,
                    ["conv1", "fc"], [], []))
    for s in range(1, steps + 1):
        add_step(h, s, spe)
    return h


def add_step(h: RunData, s: int, spe: int = 10) -> None:
    h.add_step(StepLog(s, s / spe, 2.0 / s**0.5 + 0.1 * (s % 3), 1 - 1 / (s + 1), 0.1 if s < 50 else 0.01,
                       100.0, 0.0, 0.0))
    if s % spe == 0:
        h.add_epoch(EpochLog(s // spe, s, 0.0, 0.0, 1.5 / s**0.5, 0.5 + s / 1000))


@pytest.fixture(scope="module")
def history() -> RunData:
    return make_history(steps=STEPS, n=9, residual=False, steps_per_epoch=SPE)


@pytest.fixture
def panel(qtbot, history: RunData) -> CurvesPanel:
    p = CurvesPanel()
    qtbot.addWidget(p)
    p.resize(900, 600)
    p.set_history(history)
    return p


def data(panel: CurvesPanel, key: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = panel.curves[key].getOriginalDataset()
    empty = np.zeros(0)
    return (empty, empty) if x is None else (np.asarray(x), np.asarray(y))


def test_curves_hold_every_point_and_the_last_values(panel: CurvesPanel, history: RunData) -> None:
    x, y = data(panel, "train/loss:raw")
    assert len(x) == STEPS and x[-1] == STEPS
    assert y[-1] == pytest.approx(history.scalars["train/loss"].y[-1])
    vx, vy = data(panel, "val/loss")
    assert len(vx) == STEPS // SPE and vx[-1] == STEPS
    assert vy[-1] == pytest.approx(history.scalars["val/loss"].y[-1])
    _, acc = data(panel, "train/acc:raw")
    assert acc[-1] == pytest.approx(100 * history.scalars["train/acc"].y[-1])  # shown in percent
    lx, ly = data(panel, "lr")
    assert len(lx) == STEPS and ly[-1] == pytest.approx(0.001)


def test_loss_axis_keeps_chance_and_zero_in_view(panel: CurvesPanel) -> None:
    ref = panel.loss_ref
    assert ref.chance.isVisible() and ref.chance.value() == pytest.approx(math.log(10))
    assert "ln 10 = 2.30" in ref.chance.label.toPlainText()
    panel.loss_plot.getViewBox().updateAutoRange()
    lo, hi = panel.loss_plot.getViewBox().viewRange()[1]
    assert lo <= 0.0 and hi >= math.log(10)  # a flat line at chance cannot fill the axis
    panel.set_log_y(True)
    assert ref.chance.value() == pytest.approx(math.log10(math.log(10))) and not ref.zero.isVisible()
    panel.set_log_y(False)
    assert panel.acc_ref.chance.value() == pytest.approx(10.0)


def test_last_validation_marker_is_inside_the_plot(panel: CurvesPanel) -> None:
    (x0, x1), _ = panel.loss_plot.getViewBox().viewRange()
    vx, _ = data(panel, "val/loss")
    marker = 3 * (x1 - x0) / panel.loss_plot.getViewBox().width()  # half a 6-px marker, in data units
    assert vx[-1] + marker <= x1 and x0 < 0


def test_log_y_toggles_the_loss_axis(panel: CurvesPanel) -> None:
    axis = panel.loss_plot.getAxis("left")
    assert not axis.logMode
    panel.log_y.setChecked(True)
    assert axis.logMode
    panel.set_log_y(False)
    assert not axis.logMode and not panel.log_y.isChecked()
    assert not panel.acc_plot.getAxis("left").logMode  # accuracy stays linear


def test_smoothing_changes_the_plotted_curve_not_the_raw_one(panel: CurvesPanel, history: RunData) -> None:
    raw = history.scalars["train/loss"].y.copy()
    panel.set_smoothing(0.0)
    _, smooth0 = data(panel, "train/loss")
    np.testing.assert_allclose(smooth0, raw)
    assert not panel.curves["train/loss:raw"].isVisible()
    panel.set_smoothing(0.9)
    _, smooth9 = data(panel, "train/loss")
    _, raw_curve = data(panel, "train/loss:raw")
    np.testing.assert_allclose(raw_curve, raw)  # raw untouched
    np.testing.assert_allclose(history.scalars["train/loss"].y, raw)  # history untouched
    np.testing.assert_allclose(smooth9, tensorboard_ema(raw.tolist(), 0.9), rtol=1e-12)
    assert np.std(np.diff(smooth9)) < 0.5 * np.std(np.diff(raw))
    assert panel.curves["train/loss:raw"].isVisible()


def test_ema_matches_tensorboard_also_incrementally_and_with_nan() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(1.0, 0.3, 500)
    values[[10, 11, 200]] = np.nan
    expected = tensorboard_ema(values.tolist(), 0.7)
    np.testing.assert_allclose(ema(values, 0.7), expected, equal_nan=True)
    cache = EmaCache()
    for end in (1, 2, 57, 300, 500):  # a live run grows a little at a time
        got = cache.update(values[:end], 0.7)
    np.testing.assert_allclose(got, expected, equal_nan=True)
    np.testing.assert_allclose(cache.update(values, 0.0), values, equal_nan=True)


def test_smoothing_does_not_invent_a_trend_on_a_short_series() -> None:
    # Raw loss falls after step 2; TensorBoard's EMA at 0.9 still rises there (2.16 → 2.17).
    raw = np.array([2.0, 2.3, 2.2, 2.1, 2.0, 1.9, 1.8])
    assert tensorboard_ema(raw.tolist(), 0.9)[2] > tensorboard_ema(raw.tolist(), 0.9)[1]
    np.testing.assert_array_equal(ema(raw, 0.9), raw)  # 7 points: drawn raw
    # The average never spans more than a tenth of the series.
    assert effective_weight(0.9, 50) == pytest.approx(0.8)
    assert effective_weight(0.9, 1000) == 0.9
    assert effective_weight(0.0, 1000) == 0.0


def test_refresh_with_unchanged_version_does_not_touch_the_curves(panel: CurvesPanel, history: RunData) -> None:
    spies = {k: mock.patch.object(c, "setData", wraps=c.setData) for k, c in panel.curves.items()}
    mocks = {k: s.start() for k, s in spies.items()}
    try:
        assert panel.refresh() is False
        assert all(m.call_count == 0 for m in mocks.values())
        h = small_history(5)
        panel.set_history(h)
        for m in mocks.values():
            m.reset_mock()
        add_step(h, 6)  # a step without a validation point
        assert panel.refresh() is True
        assert panel.refresh() is False
        for key in ("train/loss", "train/loss:raw", "train/acc", "lr"):
            assert mocks[key].call_count == 1, key
        assert mocks["val/loss"].call_count == 0 and mocks["val/acc"].call_count == 0
    finally:
        for s in spies.values():
            s.stop()


def test_live_growth_matches_drawing_everything_at_once(qtbot) -> None:
    h = small_history(3)
    panel = CurvesPanel()
    qtbot.addWidget(panel)
    panel.set_history(h)
    for s in range(4, 121):
        add_step(h, s)
        if s % 7 == 0:
            panel.refresh()
    with qtbot.waitSignal(panel.refreshed, timeout=1000) as blocker:
        panel.refresh()
    assert blocker.args == [h.version]
    _, y = data(panel, "train/loss")
    np.testing.assert_allclose(y, tensorboard_ema(h.scalars["train/loss"].y.tolist(), panel.smoothing_weight))
    assert len(data(panel, "val/acc")[0]) == 12


def test_x_axis_in_epochs(panel: CurvesPanel) -> None:
    panel.x_axis.setCurrentIndex(1)
    x, _ = data(panel, "train/loss")
    assert x[-1] == pytest.approx(STEPS / SPE)
    assert data(panel, "val/loss")[0][-1] == pytest.approx(STEPS / SPE)
    assert "epoch" in panel.lr_plot.getAxis("bottom").labelText


def test_hover_reads_the_values_under_the_cursor(panel: CurvesPanel, history: RunData) -> None:
    text = panel.hover_at(panel.loss_plot, 1000.3, 1.0)
    loss = history.scalars["train/loss"]
    i = int(np.searchsorted(loss.x, 1000))
    assert "step 1,000" in text and "epoch 5.00" in text
    values = panel.values_at(1000.3)
    assert values["train/loss (raw)"] == pytest.approx(loss.y[i])
    assert values["val/loss step"] == 1000  # the epoch-5 validation point
    assert f"raw {values['train/loss (raw)']:.3g}" in text
    assert all(line.isVisible() and line.value() == 1000 for line in panel.cursor_lines)
    panel._leave()
    assert not any(line.isVisible() for line in panel.cursor_lines)
    assert "latest step 2,000" in panel.readout_text()


def test_empty_state_shows_hints_until_data_arrives(qtbot) -> None:
    panel = CurvesPanel()
    qtbot.addWidget(panel)
    hints = list(panel._hints.values())
    assert len(hints) == 3 and all(h.isVisible() for h in hints)
    assert "Press Train" in hints[0].toPlainText()
    h = small_history(0)
    panel.set_history(h)
    assert all(hint.isVisible() for hint in hints)
    add_step(h, 1)
    panel.refresh()
    assert not any(hint.isVisible() for hint in hints)
    panel.clear()
    assert all(hint.isVisible() for hint in hints)
    assert len(data(panel, "train/loss")[0]) == 0
