"""Where stages go: one column in a narrow dock, stages side by side in a wide window.

Pure arithmetic (Qt-free): the scene measures, this picks the number of columns that shows
the network largest, and splits the stages into consecutive columns of balanced height.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

MAX_COLUMNS = 6
PREFER_FEWER = 1.08  # a wrap must show the net this much larger to be worth the jumps


def partition(heights: Sequence[float], columns: int) -> list[list[int]]:
    """Consecutive groups of stage indices whose tallest group is as short as possible."""
    n = len(heights)
    columns = max(1, min(columns, n))
    if columns == 1 or n == 0:
        return [list(range(n))]
    best: list[list[int]] | None = None
    best_h = float("inf")
    # Few stages in practice (3-4); past a dozen fall back to equal counts.
    if n <= 12:
        for cuts in itertools.combinations(range(1, n), columns - 1):
            bounds = [0, *cuts, n]
            groups = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
            tallest = max(sum(heights[i] for i in g) for g in groups)
            if tallest < best_h:
                best, best_h = groups, tallest
        assert best is not None
        return best
    size = -(-n // columns)
    return [list(range(i, min(n, i + size))) for i in range(0, n, size)]


def choose_columns(
    measure: Callable[[int], tuple[float, float]],
    n_stages: int,
    view_w: float,
    view_h: float,
    max_fit: float,
    min_readable: float,
) -> int:
    """The column count whose layout fits the view at the largest zoom (capped at max_fit).

    When nothing fits at a readable zoom, the shortest layout that still fits the width at
    min_readable wins (fewer columns on a tie), so the user scrolls as little as possible.
    """
    if n_stages <= 1 or view_w <= 0 or view_h <= 0:
        return 1
    scores: dict[int, tuple[float, float]] = {}
    heights: dict[int, float] = {}
    for c in range(1, min(n_stages, MAX_COLUMNS) + 1):
        w, h = measure(c)
        scores[c] = (min(view_w / w, view_h / h, max_fit), view_w / w)
        heights[c] = h
    best = 1
    for c in sorted(scores):
        if scores[c][0] > scores[best][0] * PREFER_FEWER:
            best = c
    if scores[best][0] >= min_readable:
        return best
    fits_width = [c for c, (_, by_width) in scores.items() if by_width >= min_readable]
    return min(fits_width, key=lambda c: (round(heights[c]), c)) if fits_width else 1
