"""Sweeps: what varies, expanded into valid, well-named runs; `resviz sweep` queues and trains them."""

from __future__ import annotations

from pathlib import Path

import pytest

from resviz.arch.analysis import analyze
from resviz.arch.presets import get_preset
from resviz.cli import sweep_cmd
from resviz.cli.main import build_parser
from resviz.errors import ResvizError, SpecError
from resviz.runs import open_store
from resviz.train.config import quick_config
from resviz.train.queue import queued_runs
from resviz.train.sweep import SweepSpec, expand, expand_all, sweep_items, with_blocks_per_stage


def run_cmd(argv: list[str]) -> int:
    """As `resviz sweep …` (the command is registered in cli/main.py by the lead)."""
    try:
        return sweep_cmd.run(build_parser().parse_args(argv))  # --store is a global option
    except ResvizError as exc:
        print(f"error: {exc}")
        return 2


def test_depth_kind_shortcut_and_seed_product_skips_what_means_nothing() -> None:
    sweep = SweepSpec(get_preset("resnet20"), n_values=[3, 5, 9], kinds=["plain", "residual"], shortcuts=["A", "B"],
                      seeds=[0, 1])
    runs = expand(sweep)
    # per seed and depth: one plain net (a shortcut option means nothing there) and A and B
    assert len(runs) == 2 * 3 * (1 + 2)
    assert [name for name, _, _ in runs[:6]] == [
        "plain20 · seed 0", "resnet20 · A · seed 0", "resnet20 · B · seed 0",
        "plain32 · seed 0", "resnet32 · A · seed 0", "resnet32 · B · seed 0"]
    assert runs[6][0] == "plain56 · seed 0" and runs[-1][0] == "resnet56 · B · seed 1"
    for name, spec, seed in runs:
        analyze(spec)  # every expanded spec validates
        assert spec.is_residual == name.startswith("resnet")
        assert spec.name == name.split(" · ")[0]
        assert seed == int(name[-1])
    by_name = {name: spec for name, spec, _ in runs}
    assert by_name["resnet32 · B · seed 0"].depth == 32
    assert {b.shortcut for _, _, b in by_name["resnet56 · B · seed 1"].blocks()} == {"B"}
    assert {b.kind for _, _, b in by_name["plain56 · seed 0"].blocks()} == {"plain"}


def test_combinations_that_do_not_validate_are_skipped_with_the_reason() -> None:
    expansion = expand_all(SweepSpec(get_preset("resnet20"), shortcuts=["A", "identity"]))
    assert [name for name, _, _ in expansion.runs] == ["resnet20 · A · seed 0"]
    assert len(expansion.skipped) == 1 and expansion.skipped[0].startswith("resnet20 · identity · seed 0:")


def test_activation_and_width_change_every_block() -> None:
    runs = expand(SweepSpec(get_preset("resnet20"), activations=["full_preact"], widths=[0.5]))
    ((name, spec, _),) = runs
    assert name == "resnet20 · full-preact · ×0.5 width · seed 0"
    assert {b.activation for _, _, b in spec.blocks()} == {"full_preact"}
    assert spec.head.final_bn_relu  # full pre-activation ends on a conv: BN-ReLU before the pool
    assert spec.stem.channels == 8 and spec.stages[2].blocks[0].channels == 32


def test_empty_axes_keep_the_base_network() -> None:
    ((name, spec, seed),) = expand(SweepSpec(get_preset("plain20"), seeds=[3]))
    assert name == "plain20 · seed 3" and seed == 3 and not spec.is_residual and spec.depth == 20


def test_blocks_per_stage_keeps_the_downsampling_block() -> None:
    spec = with_blocks_per_stage(get_preset("resnet56"), 2)
    assert spec.depth == 14
    assert [[b.stride for b in st.blocks] for st in spec.stages] == [[1, 1], [2, 1], [2, 1]]


@pytest.mark.parametrize("bad", [dict(kinds=["wide"]), dict(shortcuts=["Z"]), dict(activations=["late"]),
                                 dict(n_values=[0]), dict(widths=[0]), dict(seeds=[])])
def test_impossible_values_are_refused(bad: dict) -> None:
    with pytest.raises(SpecError):
        expand(SweepSpec(get_preset("resnet20"), **bad))


def test_sweep_items_give_each_run_its_seed() -> None:
    items = sweep_items(SweepSpec(get_preset("resnet20"), seeds=[4, 5]), quick_config())
    assert [cfg.seed for _, _, cfg in items] == [4, 5]
    assert items[0][2].steps == quick_config().steps and items[0][2] is not items[1][2]


def test_cli_dry_run_lists_and_queues_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cmd(["sweep", "--base", "resnet20", "--n", "3", "5", "--kind", "plain", "residual",
                    "--shortcut", "A", "B", "--seeds", "0", "1", "--quick", "--dry-run", "--store", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "12 runs would be queued" in out and "resnet32 · B · ×0.5 width · seed 1" in out  # quick: half width
    store = open_store(tmp_path)
    try:
        assert store.list_runs() == []
    finally:
        store.close()


def test_cli_queue_only_leaves_them_for_the_app(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cmd(["sweep", "--base", "resnet20", "--n", "1", "2", "--kind", "plain", "residual", "--seeds", "7",
                    "--quick", "--queue-only", "--store", str(tmp_path)])
    assert code == 0
    assert "queued 4 runs" in capsys.readouterr().out
    store = open_store(tmp_path)
    try:
        runs = queued_runs(store)
        assert [r.name for r in runs] == [f"{net} · ×0.5 width · seed 7" for net in ("plain8", "resnet8", "plain14", "resnet14")]
        assert all(r.config["seed"] == 7 and r.config["image_size"] == quick_config().image_size and r.config["steps"] == quick_config().steps for r in runs)
        assert all(r.tags == ("sweep resnet20",) for r in runs)
    finally:
        store.close()


def test_cli_trains_the_sweep_one_after_another(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cmd(["sweep", "--base", "resnet20", "--n", "1", "--kind", "plain", "residual", "--seeds", "0",
                    "--width", "0.25", "--steps", "4", "--image-size", "8", "--train-size", "256", "--batch-size", "32",
                    "--device", "cpu", "--tag", "t", "--store", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "plain8 · ×0.25 width · seed 0" in out and out.count("finished") == 2
    store = open_store(tmp_path)
    try:
        runs = store.list_runs(tag="t")
        assert len(runs) == 2 and all(r.status == "finished" for r in runs)
        assert queued_runs(store) == []
    finally:
        store.close()


def test_cli_refuses_a_sweep_with_no_valid_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cmd(["sweep", "--base", "resnet20", "--shortcut", "identity", "--store", str(tmp_path)]) == 2
    assert "no combination" in capsys.readouterr().err


def test_shortcut_options_for_plain_nets_only_are_reported_not_dropped_silently() -> None:
    from resviz.arch.presets import get_preset
    from resviz.train.sweep import SweepSpec, expand_all

    out = expand_all(SweepSpec(base=get_preset("resnet20"), kinds=["plain"], shortcuts=["B"], seeds=[0]))
    assert len(out.runs) == 1 and any("every network of this sweep is plain" in r for r in out.skipped)
    mixed = expand_all(SweepSpec(base=get_preset("resnet20"), kinds=["plain", "residual"], shortcuts=["B"], seeds=[0]))
    assert not any("every network" in r for r in mixed.skipped)
