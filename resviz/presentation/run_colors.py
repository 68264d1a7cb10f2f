"""Run colours: one per run, kept for the session. Qt-free."""

from __future__ import annotations

from collections.abc import Iterable

from resviz.presentation.palette import RUN_COLORS

COLORS = RUN_COLORS  # the theme's run colours (resviz/presentation/palette.py)


class ColorBook:
    """Gives each run a colour and keeps it for the session: adding a run to the comparison never
    recolours the ones already on screen, and a run shown again (a lesson comparing the demo's
    runs after another lesson compared two of them) comes back in the colour it had, unless a
    run already on screen has that colour."""

    def __init__(self) -> None:
        self._colors: dict[int, str] = {}  # every run given a colour, selected or not
        self._shown: dict[int, str] = {}  # the last assignment: the runs on screen now

    def assign(self, run_ids: Iterable[int]) -> dict[int, str]:
        ids = list(run_ids)
        # The runs on screen keep theirs; then runs shown before get theirs back where free.
        out = {i: self._shown[i] for i in ids if i in self._shown}
        for run_id in ids:
            color = self._colors.get(run_id)
            if run_id not in out and color is not None and color not in out.values():
                out[run_id] = color
        for run_id in ids:
            if run_id not in out:
                used = list(out.values())
                free = [c for c in COLORS if c not in used]
                # Past ten runs, reuse the least used colour; the dash and legend still tell apart.
                out[run_id] = self._colors[run_id] = free[0] if free else min(COLORS, key=used.count)
        self._shown = {i: out[i] for i in ids}
        return dict(self._shown)

    def color(self, run_id: int) -> str:
        return self._colors.get(run_id, COLORS[0])
