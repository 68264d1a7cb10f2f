"""One theme: every colour of the Qt views comes from the palette, one log axis, one font helper."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import resviz

ROOT = Path(resviz.__file__).parent
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
THEME_FILES = {ROOT / "ui" / "theme.py"}


def _hex_in_strings(path: Path) -> list[str]:
    """Hex colours written inside string literals (comments may mention '#1', say)."""
    text = path.read_text(encoding="utf-8")
    if not HEX.search(text):
        return []
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)):
            found += [f"{path.relative_to(ROOT)}:{tok.start[0]} {m}" for m in HEX.findall(tok.string)]
    return found


def test_no_colour_is_written_outside_the_theme() -> None:
    stray = [hit for path in sorted((ROOT / "ui").rglob("*.py")) if path not in THEME_FILES
             for hit in _hex_in_strings(path)]
    assert stray == [], "colours belong in resviz/presentation/palette.py: " + ", ".join(stray)


def test_one_log_axis_and_one_font_helper() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in ROOT.rglob("*.py")}
    axes = [p.name for p, s in sources.items() if "class DecadeAxis" in s]
    fonts = [str(p.relative_to(ROOT)) for p, s in sources.items()
             if re.search(r"^def _?font\(", s, re.MULTILINE) and p.parent.name != "cli"]
    assert axes == ["theme.py"] and fonts == ["ui/theme.py"]


def test_the_palette_is_qt_free() -> None:
    code = "import sys, resviz.presentation.palette; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_palette_helpers() -> None:
    from resviz.presentation import palette

    assert palette.tint("#000000", 0.5) == "#808080" and palette.tint(palette.TRAIN, 0.0) == palette.TRAIN.lower()
    assert palette.contrast_text("#ffffff") == palette.INK and palette.contrast_text("#000000") == palette.BACKGROUND
    assert len(set(palette.RUN_COLORS)) == len(palette.RUN_COLORS) == 10


def test_decade_axis_keeps_one_style_per_axis(qtbot) -> None:  # noqa: ANN001 - needs a QApplication
    from resviz.ui.theme import DecadeAxis

    axis = DecadeAxis("left")
    axis.setLogMode(False, True)
    axis.range = (-4.5, -1.5)  # three decades of gradient norms: decades only, 10⁻⁴ style
    values = [math.log10(v) for v in (1e-4, 2e-4, 1e-3, 1e-2)]
    assert axis.tickStrings(values, 1, 1.0) == ["10⁻⁴", "", "10⁻³", "10⁻²"]
    assert axis.tickStrings(values, 1, None) == ["", "", "", ""]  # minor ticks carry no label
    axis.range = (-2.2, 0.3)
    assert axis.tickStrings([-2.0, -1.0, 0.0], 1, 1.0) == ["0.01", "0.1", "1"]
    axis.plain = False
    assert axis.tickStrings([-2.0, -1.0, 0.0], 1, 1.0) == ["10⁻²", "10⁻¹", "1"]
    lr = DecadeAxis("left", plain=True)
    lr.setLogMode(False, True)
    lr.range = (-5.2, -0.8)
    assert lr.tickStrings([-5.0, -3.0, -1.0], 1, 2.0) == ["0.00001", "0.001", "0.1"]
    # Over four decades on a short axis only every other decade gets a label.
    ticks = lr.tickValues(-5.0, 0.0, 60.0)
    assert ticks[0][1] == [-4.0, -2.0, 0.0]


def test_an_empty_plot_shows_no_axis_numbers_until_data_come(qtbot) -> None:  # noqa: ANN001
    from resviz.ui.plots.curves import CurvesPanel
    from tests.fixtures.synthetic_history import make_history

    panel = CurvesPanel()
    qtbot.addWidget(panel)
    axes = [panel.loss_plot.getAxis("left"), panel.lr_plot.getAxis("left"), panel.lr_plot.getAxis("bottom")]
    assert [a.style["showValues"] for a in axes] == [False, False, False]
    assert panel._hints[panel.loss_plot.getViewBox()].isVisible()
    panel.set_history(make_history(steps=60, n=1, steps_per_epoch=20, probe_every=10))
    assert [a.style["showValues"] for a in axes] == [True, True, True]
    assert not panel.loss_plot.getAxis("bottom").style["showValues"]  # shared x: numbers only under lr
    panel.set_history(None)
    assert [a.style["showValues"] for a in axes] == [False, False, False]
