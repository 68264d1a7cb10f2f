"""--quick is one setting in train, compare and sweep; flags given with it win; bad values exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from resviz.cli.main import build_parser, run_cli
from resviz.cli.train_cmd import config_from_args
from resviz.train.config import describe_quick, quick_config
from resviz.train.demo import demo_config

COMMANDS = (["train", "--arch", "plain20"], ["compare", "plain20", "resnet20"], ["sweep", "--base", "resnet20"])


@pytest.mark.parametrize("command", COMMANDS)
def test_quick_is_the_same_setting_everywhere(command: list[str]) -> None:
    args = build_parser().parse_args([*command, "--quick"])
    assert config_from_args(args, quick=True) == quick_config() == demo_config("cpu")


@pytest.mark.parametrize("command", COMMANDS)
def test_flags_given_with_quick_are_honoured(command: list[str]) -> None:
    flags = ["--lr", "0.01", "--batch-size", "32", "--optimizer", "sgd", "--schedule", "cosine",
             "--image-size", "32", "--train-size", "2000", "--steps", "50", "--seed", "3", "--warmup-steps", "0"]
    cfg = config_from_args(build_parser().parse_args([*command, "--quick", *flags]), quick=True)
    assert (cfg.lr, cfg.batch_size, cfg.optimizer, cfg.schedule) == (0.01, 32, "sgd", "cosine")
    assert (cfg.image_size, cfg.train_size, cfg.steps, cfg.seed, cfg.warmup_steps) == (32, 2000, 50, 3, 0)
    assert cfg.max_val_images == quick_config().max_val_images  # what was not given stays quick
    epochs = config_from_args(build_parser().parse_args([*command, "--quick", "--epochs", "2"]), quick=True)
    assert epochs.steps is None and epochs.epochs == 2


def test_without_quick_the_paper_recipe_is_the_default() -> None:
    cfg = config_from_args(build_parser().parse_args(["train", "--arch", "plain20"]))
    assert (cfg.optimizer, cfg.lr, cfg.batch_size, cfg.schedule, cfg.image_size) == ("sgd", 0.1, 128, "step", None)


@pytest.mark.parametrize("bad, message", [
    (["--lr", "-1"], "learning rate must be a positive number"),
    (["--batch-size", "0"], "batch size must be at least 1"),
    (["--steps", "0"], "steps must be at least 1"),
    (["--image-size", "4"], "image size must be at least 8"),
    (["--warmup-steps", "-5"], "warm-up steps cannot be negative"),
])
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_values_end_with_a_message_and_exit_2(command: list[str], bad: list[str], message: str,
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([*command, "--quick", *bad, "--store", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # refused before anything was stored


def test_the_help_describes_the_setting_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    q = quick_config()
    text = describe_quick()
    assert f"{q.steps} Adam steps at lr {q.lr:g}" in text and f"batch {q.batch_size}" in text
    for command in ("train", "compare", "sweep"):
        with pytest.raises(SystemExit):
            run_cli([command, "--help"])
        assert f"{q.steps} Adam steps" in " ".join(capsys.readouterr().out.split())
