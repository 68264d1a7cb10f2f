"""GradientPanel (layer × step heatmap, profile) and ShortcutPanel (shortcut vs branch share)."""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
import pytest

from resviz.presentation.run_data import RunData
from resviz.train.events import FitInfo, ProbeLog, StepLog
from resviz.ui.plots import GradientPanel, ShortcutPanel, style
from tests.fixtures.synthetic_history import cifar_names, make_history

STEPS, PROBE_EVERY = 2000, 10
PROBES = STEPS // PROBE_EVERY


@pytest.fixture(scope="module")
def plain() -> RunData:
    return make_history(steps=STEPS, n=9, residual=False, probe_every=PROBE_EVERY, seed=3)


@pytest.fixture(scope="module")
def resnet() -> RunData:
    return make_history(steps=STEPS, n=9, residual=True, probe_every=PROBE_EVERY, seed=4)


def hand_history(residual: list[bool]) -> RunData:
    """Three blocks of two layers, filled by hand: known shares, gradients decaying by depth."""
    layers, blocks = cifar_names(1)
    h = RunData()
    h.start(FitInfo(None, "hand", {}, {}, "cpu", "synthetic", [], 100, 10, 0, 0, layers, blocks, residual))
    share = np.array([0.8, 0.5, 0.25])
    for step in (1, 11, 21):
        h.add_step(StepLog(step, step / 10, 1.0, 0.5, 0.1, 1.0, 0.0, 0.0))
        add_probe(h, step, share)
    return h


def add_probe(h: RunData, step: int, share: np.ndarray, split: bool = True) -> None:
    """Norms as measured; the additive shares (share, 1 − share) and a cosine 0.05 unless split=False,
    as in a run recorded before resviz measured them."""
    res = np.array(h.residual)
    shortcut = np.where(res, share, np.nan).astype(np.float32)
    branch = np.where(res, 1 - share, np.nan).astype(np.float32)
    layer = (10.0 ** -np.linspace(3, 0, len(h.layer_names))[::-1] * step).astype(np.float32)
    extra = {}
    if split:
        extra = {"shortcut_share": shortcut, "branch_share": branch,
                 "path_cosine": np.where(res, 0.05, np.nan).astype(np.float32)}
    h.add_probe(ProbeLog(step, layer, np.ones(len(h.block_names), np.float32), shortcut, branch,
                         np.where(res, 0.3, np.nan).astype(np.float32), **extra))


def npts(curve) -> int:
    x = curve.getOriginalDataset()[0]
    return 0 if x is None else len(x)


@pytest.fixture
def grad_panel(qtbot, plain: RunData) -> GradientPanel:
    p = GradientPanel()
    qtbot.addWidget(p)
    p.resize(900, 600)
    p.set_history(plain)
    return p


# --- heatmap and profile -------------------------------------------------------------------

def test_heatmap_is_steps_by_layers_in_log10_with_decade_levels(grad_panel: GradientPanel, plain: RunData) -> None:
    assert len(plain.layer_names) == 56
    image = grad_panel.image.image
    assert image.shape == (PROBES, 56)
    values = plain.vectors["grad_norm"].values
    np.testing.assert_allclose(image, np.log10(values), rtol=1e-6)
    lo, hi = grad_panel.image.getLevels()
    assert (lo, hi) == (math.floor(np.log10(values.min())), math.ceil(np.log10(values.max())))
    assert tuple(grad_panel.colorbar.levels()) == (lo, hi)
    ticks = grad_panel.colorbar.axis._tickLevels[0]
    assert ticks[0] == (lo, style.decade_label(int(lo))) and ticks[0][1].startswith("10⁻")  # not "-4"
    # Vanishing gradient: the first layer's colour value sits ~2 decades below the last one's.
    assert image[-1, -1] - image[-1, 0] > 1.5


def test_image_is_updated_only_when_probe_rows_arrive(grad_panel: GradientPanel, plain: RunData) -> None:
    h = make_history(steps=50, n=9, residual=False, probe_every=10, seed=5)
    grad_panel.set_history(h)
    with mock.patch.object(grad_panel.image, "setImage", wraps=grad_panel.image.setImage) as spy:
        assert grad_panel.refresh() is False
        h.add_step(StepLog(51, 0.3, 1.0, 0.5, 0.1, 1.0, 0.0, 0.0))  # a step, no probe
        assert grad_panel.refresh() is True
        assert spy.call_count == 0
        rows = h.vectors["grad_norm"].n
        h.add_probe(ProbeLog(51, np.full(56, 0.01, np.float32), np.ones(27, np.float32),
                             *(np.full(27, np.nan, np.float32) for _ in range(3))))
        assert grad_panel.refresh() is True
        assert spy.call_count == 1
    assert grad_panel.image.image.shape == (rows + 1, 56)
    np.testing.assert_allclose(grad_panel.image.image[-1], -2.0, rtol=1e-6)


