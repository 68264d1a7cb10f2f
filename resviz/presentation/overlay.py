"""Grad-CAM heatmaps over images, in plain numpy (and Pillow for PNG files); no Qt.

The app's Grad-CAM panel and the headless ``resviz gradcam RUN --out DIR`` both draw with
these functions, so a PNG written by the CLI looks like the tile on screen.

Images are upscaled with nearest neighbour (their pixels are real data, blurring them would
invent detail) while maps are upscaled bilinearly (a Grad-CAM map is a smooth field already
interpolated from a coarse layer; blocky maps would suggest a precision it does not have).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

# 17 evenly spaced stops of each map, interpolated linearly: at most 7/255 away from the full
# 256-entry tables (turbo: Google, Apache-2.0; inferno: matplotlib, CC0), and no dependency.
_STOPS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "turbo": (
        (48, 18, 59), (64, 64, 162), (70, 107, 227), (66, 148, 255), (40, 188, 235),
        (24, 221, 194), (50, 242, 152), (109, 254, 98), (164, 252, 60), (203, 237, 52),
        (236, 209, 58), (253, 174, 53), (251, 129, 34), (236, 83, 15), (210, 49, 5),
        (172, 23, 1), (122, 4, 3),
    ),
    "inferno": (
        (0, 0, 4), (11, 7, 36), (33, 12, 74), (61, 9, 101), (87, 16, 110),
        (113, 25, 110), (138, 34, 106), (163, 44, 97), (188, 55, 84), (208, 69, 69),
        (227, 89, 51), (241, 113, 31), (249, 140, 10), (252, 170, 15), (249, 201, 50),
        (242, 232, 101), (252, 255, 164),
    ),
}
COLORMAPS: tuple[str, ...] = tuple(_STOPS)
# Inferno, not a rainbow: its lightness rises evenly from cold to hot, so the order reads the
# same to colour-blind students and in greyscale; turbo stays available.
DEFAULT_COLORMAP = "inferno"


@lru_cache(maxsize=8)
def lookup_table(name: str = DEFAULT_COLORMAP, n: int = 256) -> np.ndarray:
    """n colours of a colour map as uint8 [n, 3] (read-only: it is shared)."""
    if name not in _STOPS:
        raise ValueError(f"unknown colour map '{name}'; choose one of {', '.join(COLORMAPS)}")
    stops = np.asarray(_STOPS[name], dtype=np.float64)
    xs = np.linspace(0.0, 1.0, len(stops))
    x = np.linspace(0.0, 1.0, n)
    lut = np.stack([np.interp(x, xs, stops[:, c]) for c in range(3)], axis=1)
    out = np.round(lut).astype(np.uint8)
    out.setflags(write=False)
    return out


def _as_rgb(image: np.ndarray) -> np.ndarray:
    img = np.asarray(image)
    if img.ndim == 2:
        img = np.repeat(img[:, :, None], 3, axis=2)
    if img.ndim != 3 or img.shape[2] not in (3, 4):
        raise ValueError(f"expected an image of shape [H, W, 3], got {img.shape}")
    if img.dtype != np.uint8:
        raise ValueError(f"expected a uint8 image, got {img.dtype}")
    return img[:, :, :3]


def _as_cam(cam: np.ndarray) -> np.ndarray:
    c = np.asarray(cam, dtype=np.float32)
    if c.ndim != 2:
        raise ValueError(f"expected a map of shape [H, W], got {c.shape}")
    # A map of a dead layer can hold NaN (0/0 in normalising); show it as "no attention".
    return np.clip(np.nan_to_num(c, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def colorize(cam: np.ndarray, cmap: str = DEFAULT_COLORMAP) -> np.ndarray:
    """A map in [0, 1] [H, W] → uint8 RGB [H, W, 3] (values outside [0, 1] are clipped)."""
    lut = lookup_table(cmap)
    idx = np.round(_as_cam(cam) * (len(lut) - 1)).astype(np.intp)
    return lut[idx]


def upscale_nearest(image: np.ndarray, scale: int) -> np.ndarray:
    """Each pixel becomes a scale × scale square."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, got {scale}")
    if scale == 1:
        return np.array(image, copy=True)
    return np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)


def resize_bilinear(cam: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A map [h, w] resampled to size (H, W), pixel centres aligned (torch's align_corners=False)."""
    c = np.asarray(cam, dtype=np.float32)
    h, w = c.shape
    out_h, out_w = size
    if (h, w) == (out_h, out_w):
        return c.copy()

    def axis(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0.0, n_in - 1)
        lo = np.floor(pos).astype(np.intp)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, (pos - lo).astype(np.float32)

    y0, y1, wy = axis(h, out_h)
    x0, x1, wx = axis(w, out_w)
    top = c[y0][:, x0] * (1 - wx) + c[y0][:, x1] * wx
    bottom = c[y1][:, x0] * (1 - wx) + c[y1][:, x1] * wx
    return top * (1 - wy[:, None]) + bottom * wy[:, None]


def overlay(
    image: np.ndarray,
    cam: np.ndarray,
    alpha: float = 0.5,
    *,
    scale: int = 1,
    cmap: str = DEFAULT_COLORMAP,
) -> np.ndarray:
    """The image with the coloured map blended over it: uint8 [H·scale, W·scale, 3].

    alpha 0 gives the image itself, 1 the heatmap alone. The map may have any size; it is
    resampled to the output. Inputs are never modified.
    """
    rgb = upscale_nearest(_as_rgb(image), scale)
    a = float(min(1.0, max(0.0, alpha)))
    if a == 0.0:
        return rgb
    c = _as_cam(cam)
    if c.shape != rgb.shape[:2]:
        c = resize_bilinear(c, rgb.shape[:2])
    heat = colorize(c, cmap).astype(np.float32)
    out = rgb.astype(np.float32) * (1.0 - a) + heat * a
    return np.round(out).astype(np.uint8)


def draw_box(
    rgb: np.ndarray,
    box: np.ndarray | tuple[int, int, int, int],
    scale: int = 1,
    colour: tuple[int, int, int] = (255, 255, 255),
) -> np.ndarray:
    """A copy of rgb with a one-pixel outline of box (x0, y0, x1, y1 in source pixels, end exclusive)."""
    out = np.array(rgb, copy=True)
    h, w = out.shape[:2]
    x0, y0, x1, y1 = (int(v) * scale for v in box)
    x0, y0 = max(0, min(w - 1, x0)), max(0, min(h - 1, y0))
    x1, y1 = max(x0 + 1, min(w, x1)), max(y0 + 1, min(h, y1))
    out[y0, x0:x1] = colour
    out[y1 - 1, x0:x1] = colour
    out[y0:y1, x0] = colour
    out[y0:y1, x1 - 1] = colour
    return out


def save_overlay_png(
    path: str | Path,
    image: np.ndarray,
    cam: np.ndarray,
    alpha: float = 0.5,
    scale: int = 4,
    *,
    cmap: str = DEFAULT_COLORMAP,
    box: np.ndarray | tuple[int, int, int, int] | None = None,
) -> Path:
    """Write the overlay (optionally with the object's box) as a PNG; returns the path."""
    from PIL import Image  # only the writers need Pillow

    rgb = overlay(image, cam, alpha, scale=scale, cmap=cmap)
    if box is not None:
        rgb = draw_box(rgb, box, scale)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.ascontiguousarray(rgb)).save(out, format="PNG")
    return out
