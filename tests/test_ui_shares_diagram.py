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
