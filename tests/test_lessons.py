"""The lessons: each experiment runs at a tiny size, each conclusion follows the numbers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from resviz.cli.main import run_cli
from resviz.lessons import LESSONS, LessonError, Setting, explanation, get_lesson, run_lesson
from resviz.lessons import conclusions as c
from resviz.lessons import paths as c8
from resviz.lessons.experiments import batch_norm_runs, variant_runs
from resviz.lessons.measure import RunNumbers, first_to_last_quarter
from resviz.lessons.paths import NetLesion
from resviz.lessons.runner import conclusion
from resviz.presentation.demo_verdict import DemoResult, verdict
from resviz.runs import open_store

TINY = {"image_size": 8, "train_size": 128, "batch_size": 16, "max_val_images": 32, "probe_every": 1,
        "log_every": 1, "warmup_steps": 0, "checkpoint_each_epoch": False}
TINY_SETTING = Setting(seed=0, steps=2, width=0.25, overrides=TINY)


def ok(label: str, loss: float, status: str = "finished") -> RunNumbers:
    return RunNumbers(label, status, loss)


# ---- definitions ---------------------------------------------------------------------------


def test_lessons_in_order_with_both_languages() -> None:
    assert [lesson.number for lesson in LESSONS] == list(range(1, 9))
    for lesson in LESSONS:
        en, zh = explanation(lesson, "en"), explanation(lesson, "zh_CN")
        assert en.startswith(f"# Lesson {lesson.number}") and zh.startswith(f"# 第 {lesson.number} 课")
    assert "∂y/∂x = ∂F/∂x + 1" in explanation(get_lesson("1"), "zh_CN")


def test_get_lesson_by_name_or_number_and_unknown() -> None:
    assert get_lesson("degradation") is get_lesson("2")
    with pytest.raises(LessonError, match="unknown lesson"):
        get_lesson("lesion")


def test_no_bn_spec_differs_only_by_batch_norm() -> None:
    bn, no_bn = batch_norm_runs(Setting())
    assert all(b.batch_norm for _, _, b in bn.spec.blocks()) and bn.spec.stem.batch_norm
    assert not any(b.batch_norm for _, _, b in no_bn.spec.blocks()) and not no_bn.spec.stem.batch_norm
    assert no_bn.config == bn.config  # batch norm is the one difference


def test_variants_change_only_their_field() -> None:
    runs = variant_runs(Setting(), "resnet20", "activation", ("original", "full_preact"))
    assert runs[0].spec.name == "resnet20" and runs[1].spec.name == "resnet20_full_preact"
    assert {b.activation for _, _, b in runs[1].spec.blocks()} == {"full_preact"}
    assert runs[1].spec.head.final_bn_relu and runs[0].config == runs[1].config


def test_a_lessons_runs_are_named_by_their_variant_in_the_users_language() -> None:
    from resviz import i18n
    from resviz.lessons.catalog import ACTIVATION_NAMES

    plan = get_lesson("preactivation").plan(Setting())
    assert [r.name for r in plan][-1] == "resnet20 · full pre-activation · lesson · seed 0"  # a key reads it
    i18n.set_language("zh_CN")
    try:
        named = variant_runs(Setting(), "resnet20", "activation", ("original", "full_preact"), ACTIVATION_NAMES)
        assert named[1].name == "resnet20 · 完全预激活 · 课程 · 种子 0"
    finally:
        i18n.set_language("en")


# ---- conclusions follow the numbers -----------------------------------------------------------


def test_block_conclusion_says_when_the_residual_net_is_not_better() -> None:
    good = c.conclude_block(c.BlockNumbers(ok("plain-20", 1.9), ok("ResNet-20", 1.4), "layer1.0", 0.3, 0.1))
    assert "trained better" in good and "1.40 against 1.90" in good and "delivers" in good
    bad = c.conclude_block(c.BlockNumbers(ok("plain-20", 1.4), ok("ResNet-20", 1.9), "layer1.0", 0.1, 0.3))
    assert "did not train clearly better" in bad and "not always the larger path" in bad


def test_conclusions_print_small_losses_with_significant_digits() -> None:
    """A classroom-length run ends near 0.003: three decimals would print 0.003 and 0.013."""
    block = c.conclude_block(c.BlockNumbers(ok("plain-20", 0.0126), ok("ResNet-20", 0.00284), "layer1.0", 0.3, 0.1))
    assert "0.00284 against 0.0126" in block
    bn = c.conclude_batch_norm(c.BatchNormNumbers(ok("bn", 0.00284), ok("no", 2.0), 300.0, 0.1))
    assert "0.00284 with batch norm and 2.00 without" in bn


def test_batch_norm_conclusion_follows_the_ratios() -> None:
    paper = c.conclude_batch_norm(c.BatchNormNumbers(ok("bn", 2.2), ok("no", 2.0), 300.0, 0.1))
    assert "does not vanish" in paper and "optimisation difficulty" in paper and "300" in paper
    against = c.conclude_batch_norm(c.BatchNormNumbers(ok("bn", 2.2), ok("no", 2.0), 0.2, 0.1))
    assert "did not appear" in against and "optimisation difficulty" not in against
    no_vanish = c.conclude_batch_norm(c.BatchNormNumbers(ok("bn", 2.2), ok("no", 2.0), 300.0, 3.0))
    assert "did not vanish without batch norm either" in no_vanish
    missing = c.conclude_batch_norm(c.BatchNormNumbers(ok("bn", 2.2), ok("no", math.nan, "diverged"),
                                                       300.0, math.nan))
    assert "diverged" in missing and "cannot be checked" in missing


def test_paths_conclusion_follows_the_shares() -> None:
    mostly = c.conclude_paths(["a", "b", "c"], [0.7, 0.6, 0.4])
    assert "2 of 3" in mostly and "direct road" in mostly and "40% in c" in mostly
    branches = c.conclude_paths(["a", "b", "c"], [0.3, 0.2, 0.6])
    assert "branches carried more" in branches
    assert "No residual block" in c.conclude_paths(["a"], [math.nan])


def test_variant_conclusion_says_when_the_paper_is_not_reproduced() -> None:
    worse = {"gating": True, "C": False}
    as_paper = c.conclude_variants(ok("identity", 1.0), [ok("gating", 1.5), ok("C", 1.01)], worse)
    assert "As in the paper" in as_paper and "gating" in as_paper and "Unlike" not in as_paper
    against = c.conclude_variants(ok("identity", 1.5), [ok("gating", 1.0), ok("C", 1.49)], worse)
    assert "Unlike in the paper" in against and "Try more steps" in against
    noise = c.conclude_variants(ok("identity", 1.0), [ok("gating", 1.02)], worse)
    assert "within noise" in noise


def _net(label: str, base: float, drops: dict[str, float], reshaping: dict[str, float | None]) -> NetLesion:
    return NetLesion(label, base, drops, reshaping, 0.1)


def test_lesion_conclusion_follows_the_drops() -> None:
    res = _net("ResNet-20", 0.60, {"layer1.1": 0.004, "layer2.1": 0.01, "layer3.2": 0.03},
               {"layer2.0": 0.2, "layer3.0": 0.1})
    plain = _net("plain-20", 0.50, {"layer1.1": 0.15, "layer2.1": 0.2}, {"layer2.0": None, "layer3.0": None})
    text = c8.conclude_lesion(res, plain)
    assert "median of 1.0 points (worst 3.0 points, layer3.2)" in text
    assert "layer2.0" not in text.split("plain-20")[0]  # reshaping residual blocks: not in the median
    assert "median of 17.5 points" in text and "layer2.0, layer3.0 change the shape" in text
    assert "As Veit et al." in text and "did not appear" not in text
    # Contradicting numbers: the residual net misses its blocks as much as the plain one.
    same = c8.conclude_lesion(_net("ResNet-20", 0.60, {"layer1.1": 0.16}, {}), plain)
    assert "did not appear" in same and "As Veit et al." not in same
    # A plain net at chance is no control, whatever its drops.
    chance = c8.conclude_lesion(res, _net("plain-20", 0.12, {"layer1.1": 0.02}, {}))
    assert "no fair control" in chance and "As Veit et al." not in chance
    untrained = c8.conclude_lesion(_net("ResNet-20", 0.11, {"layer1.1": 0.0}, {}), plain)
    assert "barely trained" in untrained and "median" not in untrained


def test_degradation_lessons_use_the_demo_verdict() -> None:
    def r(i: int, depth: int, residual: bool, loss: float) -> DemoResult:
        return DemoResult(i, "x", depth, residual, "finished", loss, 1.0)

    assert "do not show the degradation problem" in verdict([r(1, 20, False, 2.0), r(2, 56, False, 1.9)])
    assert "degradation problem of He et al." in verdict([r(1, 20, False, 1.8), r(2, 56, False, 2.1)])


def test_first_to_last_quarter() -> None:
    import numpy as np

    assert first_to_last_quarter(np.array([4.0, 4.0, 1.0, 1.0, 2.0, 2.0, 1.0, 1.0])) == pytest.approx(4.0)
    assert math.isnan(first_to_last_quarter(np.array([1.0])))


# ---- every experiment runs, reusing what the store holds ----------------------------------------


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lessons")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_lesson_runs_tiny_and_concludes(lesson, tiny_store: Path) -> None:  # noqa: ANN001
    result = run_lesson(lesson, TINY_SETTING, store_dir=tiny_store)
    assert result.complete and len(result.ids) == len(lesson.plan(TINY_SETTING))
    assert result.conclusion and "nan" not in result.conclusion.lower()
    assert lesson.show in result.ids


def test_later_lessons_reuse_earlier_runs(tiny_store: Path) -> None:
    first = run_lesson(get_lesson("3"), TINY_SETTING, store_dir=tiny_store)
    again = run_lesson(get_lesson("3"), TINY_SETTING, store_dir=tiny_store)
    assert again.ids == first.ids and sorted(again.reused) == sorted(first.ids.values())
    other_seed = run_lesson(get_lesson("5"), Setting(seed=1, steps=2, width=0.25, overrides=TINY),
                            store_dir=tiny_store)
    assert other_seed.reused == []


def test_a_pre_activation_run_from_before_the_shared_preactivation_is_not_reused(tmp_path: Path) -> None:
    """Its stored spec is unchanged, but its network computed something else (arch.revision)."""
    from resviz.arch.spec import to_dict
    from resviz.lessons.runner import find_reusable

    planned = {r.key: r for r in variant_runs(TINY_SETTING, "resnet20", "activation", ("original", "full_preact"))}
    with open_store(tmp_path / "store") as store:
        ids = {}
        for key, run in planned.items():
            ids[key] = store.create_run(run.name, spec=to_dict(run.spec), config=run.config.to_dict())
            store.set_status(ids[key], "finished")
            store.update_summary(ids[key], arch=run.spec.name)
        assert find_reusable(store, planned["full_preact"]) is None  # no revision recorded: an old run
        assert find_reusable(store, planned["original"]) == ids["original"]  # computes as it did
        store.update_summary(ids["full_preact"], forward=2)  # as the recorder writes it now
        assert find_reusable(store, planned["full_preact"]) == ids["full_preact"]


def test_many_paths_reuses_the_stored_study_and_stops_when_asked(tiny_store: Path) -> None:
    lesson = get_lesson("many-paths")
    first = run_lesson(lesson, TINY_SETTING, store_dir=tiny_store)
    store = open_store(tiny_store)
    studies = [store.run_dir(i) / "lesion.json" for i in first.ids.values()]
    store.close()
    assert all(p.exists() for p in studies)
    assert conclusion(lesson, tiny_store, first.ids) == first.conclusion  # read back, not measured again
    for p in studies:
        p.unlink()
    with c8.stoppable(lambda: True):  # the app closing while the study runs
        stopped = conclusion(lesson, tiny_store, first.ids)
    assert "was stopped" in stopped and not any(p.exists() for p in studies)


# ---- the command line ---------------------------------------------------------------------------


def test_cli_list_run_and_unknown(tiny_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["lesson", "list"]) == 0
    listed = capsys.readouterr().out
    assert "degradation" in listed and "many-paths" in listed and "lesion" not in listed
    assert run_cli(["lesson", "run", "lesion", "--store", str(tiny_store)]) == 2
    assert "unknown lesson 'lesion'" in capsys.readouterr().err
    # Tiny: reuses nothing, trains two runs of 2 steps on the built-in data at 16×16.
    assert run_cli(["lesson", "run", "1", "--quick", "--steps", "2", "--seed", "5", "--store", str(tiny_store)]) == 0
    out = capsys.readouterr().out
    assert "Lesson 1" in out and "(trained)" in out and "layer1.0" in out


def test_the_classroom_setting_plans_the_classroom_demos_runs() -> None:
    """Lesson 3 in the classroom setting reuses the classroom demo's runs: same specs, same configs."""
    from resviz.train.config import CLASSROOM
    from resviz.train.demo import demo_runs

    planned = {r.key: r for r in get_lesson("shortcuts").plan(Setting(CLASSROOM, seed=2))}
    demo = {name.split(" ")[0]: (spec, cfg) for name, spec, cfg in demo_runs(CLASSROOM, seed=2)}
    assert set(planned) == set(demo)
    for key, (spec, cfg) in demo.items():
        assert planned[key].spec == spec and planned[key].config == cfg
    assert cfg.schedule == "cosine" and cfg.steps > demo_runs("cpu")[0][2].steps


def test_cli_classroom_and_quick_exclude_each_other(tiny_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import resviz.lessons as lessons
    from resviz.train.config import CLASSROOM

    seen: list[Setting] = []

    def fake_run(lesson, setting, **kw):  # noqa: ANN001, ANN003, ANN202 - records the setting only
        seen.append(setting)
        raise SystemExit(0)

    monkeypatch.setattr(lessons, "run_lesson", fake_run)
    with pytest.raises(SystemExit):
        run_cli(["lesson", "run", "3", "--classroom", "--seed", "4", "--store", str(tiny_store)])
    assert seen[-1].device_type == CLASSROOM and seen[-1].seed == 4
    with pytest.raises(SystemExit) as refused:
        run_cli(["lesson", "run", "3", "--classroom", "--quick", "--store", str(tiny_store)])
    assert refused.value.code == 2  # argparse: not allowed with --quick
