"""The degradation demo: its runs, the verdict on measured numbers (honest either way), and a
small real training run on the built-in data that must show the degradation problem."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from resviz.arch.analysis import analyze
from resviz.cli import demo_cmd
from resviz.cli.main import build_parser
from resviz.presentation.demo_verdict import (
    DemoResult,
    degradation_shown,
    final_loss,
    measure,
    verdict,
)
from resviz.runs import open_store
from resviz.runs.final import tail_mean
from resviz.train.demo import DEMO_TAG, demo_runs


def result(arch: str, loss: float, grad: float = 0.1, status: str = "finished", run_id: int = 0) -> DemoResult:
    depth = int(arch.removeprefix("plain").removeprefix("resnet"))
    return DemoResult(run_id, arch, depth, arch.startswith("resnet"), status, loss, grad)


def four(p20: float, p56: float, r20: float, r56: float) -> list[DemoResult]:
    return [result("plain20", p20, 0.2), result("plain56", p56, 4.1), result("resnet20", r20, 0.4),
            result("resnet56", r56, 0.3)]


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s+[A-Z])", text)) + 1


def test_verdict_states_degradation_and_its_cure_from_the_numbers() -> None:
    text = verdict(four(1.20, 1.65, 1.05, 0.90))
    assert "deeper plain net trains but ends with the higher training loss" in text
    assert "plain-56 1.650 against plain-20 1.200" in text
    assert "degradation problem" in text
    assert "the order reverses" in text and "ResNet-56 0.9000 against ResNet-20 1.050" in text
    assert "removed the gap" in text
    assert "4.1 in plain-56 and 0.3 in ResNet-56, so the plain net's first layer got more gradient" in text
    similar = four(1.20, 1.65, 1.05, 0.90)
    similar[3] = result("resnet56", 0.90, 3.0)
    assert "so the plain net's gradient did not vanish." in verdict(similar)
    assert 2 <= sentences(text) <= 4
    assert degradation_shown(four(1.20, 1.65, 1.05, 0.90)) is True


def test_verdict_says_so_when_the_runs_do_not_show_degradation() -> None:
    text = verdict(four(1.20, 1.18, 1.05, 0.95))
    assert "do not show the degradation problem" in text
    assert "higher training loss (" not in text.split("did not end")[0]  # no claim of what was not measured
    assert "removed the gap" not in text
    low_grad = four(1.20, 1.18, 1.05, 0.95)
    low_grad[1] = result("plain56", 1.18, 0.01)
    assert "less gradient reached the plain net's first layer" in verdict(low_grad)
    assert degradation_shown(four(1.20, 1.18, 1.05, 0.95)) is False
    assert 2 <= sentences(text) <= 4


def test_a_small_difference_is_not_called_degradation() -> None:
    assert degradation_shown(four(1.20, 1.23, 1.0, 1.0)) is False  # 2.5%: within seed noise


def test_verdict_when_the_deep_resnet_is_also_worse() -> None:
    far_below = verdict(four(1.2, 2.0, 1.0, 1.2))
    assert "ResNet-56 ended above ResNet-20 in this short run" in far_below
    assert "but below plain-56's 2.000" in far_below
    not_cured = verdict(four(1.2, 1.6, 1.0, 1.7))
    assert "did not remove the gap" in not_cured


def test_a_short_run_where_the_residual_pair_did_not_reverse_points_to_the_classroom_setting() -> None:
    from dataclasses import replace

    from resviz.presentation.demo_record import CLASSROOM
    from resviz.train.config import CLASSROOM_STEPS

    short = [replace(r, steps=750) for r in four(1.9, 2.15, 1.40, 1.52)]
    text = verdict(short)
    assert (f"In the longer classroom setting (about 10 minutes on a CPU) ResNet-56 ended below ResNet-20 on "
            f"{CLASSROOM.residual_below} of {CLASSROOM.seeds} seeds measured.") in text
    assert "last tenth of logged steps" in text  # which "final loss" the numbers are
    long = [replace(r, steps=CLASSROOM_STEPS) for r in four(1.9, 2.15, 1.40, 1.52)]
    assert "classroom setting" not in verdict(long)  # that run was the longer setting already
    reversed_pair = [replace(r, steps=750) for r in four(1.9, 2.15, 1.40, 1.30)]
    assert "classroom setting" not in verdict(reversed_pair)
    close_above = verdict([replace(r, steps=300) for r in four(1.9, 2.15, 1.800, 1.867)])  # 3.7 %: "about as low"
    assert "about as low" in close_above and "classroom setting" in close_above


def test_chinese_verdicts_are_spaced_as_chinese_is_typeset() -> None:
    from resviz import i18n

    i18n.set_language(i18n.CHINESE)
    try:
        text = verdict([replace_steps(r) for r in four(1.9, 2.15, 1.40, 1.52)])
        assert "ResNet-56最终" not in text and "ResNet-56 最终" in text  # a space between Chinese and Latin
        assert "网络 " not in text and " 训练" not in text  # none between two Chinese characters
        assert i18n.tidy_spacing("而 20 层普通网络 是 1.505") == "而 20 层普通网络是 1.505"
    finally:
        i18n.set_language(i18n.ENGLISH)
    assert i18n.tidy_spacing("plain-56 trains") == "plain-56 trains"  # English is left alone


def replace_steps(r: DemoResult, steps: int = 750) -> DemoResult:
    from dataclasses import replace

    return replace(r, steps=steps)


def test_verdict_says_when_the_deep_plain_net_barely_trains() -> None:
    """plain-56 near chance (2.30) is a net that learnt nothing, not the paper's degradation."""
    text = verdict(four(1.99, 2.27, 1.40, 1.52))
    assert "plain-56 barely trains" in text and "close to chance (2.30" in text
    assert "This is the degradation problem" not in text
    assert "ResNet-56 ended above ResNet-20 in this short run (ResNet-56 1.520 against ResNet-20 1.400)" in text
    assert "removed the gap" not in text
    # With 100 classes chance is ln 100 = 4.61, and 2.27 is far from it.
    assert "barely trains" not in verdict(four(1.99, 2.27, 1.40, 1.52), chance=math.log(100))


