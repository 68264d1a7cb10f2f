"""The Qt-free heatmap overlay: pure numpy in, uint8 out; PNGs written with Pillow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from resviz.presentation.overlay import (
    colorize,
    draw_box,
    lookup_table,
    overlay,
    resize_bilinear,
    save_overlay_png,
    upscale_nearest,
)


@pytest.fixture
def image() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)


@pytest.fixture
def cam() -> np.ndarray:
    yy, xx = np.mgrid[0:32, 0:32]
    return np.exp(-((xx - 8) ** 2 + (yy - 20) ** 2) / 30.0).astype(np.float32)


def test_overlay_shape_dtype_and_purity(image: np.ndarray, cam: np.ndarray) -> None:
    image_before, cam_before = image.copy(), cam.copy()
    out = overlay(image, cam, 0.5)
    assert out.shape == (32, 32, 3) and out.dtype == np.uint8
    assert overlay(image, cam, 0.5, scale=4).shape == (128, 128, 3)
    np.testing.assert_array_equal(image, image_before)
    np.testing.assert_array_equal(cam, cam_before)
    np.testing.assert_array_equal(out, overlay(image, cam, 0.5))  # deterministic


def test_alpha_extremes(image: np.ndarray, cam: np.ndarray) -> None:
    np.testing.assert_array_equal(overlay(image, cam, 0.0), image)
    np.testing.assert_array_equal(overlay(image, cam, 1.0), colorize(cam))
    np.testing.assert_array_equal(overlay(image, cam, -3.0), image)  # clamped, not extrapolated
    np.testing.assert_array_equal(overlay(image, cam, 7.0), colorize(cam))
    half = overlay(image, cam, 0.5).astype(int)
    expected = np.round((image.astype(float) + colorize(cam).astype(float)) / 2)
    assert np.abs(half - expected).max() <= 1


def test_colorize_ends_and_bad_values() -> None:
    lut = lookup_table("inferno")
    cam = np.array([[0.0, 1.0], [np.nan, 5.0]], dtype=np.float32)
    out = colorize(cam)  # the default map is inferno
    np.testing.assert_array_equal(out[0, 0], lut[0])
    np.testing.assert_array_equal(out[0, 1], lut[-1])
    np.testing.assert_array_equal(out[1, 0], lut[0])  # NaN → no attention
    np.testing.assert_array_equal(out[1, 1], lut[-1])  # clipped
    # Perceptually ordered: lightness (Rec. 709 luma) rises at every step from cold to hot, so
    # the order survives colour blindness and greyscale; turbo's does not.
    def luma(t: np.ndarray) -> np.ndarray:
        return t.astype(float) @ np.array([0.2126, 0.7152, 0.0722])

    assert np.all(np.diff(luma(lut[::8])) > 0)
    assert not np.all(np.diff(luma(lookup_table("turbo")[::8])) > 0)
    assert colorize(cam, "turbo").shape == (2, 2, 3)
    with pytest.raises(ValueError, match="unknown colour map"):
        colorize(cam, "nope")


def test_grey_image_and_bad_shapes(cam: np.ndarray) -> None:
    grey = np.full((32, 32), 90, dtype=np.uint8)
    assert overlay(grey, cam, 0.3).shape == (32, 32, 3)
    with pytest.raises(ValueError):
        overlay(np.zeros((32, 32, 3), dtype=np.float32), cam)
    with pytest.raises(ValueError):
        overlay(grey, np.zeros((2, 32, 32), dtype=np.float32))


def test_map_of_another_size_is_resampled(image: np.ndarray) -> None:
    coarse = np.zeros((4, 4), dtype=np.float32)
    coarse[0, 0] = 1.0
    out = overlay(image, coarse, 1.0)
    assert out.shape == (32, 32, 3)
    np.testing.assert_array_equal(out[0, 0], lookup_table()[-1])  # the hot corner stays at the corner
    np.testing.assert_array_equal(out[31, 31], lookup_table()[0])


def test_resize_bilinear_matches_torch() -> None:
    cam = np.random.default_rng(1).random((8, 8)).astype(np.float32)
    ours = resize_bilinear(cam, (32, 20))
    ref = torch.nn.functional.interpolate(
        torch.from_numpy(cam)[None, None], size=(32, 20), mode="bilinear", align_corners=False
    )[0, 0].numpy()
    np.testing.assert_allclose(ours, ref, atol=1e-5)


def test_upscale_nearest(image: np.ndarray) -> None:
    big = upscale_nearest(image, 3)
    assert big.shape == (96, 96, 3)
    np.testing.assert_array_equal(big[::3, ::3], image)
    with pytest.raises(ValueError):
        upscale_nearest(image, 0)


def test_draw_box_outlines_only(image: np.ndarray) -> None:
    out = draw_box(image, (4, 6, 10, 12), colour=(1, 2, 3))
    np.testing.assert_array_equal(out[6, 4], (1, 2, 3))
    np.testing.assert_array_equal(out[11, 9], (1, 2, 3))  # end exclusive: last row/col inside
    np.testing.assert_array_equal(out[8, 7], image[8, 7])  # the inside is untouched
    np.testing.assert_array_equal(out[12, 10], image[12, 10])
    assert not np.array_equal(out, image)


def test_save_overlay_png(tmp_path: Path, image: np.ndarray, cam: np.ndarray) -> None:
    path = save_overlay_png(tmp_path / "sub" / "cam.png", image, cam, alpha=0.6, scale=4, box=(2, 2, 20, 20))
    with Image.open(path) as png:
        assert png.format == "PNG" and png.size == (128, 128) and png.mode == "RGB"
        pixels = np.asarray(png.convert("RGB"))
    body = overlay(image, cam, 0.6, scale=4)
    np.testing.assert_array_equal(pixels[40:60, 40:60], body[40:60, 40:60])
    np.testing.assert_array_equal(pixels[8, 30], (255, 255, 255))  # the box's top edge


def test_overlay_module_does_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys, resviz.presentation.overlay as o, numpy as np;"
        "o.save_overlay_png(sys.argv[1], np.zeros((8, 8, 3), np.uint8), np.zeros((8, 8)));"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))];"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.png")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
