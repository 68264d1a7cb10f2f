"""The live view's frame: hidden plot tabs wait until they are shown, or until the run ends."""

from __future__ import annotations

from resviz.train.events import FitInfo, StepLog
from resviz.ui.live import LiveView


def test_a_hidden_view_is_not_redrawn_until_shown_or_the_run_ends(qtbot) -> None:
    live = LiveView(fps=1000.0)
    live.timer.stop()  # frames by hand
    calls = {"shown": 0, "hidden": 0}
    visible = {"hidden": False}
    live.add_refresher(lambda: calls.__setitem__("shown", calls["shown"] + 1))
    live.add_refresher(lambda: calls.__setitem__("hidden", calls["hidden"] + 1), lambda: visible["hidden"])
    live.start_live(FitInfo(1, "x", {}, {}, "cpu", "builtin", [], 10, 10, 0, 10, [], [], []))
    live.apply([StepLog(1, 0.1, 2.3, 0.1, 0.1, 100.0, 1.0, 9.0)])
    live._tick()
    assert calls == {"shown": 1, "hidden": 0}
    live._tick()  # nothing new: nothing redrawn
    assert calls == {"shown": 1, "hidden": 0}
    visible["hidden"] = True  # its tab is shown (training paused: no new data)
    live._tick()
    assert calls == {"shown": 1, "hidden": 1}
    visible["hidden"] = False
    live.apply([StepLog(2, 0.2, 2.2, 0.1, 0.1, 100.0, 2.0, 8.0)])
    live._tick()
    assert calls == {"shown": 2, "hidden": 1}
    live.end_live()  # the last frame draws everything
    assert calls == {"shown": 3, "hidden": 2}
