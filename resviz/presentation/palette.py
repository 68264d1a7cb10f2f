"""Every colour resviz draws with, as named roles (hex strings), for the Qt views and the
matplotlib figures alike. Qt-free, so the command line's figures match the app's.

The data colours are Okabe & Ito's (colour-blind safe, distinct in greyscale by lightness), on
white so plots print and paste into slides without inversion. ``HIGH_CONTRAST`` is the
projector variant: white and yellow on black, where pale tints wash out.
"""

from __future__ import annotations

# --- text and surfaces ---------------------------------------------------------------------
INK = "#1b2631"  # text, titles, axis labels
MUTED = "#5d6d7e"  # secondary text, tick labels
FAINT = "#aeb6bf"  # axis lines, hints' subtitles
BORDER = "#c9d1d9"  # frames around tiles and colour bars
RULE = "#d5d8dc"  # separators, the zero line
GRID = "#d9d9d9"  # matplotlib grid lines
BACKGROUND = "#ffffff"
PANEL = "#f3f5f7"  # the diagram's stage panels
PANEL_BORDER = "#dde3e8"
STEM_FILL = "#d9dee3"
BLACK = "#000000"

# --- curves ----------------------------------------------------------------------------------
TRAIN = "#0072B2"  # blue
VAL = "#D55E00"  # vermillion
LR = "#009E73"  # bluish green
CHANCE = "#7f8c8d"  # the chance-level line
SNAPSHOT = "#56B4E9"  # sky blue: earlier gradient-profile snapshots

# --- plain against residual, shortcut against branch ----------------------------------------
RESIDUAL = "#0072B2"  # a net (or block) with shortcuts
PLAIN = "#9aa7b1"  # grey: a net (or block) without them
SHORTCUT = "#E69F00"  # orange, close to the diagram's skip arc
BRANCH = "#0072B2"  # blue
RATIO = "#CC79A7"  # reddish purple
ARC = "#d9480f"  # the diagram's skip arc
MAIN_LINE = "#8795a1"  # the diagram's main path
SELECT = "#1c7ed6"  # the selected block

# --- heatmaps -----------------------------------------------------------------------------
COLORMAP = "viridis"  # perceptually uniform: dark = vanishing, bright = strong
NEUTRAL = "#e4e8ec"  # a block with no measurement yet
NEUTRAL_BORDER = "#9aa7b1"

# --- states -------------------------------------------------------------------------------
GOOD = "#1e7d4f"  # right, finished well, running
WARN = "#8a6d00"  # stopped, interrupted
BAD = "#b03a2e"  # wrong, diverged, failed
ERROR = "#8b0000"  # a spec that does not fit: the text
ERROR_FILL = "#fdecea"
ERROR_EDGE = "#ef9a9a"
ERROR_PANEL = "#fff0f0"  # a diagram stage with an error
VALID_TEXT = "#1b5e20"
VALID_FILL = "#e8f5e9"
VALID_EDGE = "#a5d6a7"
NOTE_TEXT = "#8a4b00"  # a caveat beside a figure
NOTE_FILL = "#fff4e0"
CAPTION_FILL = "#fff8d6"  # a lesson's conclusion, written on the figure
CAPTION_EDGE = "#d9b400"

# One colour per compared run: Okabe & Ito first (yellow left out: it vanishes on white), then
# darker distinct hues so ten overlaid runs still differ.
RUN_COLORS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
    "#56B4E9", "#1b2631", "#8C564B", "#7F7F7F", "#9A9A00",
)

# --- the projector's high-contrast variant ------------------------------------------------
HC_BACKGROUND = "#000000"
HC_INK = "#ffffff"
HC_ACCENT = "#ffd400"  # selected tab, buttons, lesson titles
HC_SURFACE = "#1a1a1a"
HC_DISABLED = "#555555"
HC_DISABLED_TEXT = "#cccccc"
HC_RULE = "#666666"

HIGH_CONTRAST = {
    # Roles that change on a projector: dark ink and faint greys wash out, so the plots keep
    # their white ground but get black ink and darker axes.
    "INK": BLACK,
    "MUTED": "#222222",
    "FAINT": "#444444",
    "PLAIN": "#555555",
    "RULE": "#888888",
}


def hex_rgb(hex_color: str) -> tuple[int, int, int]:
    """'#1b2631' → (27, 38, 49)."""
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def tint(hex_color: str, toward_white: float) -> str:
    """The colour mixed with white: an opaque pale version of it."""
    mix = [round(v + (255 - v) * toward_white) for v in hex_rgb(hex_color)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def contrast_text(hex_background: str) -> str:
    """INK or white, whichever reads on the background (relative luminance)."""
    r, g, b = (v / 255 for v in hex_rgb(hex_background))
    return INK if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else BACKGROUND
