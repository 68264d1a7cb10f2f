"""assets/measure_demo.py: the README's demo table and its ranges come from the saved results."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "measure_demo.py"


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 - the loaded module
    spec = importlib.util.spec_from_file_location("measure_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    monkeypatch.setattr(module, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(module, "README", tmp_path / "README.md")
    return module


def row(seed: int, p20: float, p56: float, r20: float, r56: float) -> dict[str, object]:
    return {"seed": seed, "loss": {"plain20": p20, "plain56": p56, "resnet20": r20, "resnet56": r56},
            "status": {}, "wall_s": 120.0, "machine": "x86_64, 2 cores"}


def test_seed_ranges(script) -> None:  # noqa: ANN001
    assert script.parse_seeds(["0-3", "7"]) == [0, 1, 2, 3, 7]


def test_results_are_saved_per_seed_and_the_readme_block_rewritten(script) -> None:  # noqa: ANN001
    script.save("cpu:abc", 1, row(1, 1.80, 2.10, 1.40, 1.50))
    script.save("cpu:abc", 0, row(0, 1.70, 2.00, 1.40, 1.30))
    rows = [script.load()["cpu:abc"][k] for k in ("0", "1")]
    script.README.write_text("intro\n<!-- demo:quick:start -->\nold\n<!-- demo:quick:end -->\noutro\n")
    assert script.rewrite_readme("quick", rows)
    text = script.README.read_text()
    assert "old" not in text and text.startswith("intro\n") and text.endswith("outro\n")
    assert "| 0 | 1.70 | **2.00** | 1.40 | 1.30 | 2.0 min |" in text
    # plain-56 over plain-20: +18% and +17%; ResNet-56 below ResNet-20 on seed 0 only, +0.10 above on seed 1.
    assert "clearly (more than 5%) above plain-20 on 2 of 2 seeds (+17% to +18%)" in text
    assert "ResNet-56 ends below ResNet-20 on 1 of 2 seeds and clearly above it on 1" in text
    assert "(ResNet-56 against ResNet-20: -7% to +7%)" in text
    assert "more than 5% below chance on 2 of 2 seeds" in text  # 2.00 and 2.10 against 0.95 × 2.30
    assert not script.rewrite_readme("paper", rows)  # no such block: nothing written


def test_the_summary_names_the_threads_a_run_trained_with(script) -> None:  # noqa: ANN001
    rows = [row(0, 1.70, 2.00, 1.40, 1.30) | {"threads": 2}, row(1, 1.80, 2.10, 1.40, 1.50) | {"threads": 2}]
    assert "(x86_64, 2 cores, 2 threads a run)" in script.summary(rows)
    assert "2 threads" not in script.summary([row(0, 1.70, 2.00, 1.40, 1.30)])  # older rows did not record it


def test_small_losses_keep_three_digits_and_large_gaps_read_as_factors(script) -> None:  # noqa: ANN001
    assert [script.loss_text(v) for v in (2.0, 1.704, 0.0131, 0.003)] == ["2.00", "1.70", "0.0131", "0.00300"]
    assert script.relative_range([27.5, 72.6]) == "28× to 73×"
    assert script.relative_range([1.38, 1.64]) == "+38% to +64%"
