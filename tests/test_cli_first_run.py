"""`resviz train` without flags on a CPU starts from the quick setting's training; --precision
(and --amp, which it replaced) reach the config in every training command; flags given win."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from resviz.cli.main import build_parser, run_cli
from resviz.cli.train_cmd import config_from_args, first_run_base
from resviz.train.config import TrainConfig, first_run_config, quick_config


def _train_config(*flags: str) -> TrainConfig:
    args = build_parser().parse_args(["train", "--arch", "resnet20", "--device", "cpu", *flags])
    return config_from_args(args, quick=args.quick, base=first_run_base(args))


def test_a_first_run_on_a_cpu_trains_the_quick_settings_training() -> None:
    cfg = _train_config()
    assert cfg == dataclasses.replace(first_run_config("cpu"), device="cpu")
    assert (cfg.steps, cfg.image_size, cfg.optimizer) == (quick_config().steps, 24, "adam")


def test_flags_win_over_the_first_run_setting() -> None:
    cfg = _train_config("--epochs", "2", "--lr", "0.01")
    assert (cfg.epochs, cfg.steps, cfg.lr, cfg.image_size) == (2, None, 0.01, 24)


def test_another_dataset_or_quick_leaves_the_first_run_setting_out() -> None:
    other = _train_config("--dataset", "cifar10", "--data-dir", "/nowhere")
    assert (other.optimizer, other.lr, other.epochs, other.image_size) == ("sgd", 0.1, 10, None)
    assert _train_config("--quick") == quick_config(device="cpu")


@pytest.mark.parametrize("command", (["train", "--arch", "plain20"], ["compare", "plain20", "resnet20"],
                                     ["sweep", "--base", "resnet20"]))
@pytest.mark.parametrize("flags, precision", [([], "auto"), (["--precision", "fp32"], "fp32"),
                                              (["--precision", "bf16"], "bf16"), (["--amp"], "auto")])
def test_precision_reaches_the_config(command: list[str], flags: list[str], precision: str) -> None:
    for quick in (False, True):
        args = build_parser().parse_args([*command, *flags])
        assert config_from_args(args, quick=quick).precision == precision


def test_demo_takes_precision_too() -> None:
    assert build_parser().parse_args(["demo", "--precision", "bf16"]).precision == "bf16"
    assert build_parser().parse_args(["demo", "--amp"]).precision == "auto"


def test_a_precision_the_device_cannot_do_is_refused_before_anything_is_stored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["train", "--arch", "resnet20", "--device", "cpu", "--precision", "fp16", "--steps", "1",
                    "--train-size", "256", "--store", str(tmp_path)])
    assert code == 2
    assert "fp16 training needs a CUDA GPU" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
