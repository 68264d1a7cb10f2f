"""The built-in dataset: procedural shapes and textures, made offline from a seed.

Ten classes of objects, drawn at a random position, size, rotation and colour over a cluttered
background (a colour gradient, a faint texture, small distractor dots, a stray line, noise).
Colours are drawn independently of the class, so only shape and texture tell classes apart;
two classes (stripes, checker) share their outline with others and differ only in texture.

Everything is vectorised over images. Parameters are drawn per fixed-size chunk from a generator
seeded by (seed, stream, chunk index), so image i depends only on those and on ``image_size``:
``generate(100, s)`` is the first 100 images of ``generate(50_000, s)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from resviz.data.registry import BUILTIN_CLASSES
from resviz.data.seeding import derive_seed

CLASS_NAMES = BUILTIN_CLASSES  # as runs store them; class_title shows them in the user's language
NUM_CLASSES = len(CLASS_NAMES)

# Images per chunk. Fixed (not a parameter) because it is part of what the seed means; a multiple
# of NUM_CLASSES so every full chunk holds exactly CHUNK / 10 images of each class.
CHUNK = 2000
# Objects count as covering a pixel (for boxes) when they cover at least half of it.
COVER_THRESHOLD = 0.5

_DISC, _RING, _SQUARE, _DIAMOND, _TRIANGLE, _CROSS, _ELLIPSE, _STAR, _STRIPES, _CHECKER = range(10)
# Classes that only tolerate a small tilt: a square turned 45 degrees is a diamond, and an
# upside-down triangle would make "pointing up" meaningless.
_UPRIGHT = (_SQUARE, _DIAMOND, _TRIANGLE, _CROSS, _CHECKER)
_MAX_TILT = math.radians(15)
# Object radius as a share of the image side, and how strongly positions avoid the centre (see
# _off_centre); chosen so the centre baseline of the pointing game is close to area chance.
RADIUS = (0.2, 0.3)
SPREAD = 0.2
INSET = 0.6


@dataclass(frozen=True, eq=False)
class ProceduralSet:
    """Generated images with their labels, object boxes and (optionally) coverage masks."""

    images: torch.Tensor  # uint8 [N, 3, H, W]
    labels: torch.Tensor  # int64 [N]
    boxes: torch.Tensor  # int64 [N, 4]: x0, y0, x1, y1 in pixels, end exclusive
    masks: torch.Tensor | None = None  # uint8 [N, H, W]: how much of each pixel the object covers

    def __len__(self) -> int:
        return int(self.labels.shape[0])


def generate(
    n: int, seed: int = 0, image_size: int = 32, *, stream: int = 0, with_masks: bool = False
) -> ProceduralSet:
    """Make ``n`` images of ``image_size`` x ``image_size`` pixels.

    ``stream`` picks an independent sequence for the same seed (0 training, 1 validation, ...).
    ``with_masks`` also returns per-pixel object coverage (0..255), the exact truth for Grad-CAM.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if image_size < 8:
        raise ValueError(f"image_size must be at least 8 pixels, got {image_size}")
    parts: list[tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor | None]] = []
    for chunk in range(math.ceil(n / CHUNK)):
        g = torch.Generator().manual_seed(derive_seed(seed, stream, chunk))
        parts.append(_render_chunk(g, image_size, min(CHUNK, n - chunk * CHUNK), with_masks))
    if not parts:
        empty = torch.zeros((0, 3, image_size, image_size), dtype=torch.uint8)
        masks0 = torch.zeros((0, image_size, image_size), dtype=torch.uint8) if with_masks else None
        no_boxes = torch.zeros((0, 4), dtype=torch.int64)
        return ProceduralSet(empty, torch.zeros(0, dtype=torch.int64), no_boxes, masks0)
    return ProceduralSet(
        images=torch.cat([p[0] for p in parts]),
        labels=torch.cat([p[1] for p in parts]),
        boxes=torch.cat([p[2] for p in parts]),
        masks=torch.cat([p[3] for p in parts if p[3] is not None]) if with_masks else None,
    )


