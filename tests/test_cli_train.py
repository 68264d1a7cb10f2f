"""`resviz train | runs | compare | gradcam`: what a user types, what they get back."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resviz.cli.main import run_cli

TINY = ["--image-size", "8", "--train-size", "512", "--batch-size", "32", "--device", "cpu"]


def cli(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RESVIZ_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "resviz", *args], capture_output=True, text=True, env=env, timeout=300)


def test_train_then_list_show_export_gradcam_delete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    assert run_cli(["train", "--arch", "plain20", "--steps", "16", "--name", "first",
                    "--store", str(store), *TINY]) == 0
    out = capsys.readouterr()
    assert "run 1: finished after 16 steps" in out.out
    assert "step 16/16" in out.err  # the progress bar
    assert run_cli(["runs", "--store", str(store), "list"]) == 0
    listing = capsys.readouterr().out
    assert "first" in listing and "plain20" in listing and "finished" in listing and "plain" in listing
    assert run_cli(["runs", "--store", str(store), "show", "1"]) == 0
    assert "final train loss" in capsys.readouterr().out
    assert run_cli(["runs", "--store", str(store), "export", "1", "--csv", str(tmp_path / "csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "csv" / "metrics.csv").open()))
    assert rows and "train/loss" in rows[0]
    assert run_cli(["gradcam", "1", "--store", str(store), "--out", str(tmp_path / "cams"), "--images", "4"]) == 0
    assert len(list((tmp_path / "cams").glob("*.png"))) == 4
    assert "pointing game" in capsys.readouterr().out  # beside area chance and the centre baseline
    assert run_cli(["runs", "--store", str(store), "export", "1", "--json", str(tmp_path / "run.json")]) == 0
    assert run_cli(["runs", "--store", str(store), "import", str(tmp_path / "run.json")]) == 0
    assert "imported as run 2" in capsys.readouterr().out
    assert run_cli(["runs", "--store", str(store), "delete", "1", "2"]) == 0
    assert run_cli(["runs", "--store", str(store), "show", "1"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--arch", "resnet2000", "--steps", "1"], "unknown network"),
        (["train", "--arch", "resnet20", "--steps", "1", "--dataset", "cifar10", "--data-dir", "/nonexistent/cifar"], "/nonexistent/cifar"),
        # SGD: the CPU's default Adam takes steps of about lr whatever the gradient and stays finite.
        (["train", "--arch", "resnet20", "--steps", "30", "--optimizer", "sgd", "--lr", "1e9", *TINY],
         "diverged at step"),
        (["train", "--arch", "resnet20", "--steps", "1", "--lr", "-1"], "learning rate must be a positive"),
        (["gradcam", "99", "--out", "x"], "No run #99"),
        (["runs", "show", "42"], "No run #42"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path: Path, args: list[str], message: str) -> None:
    proc = cli(*args, store=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_newer_store_is_refused(tmp_path: Path) -> None:
    import sqlite3

    tmp_path.mkdir(exist_ok=True)
    con = sqlite3.connect(tmp_path / "runs.sqlite")
    con.execute("PRAGMA user_version = 999")
    con.close()
    proc = cli("runs", "list", store=tmp_path)
    assert proc.returncode == 2 and "newer resviz" in proc.stderr


def test_compare_prints_them_side_by_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["compare", "plain20", "resnet20", "--steps", "8", "--store", str(tmp_path),
                    "--figure", str(tmp_path / "fig.png"), *TINY])
    assert code == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(("plain20", "resnet20"))]
    assert len(lines) == 2 and all("finished" in line for line in lines)
    assert "first-layer grad" in out
    assert (tmp_path / "fig.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
