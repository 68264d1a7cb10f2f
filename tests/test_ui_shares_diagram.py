"""The diagram draws the same additive shortcut share as the Shortcut tab, as measured."""

from __future__ import annotations

from resviz.arch.presets import get_preset
from resviz.ui.diagram.view import DiagramView


def test_a_share_above_one_is_kept_for_the_tooltip_and_clamped_only_in_the_arc(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = DiagramView()
    qtbot.addWidget(view)
    view.set_spec(get_preset("resnet20"))
    arc = view.diagram.arcs["layer1.0"]
    view.set_shortcut_shares({"layer1.0": 1.0})
    full = arc.pen().widthF()
    view.set_shortcut_shares({"layer1.0": 1.3, "layer1.1": -0.2})
    assert arc.pen().widthF() == full
    assert "130%" in view.tooltip_for("layer1.0") and "-20%" in view.tooltip_for("layer1.1")


def test_the_explorer_draws_the_stored_additive_share_and_none_for_old_runs(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from resviz.runs import open_store
    from resviz.ui.explorer import ExplorerWidget
    from tests.fixtures.synthetic_runs import add_synthetic_run

    with open_store(tmp_path) as store:
        new = add_synthetic_run(store, "resnet20", steps=40, steps_per_epoch=20, probe_every=20, seed=0)
        steps, shares = store.vector_series(new, "shortcut_share")
        names = store.layer_names(new, "block_grad")
    w = ExplorerWidget(tmp_path)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.select_runs([new])
    w.tabs.setCurrentWidget(w.gradients)
    arcs = w.gradients.diagrams[new].view.diagram.arcs
    assert arcs["layer1.0"].share == float(shares[-1][names.index("layer1.0")])
    assert w.gradients._shares(new, int(steps[-1]), names) == {
        n: float(v) for n, v in zip(names, shares[-1], strict=True) if np.isfinite(v)}
    with open_store(tmp_path) as store:  # recorded before the shares: norms only
        old = store.create_run("old", spec={})
        store.set_layer_names(old, names, kind="shortcut_grad")
        store.log_vectors(old, 20, "shortcut_grad", np.ones(len(names)))
    assert w.gradients._shares(old, 20, names) == {}