def test_profile_shows_the_latest_row_and_faded_earlier_ones(grad_panel: GradientPanel, plain: RunData) -> None:
    x, y = grad_panel.latest.getOriginalDataset()
    np.testing.assert_allclose(x, plain.vectors["grad_norm"].last())
    np.testing.assert_array_equal(y, np.arange(56))
    assert grad_panel.profile.getAxis("bottom").logMode
    assert [npts(s) for s in grad_panel.snapshots] == [56, 56, 56]
    grad_panel.show_snapshots.setChecked(False)
    assert [npts(s) for s in grad_panel.snapshots] == [0, 0, 0]


def test_layer_axis_labels_fit_without_overlap(grad_panel: GradientPanel) -> None:
    axis = grad_panel.layer_axis
    [(_, values)] = axis.tickValues(-0.5, 55.5, 300)
    labels = axis.tickStrings(values, 1, 1)
    assert labels[0] == "stage 1 · block 1" and all(labels)  # block labels when rows are too thin
    px = 300 / 56
    assert min(np.diff(sorted(values))) * px >= axis._metrics.height()
    [(_, zoomed)] = axis.tickValues(-0.5, 9.5, 300)
    assert axis.tickStrings(zoomed, 1, 1)[:3] == ["conv1", "stage 1 · block 1 · conv1", "stage 1 · block 1 · conv2"]


def test_hover_and_summary(grad_panel: GradientPanel, plain: RunData) -> None:
    text = grad_panel.hover_at(grad_panel.heatmap, 1002.0, 3.2)
    assert "step 1,001" in text and "layer1.1.branch.conv1" in text
    assert grad_panel.cursor_step.isVisible() and grad_panel.cursor_step.value() == 1001
    grad_panel._leave()
    assert not grad_panel.cursor_step.isVisible()
    assert "vanishing" in grad_panel.readout_text()
    flat = make_history(steps=200, n=9, residual=True, seed=6)
    grad_panel.set_history(flat)
    assert "vanishing" not in grad_panel.readout_text()


@pytest.mark.parametrize(("row", "says", "ratio"), [
    (np.geomspace(50.0, 0.2, 56), "grows toward the input", "×"),  # plain-56 with BN at initialisation
    (np.geomspace(1e-3, 1e-2, 56), "shrinks toward the input", "1/"),  # without BN
    (np.full(56, 0.3), "no clear trend across depth", "1×"),
])
def test_readout_names_what_the_profile_shows(grad_panel: GradientPanel, row: np.ndarray, says: str,
                                              ratio: str) -> None:
    text = grad_panel.describe_profile(7, row)
    assert says in text and ratio in text and "step 7" in text
    assert ("vanishing" in text) == (says == "shrinks toward the input")


def test_empty_gradient_panel_shows_hints(qtbot) -> None:
    panel = GradientPanel()
    qtbot.addWidget(panel)
    assert all(h.isVisible() for h in panel._hints.values())
    panel.set_history(hand_history([True, True, True]))
    assert not any(h.isVisible() for h in panel._hints.values())
    panel.clear()
    assert panel.image.image is None and all(h.isVisible() for h in panel._hints.values())


# --- shortcut share --------------------------------------------------------------------------

def bars(item) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    o = item.opts
    return np.asarray(o["y"]), np.asarray(o["x0"]), np.asarray(o["width"])


@pytest.fixture
def short_panel(qtbot) -> ShortcutPanel:
    p = ShortcutPanel()
    qtbot.addWidget(p)
    p.resize(900, 600)
    return p


def test_plain_net_has_no_shortcut_bars(short_panel: ShortcutPanel, plain: RunData) -> None:
    short_panel.set_history(plain)
    assert len(bars(short_panel.shortcut_bars)[0]) == 0
    assert len(bars(short_panel.branch_bars)[0]) == 0
    y, _, width = bars(short_panel.plain_bars)
    assert len(y) == 27 and np.all(width == 1.0)
    assert short_panel.plain_note.isVisible()
    assert not short_panel.ratio_plot.isVisible() and not short_panel.show_ratio.isEnabled()
    assert "no shortcut" in short_panel.legend.text and "through the shortcut" not in short_panel.legend.text
    assert "plain network" in short_panel.readout_text()
    assert short_panel.csv_columns()["shortcut_share"].tolist() == pytest.approx([np.nan] * 27, nan_ok=True)