@pytest.mark.parametrize("losses", [(1.2, 1.65, 1.05, 0.9), (1.2, 1.18, 1.05, 0.95), (1.2, 1.23, 1.0, 1.0),
                                    (1.2, 2.0, 1.0, 1.2), (1.9, 2.25, 1.3, 1.2), (2.25, 2.28, 2.2, 2.1)])
def test_verdict_and_degradation_shown_agree(losses: tuple[float, float, float, float]) -> None:
    results = four(*losses)
    text = verdict(results)
    shown = degradation_shown(results)
    assert ("This is the degradation problem" in text) == (shown and "barely trains" not in text)
    assert ("do not show the degradation problem" in text) == (shown is False and "barely trains" not in text)


def test_verdict_names_runs_that_failed() -> None:
    results = four(1.2, math.nan, 1.0, 0.9)
    results[1] = result("plain56", math.nan, status="diverged")
    text = verdict(results)
    assert "plain-56 diverged" in text and "cannot be checked" in text
    assert degradation_shown(results) is None


def test_tail_mean_is_the_last_tenth() -> None:
    assert tail_mean(list(range(100))) == pytest.approx(np.mean(range(90, 100)))
    assert tail_mean([3.0]) == 3.0 and math.isnan(tail_mean([]))


def test_demo_runs_quick_on_a_cpu_paper_like_on_a_gpu() -> None:
    cpu = demo_runs("cpu", seed=2)
    assert [spec.name for _, spec, _ in cpu] == ["plain20", "plain56", "resnet20", "resnet56"]
    assert all(cfg.seed == 2 and cfg.image_size == 24 and cfg.steps is not None for _, _, cfg in cpu)
    assert cpu[0][1].stem.channels == 8  # half width on a CPU
    gpu = demo_runs("cuda")
    assert all(cfg.image_size == 32 and cfg.steps >= 4000 and cfg.batch_size == 128 for _, _, cfg in gpu)
    assert gpu[3][1].stem.channels == 16 and analyze(gpu[3][1]).params == 853_018  # the paper's ResNet-56
    assert demo_runs("cpu", steps=7)[0][2].steps == 7


# ---- the real thing, small -------------------------------------------------------------


def run_demo(argv: list[str]) -> int:
    return demo_cmd.run(build_parser().parse_args(argv))  # --store is a global option