class _Draws:
    """Per-image random values, drawn for a whole chunk and cut to the first ``keep`` images.

    Drawing for the whole chunk keeps the stream the same however many images are kept, so
    small sets (previews, tests) render only what they need and still match the large ones.
    """

    def __init__(self, g: torch.Generator, keep: int) -> None:
        self.g, self.keep = g, keep

    def uniform(self, *shape: int, lo: float = 0.0, hi: float = 1.0) -> torch.Tensor:
        return (torch.rand((CHUNK, *shape), generator=self.g) * (hi - lo) + lo)[: self.keep]


def _contrasting(r: _Draws, base: torch.Tensor) -> torch.Tensor:
    """Random colours [B, 3] that differ from ``base`` by at least 0.25 in every channel."""
    delta = r.uniform(3, lo=0.25, hi=0.65)
    up = r.uniform(3) < 0.5
    up = torch.where(base + 0.25 > 1.0, False, torch.where(base - 0.25 < 0.0, True, up))
    return (base + torch.where(up, delta, -delta)).clamp(0.0, 1.0)


def _fill(colour: torch.Tensor, shape: tuple[int, int, int, int]) -> torch.Tensor:
    """Colours [B, 3] as a broadcast view of ``shape`` [B, 3, H, W] (no copy)."""
    return colour[:, :, None, None].expand(shape)


