"""Export as PyTorch code: the file loads resviz's state_dict strictly and computes the same."""

from __future__ import annotations

import ast
import dataclasses
import runpy
import types
from pathlib import Path

import pytest
import torch

from resviz.arch.builder import build
from resviz.arch.export import export_code
from resviz.arch.layers import LayerSpec
from resviz.arch.presets import get_preset, with_input
from resviz.arch.spec import SHORTCUTS, BlockSpec, InputSpec, NetworkSpec, StageSpec, StemSpec
from resviz.cli.main import run_cli
from resviz.examples import EXAMPLES_DIR


def _module(code: str) -> types.ModuleType:
    imports = {n.names[0].name.split(".")[0] for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Import)}
    imports |= {n.module.split(".")[0] for n in ast.walk(ast.parse(code)) if isinstance(n, ast.ImportFrom) and n.module}
    assert imports <= {"torch", "collections", "__future__"}  # standalone: torch and the standard library
    mod = types.ModuleType("exported")
    exec(compile(code, "exported.py", "exec"), mod.__dict__)
    return mod


def _same(spec: NetworkSpec, side: int) -> None:
    torch.manual_seed(0)
    ours = build(spec)
    for m in ours.modules():  # non-trivial BN statistics, so a swapped BN would show
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    ours.eval()
    theirs = _module(export_code(spec)).Network().eval()
    theirs.load_state_dict(ours.state_dict(), strict=True)
    x = torch.randn(2, spec.input.channels, side, side)
    with torch.no_grad():
        assert torch.allclose(ours(x), theirs(x), atol=1e-6, rtol=1e-5)


def test_presets_export_to_the_same_network() -> None:
    for name in ("resnet20", "plain20", "preact_resnet164", "resnet18", "resnet50"):
        spec = get_preset(name)
        if spec.input.height > 32:
            spec = with_input(spec, 3, 32, 32, spec.input.classes)  # same modules and keys; a smaller image is faster
        _same(spec, spec.input.height)


def _one_stage(block: BlockSpec) -> NetworkSpec:
    second = dataclasses.replace(block, stride=1)
    return NetworkSpec(name="t", input=InputSpec(3, 8, 8, 10), stem=StemSpec(channels=4),
                       stages=[StageSpec([dataclasses.replace(block, stride=2, channels=8), second])])


def test_every_shortcut_option_exports() -> None:
    for shortcut in SHORTCUTS:
        if shortcut == "identity":
            continue  # refused across the stride-2 block; it is the None shortcut of the others
        kind = "plain" if shortcut == "none" else "basic"
        _same(_one_stage(BlockSpec(kind=kind, shortcut=shortcut, scale_branch=True, activation="bn_after_add")), 8)


def test_custom_blocks_export_plain_and_residual() -> None:
    layers = [LayerSpec("conv", 6, 5, 1, 2, True), LayerSpec("bn"), LayerSpec("gelu"),
              LayerSpec("conv", 8, 3, 2, 1, False), LayerSpec("tanh")]
    residual = BlockSpec(kind="basic", shortcut="B", layers=layers)
    plain = BlockSpec(kind="plain", shortcut="none", layers=layers, activation="relu_before_add")
    for block in (residual, plain):
        spec = NetworkSpec(name="c", input=InputSpec(3, 8, 8, 10), stem=StemSpec(channels=4), stages=[StageSpec([block])])
        _same(spec, 8)


def test_export_code_command_writes_a_file_that_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "net.py"
    assert run_cli(["arch", "export-code", str(EXAMPLES_DIR / "seed000_block.json"), "-o", str(out)]) == 0
    code = out.read_text(encoding="utf-8")
    assert "identity = x" in code and "out += identity" in code
    capsys.readouterr()
    runpy.run_path(str(out), run_name="__main__")  # as `python net.py` runs it, without a second torch start
    printed = capsys.readouterr().out
    assert "parameters: 1,102" in printed and "output shape: (1, 10)" in printed
    assert run_cli(["arch", "export-code", "examples/seed001_block.json"]) == 2
    assert "31×31" in capsys.readouterr().err