def test_the_demo_command_prints_the_table_and_the_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(["demo", "--steps", "3", "--width", "0.25", "--device", "cpu", "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for arch in ("plain20", "plain56", "resnet20", "resnet56"):
        assert arch in out
    assert "final train loss" in out and "first-layer grad" in out
    assert "degradation problem" in out  # shown or not, the verdict says which
    store = open_store(tmp_path)
    try:
        runs = store.list_runs(tag=DEMO_TAG, newest_first=False)
        assert [r.arch for r in runs] == ["plain20", "plain56", "resnet20", "resnet56"]
        assert all(r.status == "finished" and r.config["steps"] == 3 for r in runs)
    finally:
        store.close()


def test_small_demo_on_the_builtin_data_shows_degradation(tmp_path: Path) -> None:
    """The claim the demo makes must hold on the built-in data. Small: 200 steps on 256 training
    images, which plain-20 starts to memorise while plain-56 stays near chance. (On 512 images
    the two were 2.16 and 2.29 with one thread but 2.23 and 2.27 with two: too close to test.)"""
    from resviz.train.session import load_data, train

    runs = [r for r in demo_runs("cpu", seed=0, steps=200, train_size=256, max_val_images=200)
            if r[1].name.startswith("plain")]
    data = load_data(runs[0][2])
    ids = [train(spec, cfg, store_dir=tmp_path, name=name, data=data).run_id for name, spec, cfg in runs]
    store = open_store(tmp_path)
    try:
        shallow, deep = (final_loss(store, i) for i in ids)
        results = measure(store, ids)
    finally:
        store.close()
    assert deep > shallow + 0.05, f"plain-56 {deep:.3f} vs plain-20 {shallow:.3f}"
    text = verdict(results)
    # Whichever sentence the numbers call for: plain-56 near chance, or trained but higher.
    assert ("barely trains" in text) == (deep > math.log(10) * 0.95)
    assert "barely trains" in text or ("higher training loss" in text) == degradation_shown(results)


def test_verdict_says_when_the_deep_plain_net_trains_only_a_little() -> None:
    """plain-56 5-15% below chance (the quick setting measured 2.0-2.2): it trains, a little, and worse."""
    text = verdict(four(1.50, 2.15, 1.09, 1.30))
    assert "plain-56 trains, but only a little: its final training loss 2.150 is not far below chance (2.30" in text
    assert "This is the degradation problem" in text and "barely trains" not in text
    assert "ResNet-56 ended above ResNet-20 in this short run" in text and "but below plain-56's 2.150" in text
    trained = verdict(four(1.20, 1.65, 1.05, 0.90))  # 28% below chance: no "only a little"
    assert "only a little" not in trained and "deeper plain net trains but ends with the higher" in trained


def test_a_trained_resnets_tiny_loss_keeps_its_digits() -> None:
    from resviz.presentation.numbers import significant

    assert [significant(v, 3) for v in (2.0, 1.704, 0.81, 0.0131, 0.00284, 1837.4)] == [
        "2.00", "1.70", "0.810", "0.0131", "0.00284", "1837"]
    assert significant(2.1521, 4) == "2.152" and significant(0.002841, 4) == "0.002841"
    assert significant(float("nan")) == "nan" and significant(0.0) == "0.00"


def test_demo_runs_are_named_in_the_users_language() -> None:
    from resviz import i18n
    from resviz.data.registry import dataset_title

    assert [name for name, _, _ in demo_runs("cpu", seed=3)][0] == "plain20 · degradation demo · seed 3"
    i18n.set_language(i18n.CHINESE)
    try:
        assert demo_runs("cpu", seed=3)[0][0] == "plain20 · 退化问题演示 · 种子 3"
        assert dataset_title("builtin") == "内置图形数据" and dataset_title("my-set") == "my-set"
        from resviz.data.registry import BUILTIN_CLASSES, class_title

        assert class_title("disc", BUILTIN_CLASSES) == "圆盘"
        # Another dataset's classes are its own words, even where the catalogue has the same one:
        assert class_title("plain", ["plain", "sea"]) == "plain" and i18n._("plain") != "plain"
    finally:
        i18n.set_language(i18n.ENGLISH)
