"""Run colours: one per selected run, kept while it stays selected. Qt-free."""

from __future__ import annotations

from collections.abc import Iterable

from resviz.presentation.palette import RUN_COLORS

COLORS = RUN_COLORS  # the theme's run colours (resviz/presentation/palette.py)


class ColorBook:
    """Gives each run a colour and keeps it while the run stays in the selection, so adding
    a run to the comparison never recolours the ones already on screen."""

    def __init__(self) -> None:
        self._colors: dict[int, str] = {}

    def assign(self, run_ids: Iterable[int]) -> dict[int, str]:
        ids = list(run_ids)
        self._colors = {i: c for i, c in self._colors.items() if i in ids}
        for run_id in ids:
            if run_id not in self._colors:
                used = list(self._colors.values())
                free = [c for c in COLORS if c not in used]
                # Past ten runs, reuse the least used colour; the dash and legend still tell apart.
                self._colors[run_id] = free[0] if free else min(COLORS, key=used.count)
        return {i: self._colors[i] for i in ids}

    def color(self, run_id: int) -> str:
        return self._colors.get(run_id, COLORS[0])