def test_resnet_bars_show_each_blocks_additive_shares(short_panel: ShortcutPanel, resnet: RunData) -> None:
    short_panel.set_history(resnet)
    share = resnet.shortcut_share()
    y, x0, width = bars(short_panel.shortcut_bars)
    np.testing.assert_allclose(y, np.arange(27) - 0.19)
    np.testing.assert_allclose(width, share, rtol=1e-6)
    by, bx0, bwidth = bars(short_panel.branch_bars)
    np.testing.assert_allclose(by, np.arange(27) + 0.19)
    np.testing.assert_allclose(bwidth, resnet.latest("branch_share"), rtol=1e-6)
    np.testing.assert_allclose(width + bwidth, 1.0, rtol=1e-6)
    assert len(bars(short_panel.plain_bars)[0]) == 0
    assert not short_panel.plain_note.isVisible() and short_panel.ratio_plot.isVisible()
    rx, ry = short_panel.ratio.getOriginalDataset()
    np.testing.assert_allclose(rx, resnet.vectors["residual_ratio"].last(), rtol=1e-6)
    cx, _ = short_panel.cosine.getOriginalDataset()
    np.testing.assert_allclose(cx, resnet.latest("path_cosine"), rtol=1e-6)
    assert "residual blocks" in short_panel.readout_text() and "median cosine" in short_panel.readout_text()


def test_shares_outside_0_to_1_are_drawn_as_measured(short_panel: ShortcutPanel) -> None:
    h = hand_history([True, True, True])
    add_probe(h, 31, np.array([1.3, 0.5, -0.2]))  # the paths partly cancel in blocks 0 and 2
    short_panel.set_history(h)
    _, x0, width = bars(short_panel.shortcut_bars)
    np.testing.assert_allclose(x0 + width, [1.3, 0.5, 0.0], atol=1e-6)  # right ends
    np.testing.assert_allclose(x0, [0.0, 0.0, -0.2], atol=1e-6)
    _, bx0, _ = bars(short_panel.branch_bars)
    np.testing.assert_allclose(bx0, [-0.3, 0.0, 0.0], atol=1e-6)
    lo, hi = short_panel.share_plot.viewRange()[0]
    assert lo < -0.3 and hi > 1.3
    assert "shortcut 130%" in short_panel.hover_at(short_panel.share_plot, 0.3, 0.1)


def test_a_run_recorded_before_the_shares_shows_no_bars(short_panel: ShortcutPanel) -> None:
    layers, blocks = cifar_names(1)
    h = RunData()
    h.start(FitInfo(None, "old", {}, {}, "cpu", "synthetic", [], 100, 10, 0, 0, layers, blocks, [True] * 3))
    add_probe(h, 1, np.array([0.8, 0.5, 0.25]), split=False)
    short_panel.set_history(h)
    assert len(bars(short_panel.shortcut_bars)[0]) == 0 and short_panel.old_note.isVisible()
    assert "not a share" in short_panel.readout_text()
    assert "shares not recorded" in short_panel.hover_at(short_panel.share_plot, 0.3, 0.1)
    cols = short_panel.csv_columns()
    assert np.isnan(cols["shortcut_share"]).all() and cols["shortcut_grad"][0] == pytest.approx(0.8)


def test_mixed_net_hatches_only_the_plain_blocks(short_panel: ShortcutPanel) -> None:
    h = hand_history([True, False, True])
    short_panel.set_history(h)
    y, _, width = bars(short_panel.shortcut_bars)
    np.testing.assert_allclose(y, [0 - 0.19, 2 - 0.19])
    np.testing.assert_allclose(width, [0.8, 0.25], rtol=1e-6)
    np.testing.assert_array_equal(bars(short_panel.plain_bars)[0], [1])
    assert not short_panel.plain_note.isVisible()
    assert "no shortcut" in short_panel.hover_at(short_panel.share_plot, 0.3, 1.1)
    assert "shortcut 80%" in short_panel.hover_at(short_panel.share_plot, 0.3, 0.2)


def test_shortcut_panel_redraws_only_on_new_probes(short_panel: ShortcutPanel) -> None:
    h = hand_history([True, True, True])
    short_panel.set_history(h)
    with mock.patch.object(short_panel.shortcut_bars, "setOpts", wraps=short_panel.shortcut_bars.setOpts) as spy:
        assert short_panel.refresh() is False
        h.add_step(StepLog(30, 3.0, 1.0, 0.5, 0.1, 1.0, 0.0, 0.0))
        short_panel.refresh()
        assert spy.call_count == 0
        add_probe(h, 31, np.array([0.1, 0.2, 0.3]))
        short_panel.refresh()
        assert spy.call_count == 1
    np.testing.assert_allclose(bars(short_panel.shortcut_bars)[2], [0.1, 0.2, 0.3], rtol=1e-6)
