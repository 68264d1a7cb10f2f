"""The explorer's Qt-free parts: table cells, the series cache, summary formats, the figure."""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from resviz.arch.presets import get_preset
from resviz.arch.spec import to_dict
from resviz.errors import ResvizError
from resviz.presentation.columns import (
    COLUMN_INDEX,
    COLUMNS,
    format_duration,
    is_residual,
    sort_value,
)
from resviz.presentation.comparison import curve, profile_at
from resviz.presentation.figure import bin_means, figure_from_store
from resviz.presentation.run_colors import COLORS, ColorBook
from resviz.presentation.run_store import RunCache
from resviz.presentation.smoothing import ema
from resviz.presentation.summary import (
    HEADERS,
    display_cell,
    summary_row,
    to_csv,
    to_markdown,
    to_tsv,
)
from resviz.runs import RunStore, open_store
from tests.fixtures.synthetic_runs import add_synthetic_run


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    s = open_store(tmp_path / "store")
    yield s
    s.close()


def tensorboard_ema(values: list[float], w: float) -> list[float]:
    out, last, n = [], 0.0, 0
    for v in values:
        if not math.isfinite(v):
            out.append(v)
            continue
        last = last * w + (1 - w) * v
        n += 1
        out.append(last / (1 - w**n))
    return out


def test_smooth_matches_tensorboard_and_keeps_nans() -> None:
    values = 2.0 + np.random.default_rng(3).normal(0.0, 0.2, 60)
    values[2] = np.nan
    got = ema(values, 0.8)  # 59 finite points: the asked weight is used uncapped
    want = tensorboard_ema(values.tolist(), 0.8)
    assert np.isnan(got[2])
    np.testing.assert_allclose(np.delete(got, 2), np.delete(want, 2), rtol=1e-12)
    np.testing.assert_array_equal(ema(values, 0.0)[[0, 1, 3]], values[[0, 1, 3]])


def test_profile_at_takes_the_nearest_probe_at_or_before_the_step() -> None:
    steps = np.array([10, 20, 30])
    matrix = np.array([[1.0], [2.0], [3.0]])
    assert profile_at(steps, matrix, 25)[0] == 20  # type: ignore[index]
    assert profile_at(steps, matrix, 30)[0] == 30  # type: ignore[index]
    assert profile_at(steps, matrix, 5) is None
    assert profile_at(np.empty(0, np.int64), np.empty((0, 1)), 5) is None


def test_cells_and_missing_values_sort_last(store: RunStore) -> None:
    a = add_synthetic_run(store, "resnet20", steps=100, steps_per_epoch=10, gradcam=False)
    b = store.create_run("queued plain", spec=to_dict(get_preset("plain20")),
                         summary={"arch": "plain20", "depth": 20, "residual": False})
    runs = {r.id: r for r in store.list_runs()}
    ra, rb = runs[a], runs[b]
    texts = {c.key: c.text(ra) for c in COLUMNS}
    assert texts["type"] == "residual" and texts["block"] == "basic" and texts["shortcut"] == "A · pad"
    assert texts["best_val_acc"].endswith("%") and texts["status"] == "finished"
    assert COLUMNS[COLUMN_INDEX["type"]].text(rb) == "plain"
    col = COLUMN_INDEX["best_val_acc"]
    assert sort_value(rb, col)[0] == 1 and sort_value(ra, col)[0] == 0


def test_is_residual_falls_back_to_the_spec(store: RunStore) -> None:
    run_id = store.create_run("no summary", spec=to_dict(get_preset("resnet20")))
    assert is_residual(store.get_run(run_id)) is True
    run_id = store.create_run("plain, no summary", spec=to_dict(get_preset("plain20")))
    assert is_residual(store.get_run(run_id)) is False


def test_format_duration() -> None:
    assert format_duration(None) == ""
    assert format_duration(5.25) == "5.2 s"
    assert format_duration(125) == "2m 05s"
    assert format_duration(3 * 3600 + 60) == "3h 01m"


