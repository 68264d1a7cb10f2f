"""`resviz arch …`: tables, JSON, and exit code 2 with a message (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from resviz.arch.presets import get_preset
from resviz.arch.spec import from_dict, save_spec_file, to_dict
from resviz.cli.main import run_cli


def test_list_shows_every_preset_with_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["arch", "list"]) == 0
    out = capsys.readouterr().out
    assert "resnet110" in out and "1,727,962" in out and "252.89M" in out
    assert "plain56" in out and "preact_resnet1001" in out and "resnet152" in out


def test_show_has_a_row_per_block_and_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["arch", "show", "resnet20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("layer") for line in lines) == 9
    assert lines[-2].startswith("total") and "269,722" in lines[-2]
    assert lines[-1].startswith("memory to train at batch 128: about 215 MB in fp32")
    assert any("layer2.0" in line and "pad" in line and "32×16×16" in line for line in lines)


def test_show_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["arch", "show", "plain56", "--json"]) == 0
    assert to_dict(from_dict(json.loads(capsys.readouterr().out))) == to_dict(get_preset("plain56"))


def test_check_valid_file(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ok.json"
    save_spec_file(get_preset("resnet32"), path)
    assert run_cli(["arch", "check", str(path)]) == 0
    assert "valid" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("not json", "not valid JSON"),
        ('{"version": 99, "stages": []}', "newer resviz"),
        ('{"stages": [{"blocks": [{"channels": 16}, {"channels": 32, "stride": 2, "shortcut": "identity"}]}]}',
         "stage 1, block 2: cannot add"),
    ],
)
def test_check_refuses_with_exit_2_and_a_message(tmp_path, content: str | None, message: str) -> None:
    path = tmp_path / "spec.json"
    if content is not None:
        path.write_text(content)
    proc = subprocess.run([sys.executable, "-m", "resviz", "arch", "check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
