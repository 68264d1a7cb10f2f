"""Grad-CAM's pointing game, scored beside the two baselines that give it a meaning.

A map "hits" when its peak lies inside the object's box. A score means something only beside
what trivial maps get on the same boxes: a map with a random peak hits as often as the box's
share of the image (area chance), a map that always peaks at the image centre hits as often as
the centre lies in the box (the centre baseline).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

POINTING_IMAGES = 500
"""Images the score is measured on: at a score near 50% its standard error is about 2 points
(with the 16 images on screen it would be about 12)."""


@dataclass(frozen=True)
class PointingScore:
    hits: int
    n: int
    area_chance: float
    """Mean share of the image covered by the box: what a map with a random peak scores."""
    centre: float
    """Share of boxes that hold the image centre: what a map that always peaks there scores."""

    @property
    def score(self) -> float:
        return self.hits / self.n if self.n else math.nan

    @property
    def stderr(self) -> float:
        """Binomial standard error of the score."""
        if not self.n:
            return math.nan
        p = self.score
        return math.sqrt(p * (1.0 - p) / self.n)


def hits(maps: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Whether each map's peak [N, H, W] lies inside its box (x0, y0, x1, y1; x1, y1 exclusive)."""
    n, _, w = maps.shape
    peak = np.argmax(maps.reshape(n, -1), axis=1)
    y, x = np.divmod(peak, w)
    boxes = np.asarray(boxes)
    return (boxes[:, 0] <= x) & (x < boxes[:, 2]) & (boxes[:, 1] <= y) & (y < boxes[:, 3])


def area_chance(boxes: np.ndarray, height: int, width: int) -> float:
    boxes = np.asarray(boxes, dtype=np.float64)
    if not len(boxes):
        return math.nan
    return float(np.mean((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])) / (height * width))


def centre_baseline(boxes: np.ndarray, height: int, width: int) -> float:
    """Score of a map peaking at the image centre; on an even side the centre touches two pixels
    per axis, so this is the mean over those (at most four) pixels, as no one of them is "the" centre."""
    boxes = np.asarray(boxes)
    if not len(boxes):
        return math.nan
    ys = [height // 2 - 1, height // 2] if height % 2 == 0 else [height // 2]
    xs = [width // 2 - 1, width // 2] if width % 2 == 0 else [width // 2]
    inside = [(boxes[:, 0] <= x) & (x < boxes[:, 2]) & (boxes[:, 1] <= y) & (y < boxes[:, 3])
              for y in ys for x in xs]
    return float(np.mean(inside))


def score(maps: np.ndarray, boxes: np.ndarray) -> PointingScore:
    """The pointing game on these maps, with both baselines on the same boxes."""
    _, h, w = maps.shape
    return PointingScore(int(hits(maps, boxes).sum()), len(maps), area_chance(boxes, h, w),
                         centre_baseline(boxes, h, w))