def test_cache_reads_only_newer_rows(store: RunStore) -> None:
    run_id = store.create_run("live")
    store.log_metrics(run_id, 1, {"train/loss": 2.0, "train/acc": 0.1, "epoch": 0.1})
    cache = RunCache(store)
    run = cache.get(run_id)
    assert run.series("train/loss")[1].tolist() == [2.0]
    assert cache.update([run_id]) == []  # nothing new: no redraw
    store.log_metrics(run_id, 2, {"train/loss": 1.5, "train/acc": 0.2, "epoch": 0.2})
    store.log_metrics(run_id, 10, {"val/loss": 1.7, "val/acc": 0.3})
    calls: list[int | None] = []
    original = store.metric_series

    def spy(rid: int, key: str, *, after_step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        calls.append(after_step)
        return original(rid, key, after_step=after_step)

    store.metric_series = spy  # type: ignore[method-assign]
    assert cache.update([run_id]) == [run_id]
    assert cache.get(run_id) is run and run.version == 1
    assert run.series("train/loss")[0].tolist() == [1, 2]
    assert run.series("val/acc")[1].tolist() == [0.3]
    assert 1 in calls  # train rows were read after the last step held, not from the start


def test_curve_axes_and_error(store: RunStore) -> None:
    run_id = add_synthetic_run(store, "plain20", steps=200, steps_per_epoch=50, gradcam=False,
                               wall_per_step=0.5)
    cache = RunCache(store)
    run = cache.get(run_id)
    x, y = curve(run, "train", "loss", "step")
    assert x[0] == 1 and x[-1] == 200 and len(y) == 200
    x, _ = curve(run, "train", "loss", "epoch")
    assert x[-1] == pytest.approx(4.0)
    x, _ = curve(run, "train", "loss", "wall")
    assert x[-1] - x[0] == pytest.approx(199 * 0.5)
    _, err = curve(run, "val", "error", "step")
    _, acc = run.series("val/acc")
    np.testing.assert_allclose(err, 100 * (1 - acc))


def test_summary_formats(store: RunStore) -> None:
    ids = [add_synthetic_run(store, p, steps=100, steps_per_epoch=10, gradcam=False, name=n)
           for p, n in (("plain20", "plain, 20 | deep"), ("resnet20", "resnet20"))]
    rows = [summary_row(store.get_run(i), 0.9) for i in ids]
    parsed = list(csv.reader(io.StringIO(to_csv(rows))))
    assert parsed[0] == list(HEADERS) and parsed[1][0] == "plain, 20 | deep"
    assert parsed[0][:4] == ["Name", "Final train loss", "Final train error (%)", "Best val acc (%)"]
    assert parsed[1][HEADERS.index("Final train error (%)")] == "10.00"
    md = to_markdown(rows).splitlines()
    assert md[0].startswith("| Name | Final train loss |") and md[1].startswith("|---|---:|")
    assert "plain, 20 \\| deep" in md[2] and len(md) == 4
    tsv = to_tsv(rows).splitlines()
    assert tsv[0].split("\t") == list(HEADERS) and tsv[2].split("\t")[0] == "resnet20"
    assert display_cell("Params", "214546") == "214,546" and display_cell("Run", "12") == "12"


def test_color_book_keeps_colours_of_runs_still_selected() -> None:
    book = ColorBook()
    first = book.assign([5, 7])
    again = book.assign([7, 9, 5])
    assert again[5] == first[5] and again[7] == first[7] and again[9] not in (first[5], first[7])
    many = book.assign(list(range(len(COLORS) + 2)))
    assert len(set(many.values())) == len(COLORS)


def test_a_run_shown_again_comes_back_in_its_colour() -> None:
    book = ColorBook()
    demo = book.assign([1, 2, 3, 4])  # the demo's four runs
    book.assign([1, 3])  # a lesson compares two of them
    book.assign([8, 9])  # others are compared meanwhile
    assert book.assign([4, 3, 2, 1]) == {i: demo[i] for i in (4, 3, 2, 1)}  # lesson 3: the demo's colours
    clash = book.assign([8, 2])  # two runs never share a colour on screen
    assert clash[8] != clash[2]


def test_bin_means_limits_points_and_keeps_nan() -> None:
    x = np.arange(10_000, dtype=float)
    y = np.ones(10_000)
    y[5000] = np.nan
    bx, by = bin_means(x, y, 100)
    assert len(bx) == 100 and np.isnan(by).sum() == 1 and np.nanmax(by) == 1.0


def test_figure_png_and_svg(store: RunStore, tmp_path: Path) -> None:
    ids = [add_synthetic_run(store, p, steps=300, steps_per_epoch=30, gradcam=False)
           for p in ("plain20", "resnet20")]
    png = figure_from_store(ids, tmp_path / "fig.png", store=store, log_y=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    svg = figure_from_store(ids, tmp_path / "fig.svg", store=store.dir, quantity="error",
                            x_axis="epoch")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text()
    assert "plain20" in text and "resnet20" in text and "Validation" in text  # fonts kept as text
    assert "stroke-dasharray" in text  # the plain run is dashed
    with pytest.raises(ResvizError, match="cannot write a figure as"):
        figure_from_store(ids, tmp_path / "fig.gif", store=store)
    (tmp_path / "afile").write_text("")
    with pytest.raises(ResvizError, match="cannot write a figure in"):  # its folder is a file
        figure_from_store(ids, tmp_path / "afile" / "fig.png", store=store)


def test_the_command_lines_figure_speaks_chinese_and_says_when_validation_is_missing(
        store: RunStore, tmp_path: Path) -> None:
    from resviz import i18n

    ids = [add_synthetic_run(store, p, steps=40, steps_per_epoch=100, gradcam=False) for p in ("plain20", "resnet20")]
    i18n.set_language("zh_CN")
    try:
        text = figure_from_store(ids, tmp_path / "fig.svg", store=store).read_text()
    finally:
        i18n.set_language("en")
    assert all(word in text for word in ("训练", "验证", "步数", "损失", "随机猜测"))
    assert "分段下降" not in text  # the schedule's "step", not the axis's
    assert "这些训练记录还没有验证结果" in text  # 40 steps, validation at 100: an empty panel says so
    assert "no validation" not in figure_from_store(
        [add_synthetic_run(store, "resnet20", steps=300, steps_per_epoch=100, gradcam=False)],
        tmp_path / "with_val.svg", store=store).read_text()


@pytest.mark.parametrize("w", [0.3, 0.9, 0.99])
def test_smooth_long_series_does_not_overflow(w: float) -> None:
    values = 1.0 + np.random.default_rng(0).random(20_000)
    got = ema(values, w)
    want = tensorboard_ema(values.tolist(), w)
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_headless_parts_do_not_import_qt() -> None:
    import subprocess
    import sys

    code = ("import sys; import resviz.presentation.figure, resviz.presentation.summary, "
            "resviz.presentation.comparison, resviz.presentation.columns; "
            "bad = [m for m in ('PySide6', 'pyqtgraph') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_figure_has_the_chance_line_and_a_short_key(store: RunStore, tmp_path: Path) -> None:
    """As on screen: the chance level drawn and labelled, the names without what they all share."""
    ids = [add_synthetic_run(store, p, steps=300, steps_per_epoch=30, gradcam=False) for p in ("plain56", "resnet56")]
    for run_id in ids:
        store.rename_run(run_id, store.get_run(run_id).name + " · degradation demo · seed 0")
    text = figure_from_store(ids, tmp_path / "fig.svg", store=store).read_text()
    assert text.count("chance: ln 10 = 2.30") == 2  # one per plot
    assert text.count("degradation demo · seed 0") == 1 and ">plain56<" in text.replace(" ", "")
    error = figure_from_store(ids, tmp_path / "err.svg", store=store, quantity="error").read_text()
    assert error.count("chance: 90 %") == 2


def test_adding_a_run_never_recolours_one_on_screen() -> None:
    """Run 2 seen alone, then run 1 alone: both had the first colour. Adding run 2 to run 1
    (the table lists it first, being newer) must not take run 1's colour from it."""
    book = ColorBook()
    book.assign([2])
    alone = book.assign([1])
    both = book.assign([2, 1])
    assert both[1] == alone[1] and both[2] != both[1]


def test_the_figures_chance_label_moves_off_a_curve() -> None:
    """plain-56 ends just above chance at the right: the label goes where no curve is."""
    from matplotlib.figure import Figure

    from resviz.presentation.figure import _label_place

    ax = Figure().subplots()
    x = np.linspace(0, 100, 200)
    ax.plot(x, np.full_like(x, 2.33))  # hugging the chance line from above, all the way
    ax.plot(x, 2.0 - x / 100)
    ax.set_ylim(0.8, 2.6)
    assert _label_place(ax, 2.30)[1] == "top"  # below the line, where nothing is
    ax2 = Figure().subplots()
    ax2.plot(x[100:], np.full(100, 2.33))  # only the right half
    ax2.set_ylim(0.8, 2.6)
    assert _label_place(ax2, 2.30)[0] < 0.5 or _label_place(ax2, 2.30)[1] == "top"
