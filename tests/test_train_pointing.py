"""Grad-CAM's pointing game: the score, its standard error and the two baselines it is read against."""

from __future__ import annotations

import math

import numpy as np
import pytest

from resviz.data.procedural import generate
from resviz.presentation.run_store import _pointing
from resviz.train.events import GradCamLog
from resviz.train.pointing import PointingScore, area_chance, centre_baseline, hits, score
from resviz.train.recorder import gradcam_arrays


def peak_at(y: int, x: int, size: int = 8) -> np.ndarray:
    m = np.zeros((size, size), dtype=np.float32)
    m[y, x] = 1.0
    return m


def test_hits_and_score_on_a_hand_made_example() -> None:
    boxes = np.array([[2, 2, 5, 5], [2, 2, 5, 5], [0, 0, 8, 4], [6, 6, 8, 8]])
    # Peaks: inside; on the exclusive right edge (a miss); inside the top half; outside.
    maps = np.stack([peak_at(3, 4), peak_at(3, 5), peak_at(3, 7), peak_at(0, 0)])
    assert hits(maps, boxes).tolist() == [True, False, True, False]
    s = score(maps, boxes)
    assert (s.hits, s.n) == (2, 4) and s.score == 0.5
    assert s.stderr == pytest.approx(math.sqrt(0.5 * 0.5 / 4))
    # Box areas 9, 9, 32, 4 of 64 pixels.
    assert s.area_chance == pytest.approx((9 + 9 + 32 + 4) / 4 / 64)
    # The centre of an 8×8 image touches pixels 3 and 4 on each axis: boxes 1 and 2 hold all four,
    # box 3 two of them (rows 0-3), box 4 none.
    assert s.centre == pytest.approx((1.0 + 1.0 + 0.5 + 0.0) / 4)


def test_centre_of_an_odd_image_is_one_pixel() -> None:
    boxes = np.array([[2, 2, 3, 3], [0, 0, 2, 2]])
    assert centre_baseline(boxes, 5, 5) == 0.5
    assert area_chance(boxes, 5, 5) == pytest.approx((1 + 4) / 2 / 25)


def test_empty_and_perfect_scores() -> None:
    assert math.isnan(PointingScore(0, 0, math.nan, math.nan).score)
    assert PointingScore(10, 10, 0.2, 0.2).stderr == 0.0


@pytest.mark.parametrize("size", [16, 32])
def test_the_centre_of_the_built_in_images_is_no_better_than_area_chance(size: int) -> None:
    """A map that always points at the centre must not win the game (it won 83% against 33%)."""
    boxes = generate(2000, seed=1, image_size=size).boxes.numpy()
    chance, centre = area_chance(boxes, size, size), centre_baseline(boxes, size, size)
    assert 0.1 < chance < 0.4
    assert abs(centre - chance) < 0.04


def test_the_score_and_its_baselines_round_trip_through_the_store_arrays() -> None:
    n = 2
    p = PointingScore(hits=321, n=500, area_chance=0.195, centre=0.2)
    log = GradCamLog(step=1, epoch=0, layer="layer1.0", images=np.zeros((n, 8, 8, 3), np.uint8),
                     labels=np.zeros(n, int), preds=np.zeros(n, int), maps_pred=np.zeros((n, 8, 8), np.float32),
                     maps_true=np.zeros((n, 8, 8), np.float32), boxes=np.zeros((n, 4), int),
                     pointing_game=p.score, pointing=p)
    assert _pointing(gradcam_arrays(log)) == p
    assert _pointing({}) is None  # snapshots from before the baselines were stored
