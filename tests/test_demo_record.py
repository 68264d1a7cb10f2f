"""The demo dialog's measured counts are the saved measurements of the current settings."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from resviz.presentation.demo_record import CLASSROOM, QUICK, DemoRecord
from resviz.presentation.demo_verdict import MARGIN

ROOT = Path(__file__).resolve().parent.parent


def saved_rows(setting: str) -> list[dict]:
    spec = importlib.util.spec_from_file_location("measure_demo", ROOT / "assets" / "measure_demo.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)  # type: ignore[union-attr]
    key = f"{setting}:{script.fingerprint(setting)}"
    saved = json.loads((ROOT / "assets" / "demo_results.json").read_text())
    assert key in saved, f"the {setting} setting changed since it was measured: run assets/measure_demo.py"
    return list(saved[key].values())


@pytest.mark.parametrize(("setting", "record"), [("cpu", QUICK), ("classroom", CLASSROOM)])
def test_the_record_is_what_was_measured(setting: str, record: DemoRecord) -> None:
    rows = saved_rows(setting)
    loss = [r["loss"] for r in rows]
    assert record.seeds == len(rows)
    assert record.plain_above == sum(x["plain56"] > x["plain20"] * (1 + MARGIN) for x in loss)
    assert record.residual_below == sum(x["resnet56"] < x["resnet20"] for x in loss)


def test_the_description_follows_the_counts() -> None:
    assert "both halves" in DemoRecord(5, 5, 4).describe()
    assert "Too short" in DemoRecord(10, 10, 5).describe() and "5 of 10" in DemoRecord(10, 10, 5).describe()
