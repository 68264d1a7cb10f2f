"""The command line in Chinese and in English: --lang (before or after the command), RESVIZ_LANG,
argparse's own words, tables, errors and the degradation demo's verdict."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from language_check import chinese, english_words

from resviz import i18n
from resviz.__main__ import main, split_lang
from resviz.arch.presets import get_preset
from resviz.arch.spec import to_dict
from resviz.presentation.demo_verdict import DemoResult, verdict


@pytest.fixture(autouse=True)
def _english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts without RESVIZ_LANG (main() sets it for the app) and leaves English behind."""
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    yield
    i18n.set_language(i18n.ENGLISH)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # --help and argparse's errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _bad_spec(tmp_path: Path) -> str:
    data = to_dict(get_preset("resnet20"))
    data["stages"][1]["blocks"][0]["shortcut"] = "identity"  # 16 → 32 channels cannot be added
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_split_lang_finds_the_option_anywhere() -> None:
    assert split_lang(["--lang", "zh_CN", "arch", "list"]) == ("zh_CN", ["arch", "list"])
    assert split_lang(["arch", "list", "--lang=en"]) == ("en", ["arch", "list"])
    assert split_lang(["train", "--", "--lang", "x"]) == (None, ["train", "--", "--lang", "x"])
    assert split_lang(["arch", "--lang"]) == ("", ["arch"])


def test_commands_speak_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(["--lang", "zh_CN", "arch", "list"], capsys)
    assert code == 0 and "参数量" in out and "resnet110" in out
    assert english_words(out) == []

    code, out, _ = _run(["train", "--help", "--lang", "zh_CN"], capsys)  # --lang after the command
    assert code == 0 and out.startswith("用法：") and "学习率" in out
    assert english_words(out) == []

    code, out, err = _run(["--lang=zh_CN", "arch", "check", _bad_spec(tmp_path)], capsys)
    assert code == 2 and err.startswith("错误：") and "恒等捷径" in err and "第 2 阶段第 1 块" in err
    assert english_words(err) == []

    code, out, _ = _run(["--lang", "zh_CN", "runs", "--store", str(tmp_path / "store"), "list"], capsys)
    assert code == 0 and "还没有训练记录" in out
    assert english_words(out) == []

    code, _, err = _run(["--lang", "zh_CN", "train"], capsys)  # argparse's own error
    assert code == 2 and "缺少必需的参数" in err
    assert english_words(err) == []


def test_commands_speak_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outputs = [_run(["--lang", "en", "arch", "list"], capsys)[1],
               _run(["--lang", "en", "train", "--help"], capsys)[1],
               _run(["--lang", "en", "arch", "check", _bad_spec(tmp_path)], capsys)[2],
               _run(["--lang", "en", "runs", "--store", str(tmp_path / "store"), "list"], capsys)[1]]
    assert "parameters" in outputs[0] and outputs[1].startswith("usage:") and "cannot add" in outputs[2]
    assert "no runs" in outputs[3]
    assert [chinese(text) for text in outputs] == [[], [], [], []]


def test_resviz_lang_chooses_and_lang_beats_it(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV_VAR, "zh_CN")
    assert "深度" in _run(["arch", "list"], capsys)[1]
    assert chinese(_run(["arch", "list", "--lang", "en"], capsys)[1]) == []


def test_an_unknown_language_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--lang", "fr", "arch", "list"], capsys)
    assert code == 2 and "'fr'" in err and "zh_CN" in err


def _result(run_id: int, depth: int, residual: bool, loss: float, grad: float,
            status: str = "finished") -> DemoResult:
    arch = f"{'resnet' if residual else 'plain'}{depth}"
    return DemoResult(run_id, arch, depth, residual, status, loss, grad)


DEGRADED = [_result(1, 20, False, 1.75, 0.02), _result(2, 56, False, 2.19, 0.5),
            _result(3, 20, True, 1.41, 0.03), _result(4, 56, True, 1.51, 0.04)]
NOT_SHOWN = [_result(1, 20, False, 1.80, 0.02), _result(2, 56, False, 1.81, 0.001, status="stopped"),
             _result(3, 20, True, 1.30, 0.03), _result(4, 56, True, float("nan"), 0.04, status="failed")]


@pytest.mark.parametrize("results", [DEGRADED, NOT_SHOWN], ids=["degraded", "not-shown"])
def test_the_demo_verdict_in_both_languages(results: list[DemoResult]) -> None:
    i18n.set_language(i18n.CHINESE)
    zh = verdict(results)
    i18n.set_language(i18n.ENGLISH)
    en = verdict(results)
    assert english_words(zh) == [] and chinese(en) == []
    assert "退化问题" in zh and "degradation problem" in en
    for number in ("1.750", "1.800"):  # the measured numbers reach both sentences
        assert (number in zh) == (number in en)
    assert "。 " not in zh and ". " in en  # Chinese sentences follow each other without a space


def _commands(parser: argparse.ArgumentParser | None = None, prefix: tuple[str, ...] = ()) -> Iterator[
        tuple[list[str], argparse.ArgumentParser]]:
    """Every command and subcommand of the CLI, read from its parser (none can be left out)."""
    from resviz.cli.main import build_parser

    parser = parser or build_parser()
    yield list(prefix), parser
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subcommands there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in dict(action.choices).items():
                yield from _commands(sub, (*prefix, name))


COMMANDS = [command for command, _ in _commands()]


def test_every_option_says_what_it_does() -> None:
    silent = [f"{' '.join(command)} {action.option_strings or action.dest}"
              for command, parser in _commands() for action in parser._actions  # noqa: SLF001
              if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))  # noqa: SLF001
              and not action.help]
    assert silent == []
    assert ["lesson", "run"] in COMMANDS


def test_every_help_page_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    wrong = {}
    for command in COMMANDS:
        zh = _run(["--lang", "zh_CN", *command, "--help"], capsys)[1]
        en = _run(["--lang", "en", *command, "--help"], capsys)[1]
        assert zh.startswith("用法：") and en.startswith("usage:")
        if english_words(zh) or chinese(en):
            wrong[" ".join(command)] = english_words(zh) + chinese(en)
    assert wrong == {}


def test_the_app_starts_in_the_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """`resviz --lang zh_CN` opens the app with the engine in Chinese and the choice in RESVIZ_LANG,
    where it beats the app's saved choice (resolve_language's order)."""
    import os
    import sys
    import types

    seen: dict[str, str | None] = {}

    def fake_run_app() -> int:
        seen.update(language=i18n.language(), env=os.environ.get(i18n.ENV_VAR),
                    resolved=i18n.resolve_language(saved="en"))
        return 0

    monkeypatch.setitem(sys.modules, "resviz.ui.app", types.SimpleNamespace(run_app=fake_run_app))
    assert main(["--lang", "zh_CN"]) == 0
    assert seen == {"language": "zh_CN", "env": "zh_CN", "resolved": "zh_CN"}