def _over(canvas: torch.Tensor, colour: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """Paint ``colour`` (B,3 or B,3,H,W) over ``canvas`` (B,3,H,W, in place) with coverage ``alpha``."""
    if colour.dim() == 2:
        colour = _fill(colour, canvas.shape)
    # One fused lerp kernel; the same expression in broadcast arithmetic is about 10x slower on CPU.
    return canvas.lerp_(colour, alpha[:, None].expand_as(canvas))


# Inside-ness of each outline in the object's own frame (units of its radius; positive inside,
# roughly the distance to the edge, so alpha = d * radius_px + 0.5 anti-aliases over one pixel).
def _d_disc(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    return 1.0 - torch.hypot(u, v)


def _d_ring(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    rho = torch.hypot(u, v)
    return torch.minimum(rho - 0.5, 1.0 - rho)


def _d_square(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    return 0.78 - torch.maximum(u.abs(), v.abs())


def _d_diamond(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    return (1.0 - (u.abs() + v.abs())) * (1.0 / math.sqrt(2.0))


def _d_triangle(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    # Equilateral, circumradius 1, apex up (image y grows downwards); inradius 0.5.
    return 0.5 - torch.maximum(v, 0.8660254 * u.abs() - 0.5 * v)


def _d_cross(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    au, av = u.abs(), v.abs()
    arm_h = torch.minimum(0.28 - av, 1.0 - au)
    arm_v = torch.minimum(0.28 - au, 1.0 - av)
    return torch.maximum(arm_h, arm_v)


def _d_ellipse(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    return (1.0 - torch.hypot(u, v * 2.0)) * 0.5


def _d_star(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    spikes = (0.5 + 0.5 * torch.cos(5.0 * torch.atan2(v, u))) ** 2
    return (0.42 + 0.58 * spikes - torch.hypot(u, v)) * 0.5


_OUTLINES: dict[int, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    _DISC: _d_disc, _RING: _d_ring, _SQUARE: _d_square, _DIAMOND: _d_diamond,
    _TRIANGLE: _d_triangle, _CROSS: _d_cross, _ELLIPSE: _d_ellipse, _STAR: _d_star,
}


def _render_chunk(
    g: torch.Generator, size: int, keep: int, with_masks: bool
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """The first ``keep`` images of the chunk whose randomness comes from ``g``."""
    r, b, s = _Draws(g, keep), keep, float(size)
    labels = (torch.randperm(CHUNK, generator=g) % NUM_CLASSES)[:keep]
    centres = torch.arange(size, dtype=torch.float32) + 0.5  # pixel centres, in pixels
    xs, ys = centres.view(1, 1, size), centres.view(1, size, 1)

    # Background: a gradient between two related colours, plus a faint texture in brightness.
    c1 = r.uniform(3)
    c2 = (c1 + r.uniform(3, lo=-0.35, hi=0.35)).clamp(0.0, 1.0)
    ang = r.uniform(hi=2 * math.pi).view(b, 1, 1)
    t = ((xs / s - 0.5) * torch.cos(ang) + (ys / s - 0.5) * torch.sin(ang)).mul_(0.7071).add_(0.5)
    shape = (b, 3, size, size)
    canvas = torch.lerp(_fill(c1, shape), _fill(c2, shape), t[:, None].expand(shape))
    tex_amp = r.uniform(hi=0.08).view(b, 1, 1)
    tex_freq = r.uniform(lo=1.5, hi=5.0).view(b, 1, 1) * (2 * math.pi / s)
    tex_ang = r.uniform(hi=math.pi).view(b, 1, 1)
    tex_phase = r.uniform(hi=2 * math.pi).view(b, 1, 1)
    proj = xs * torch.cos(tex_ang) + ys * torch.sin(tex_ang)
    canvas += (tex_amp * torch.sin(proj * tex_freq + tex_phase))[:, None].expand(shape)

    # Distractors, drawn under the object: small dots of any colour and a thin stray line.
    for _ in range(3):
        present = (r.uniform() < 0.6).float().view(b, 1, 1)
        radius = r.uniform(lo=0.03, hi=0.08).view(b, 1, 1) * s + 0.4
        dx = xs - r.uniform(hi=s).view(b, 1, 1)
        dy = ys - r.uniform(hi=s).view(b, 1, 1)
        alpha = (radius - torch.hypot(dx, dy) + 0.5).clamp_(0.0, 1.0).mul_(present)
        canvas = _over(canvas, r.uniform(3), alpha)
    line_on = (r.uniform() < 0.5).float().view(b, 1, 1)
    line_ang = r.uniform(hi=math.pi).view(b, 1, 1)
    line_off = r.uniform(lo=-0.35, hi=0.35).view(b, 1, 1) * s
    half_width = r.uniform(lo=0.3, hi=0.8).view(b, 1, 1)
    dist = ((xs - s / 2) * -torch.sin(line_ang) + (ys - s / 2) * torch.cos(line_ang) - line_off).abs()
    alpha = (half_width - dist + 0.5).clamp_(0.0, 1.0).mul_(line_on)
    canvas = _over(canvas, r.uniform(3), alpha)

    # The object: geometry in its own frame (u, v), in units of its radius.
    radius = r.uniform(lo=RADIUS[0], hi=RADIUS[1]) * s
    cx, cy = _off_centre(r, radius, s)
    upright = torch.isin(labels, torch.tensor(_UPRIGHT))
    tilt, turn = r.uniform(lo=-_MAX_TILT, hi=_MAX_TILT), r.uniform(hi=2 * math.pi)
    theta = torch.where(upright, tilt, turn)
    stretch = r.uniform(lo=0.85, hi=1.15).sqrt()
    cos_t, sin_t = torch.cos(theta).view(b, 1, 1), torch.sin(theta).view(b, 1, 1)
    dx = (xs - cx.view(b, 1, 1)) / radius.view(b, 1, 1)
    dy = (ys - cy.view(b, 1, 1)) / radius.view(b, 1, 1)
    u = (cos_t * dx + sin_t * dy) / stretch.view(b, 1, 1)
    v = (cos_t * dy - sin_t * dx) * stretch.view(b, 1, 1)

    inside = torch.empty(b, size, size)
    for cls, outline in _OUTLINES.items():
        sel = labels == cls
        inside[sel] = outline(u[sel], v[sel])
    # Texture patches: a disc or a square outline, so the outline alone cannot name the class.
    patch_round = r.uniform() < 0.5
    fg = _contrasting(r, (c1 + c2) * 0.5)
    fg2 = _contrasting(r, fg)
    period = r.uniform(lo=2.6, hi=4.5)  # pixels
    phase = r.uniform(2, hi=2 * math.pi)
    pattern = torch.ones(b, size, size)
    for cls in (_STRIPES, _CHECKER):
        sel = labels == cls
        pu, pv, r_px = u[sel], v[sel], radius[sel].view(-1, 1, 1)
        inside[sel] = torch.where(patch_round[sel].view(-1, 1, 1), _d_disc(pu, pv) * 0.9, _d_square(pu, pv))
        k = (2 * math.pi / period[sel]).view(-1, 1, 1) * r_px
        wave_u = torch.sin(pu * k + phase[sel, 0].view(-1, 1, 1))
        if cls == _STRIPES:
            pattern[sel] = (0.5 + 1.5 * wave_u).clamp(0.0, 1.0)
        else:
            wave_v = torch.sin(pv * k + phase[sel, 1].view(-1, 1, 1))
            pattern[sel] = (0.5 + 2.5 * wave_u * wave_v).clamp(0.0, 1.0)
    alpha = (inside * radius.view(b, 1, 1) + 0.5).clamp_(0.0, 1.0)
    obj_colour = torch.lerp(_fill(fg2, shape), _fill(fg, shape), pattern[:, None].expand(shape))
    canvas = _over(canvas, obj_colour, alpha)

    noise_sd = r.uniform(hi=0.06).view(b, 1, 1, 1)
    # Brightness noise, uniform with the spread of Gaussian noise: drawing it per pixel rather than
    # per channel, and uniform rather than normal, makes it 3-5x cheaper (it dominated the cost).
    # The last draw of a chunk, so it may stop at ``keep`` images: torch's CPU generator fills
    # tensors in order, so these are the first values of the full chunk's draw.
    noise = torch.rand((b, 1, size, size), generator=g).sub_(0.5).mul_(noise_sd * math.sqrt(12.0))
    images = canvas.add_(noise.expand(shape)).mul_(255.0).round_().clamp_(0.0, 255.0).to(torch.uint8)

    boxes = _boxes(alpha >= COVER_THRESHOLD)
    masks = alpha.mul(255.0).round_().to(torch.uint8) if with_masks else None
    return images, labels.to(torch.int64), boxes, masks


def _off_centre(r: _Draws, radius: torch.Tensor, s: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Object centres that put the image centre in the object's box about as rarely as any pixel.

    Uniform placement puts the image centre inside most boxes (83% against a mean box area of
    33%), so a Grad-CAM map that always peaks at the centre would win the pointing game. Here the
    centre's offset is drawn on the square rings around the image centre, its size (the larger of
    |dx| and |dy|) with a density that rises towards the edge (``u ** SPREAD``), as far as the
    object fits with at most INSET of its radius outside the image.
    """
    reach = s / 2 - radius * INSET
    far = r.uniform() ** SPREAD * reach  # the larger offset
    along = r.uniform(lo=-1.0, hi=1.0) * far  # the other one, anywhere up to it
    sign = torch.where(r.uniform(2) < 0.5, -1.0, 1.0)
    x_major = r.uniform() < 0.5
    dx = torch.where(x_major, far, along) * sign[:, 0]
    dy = torch.where(x_major, along, far) * sign[:, 1]
    return s / 2 + dx, s / 2 + dy


def _boxes(covered: torch.Tensor) -> torch.Tensor:
    """Tight boxes (x0, y0, x1, y1), end exclusive, around the True pixels of [B, H, W]."""
    _, h, w = covered.shape
    rows = covered.any(dim=2).to(torch.uint8)  # [B, H]
    cols = covered.any(dim=1).to(torch.uint8)  # [B, W]
    y0 = rows.argmax(dim=1)
    y1 = h - rows.flip(1).argmax(dim=1)
    x0 = cols.argmax(dim=1)
    x1 = w - cols.flip(1).argmax(dim=1)
    boxes = torch.stack([x0, y0, x1, y1], dim=1).to(torch.int64)
    # An object can never vanish (it is at least 3 pixels across); the guard keeps boxes valid.
    empty = rows.sum(dim=1) == 0
    return torch.where(empty[:, None], torch.tensor([0, 0, w, h]), boxes)
