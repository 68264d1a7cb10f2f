"""`resviz arch list | show | check`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from resviz.arch.analysis import analyze
from resviz.arch.presets import PRESETS, get_preset
from resviz.arch.spec import NetworkSpec, load_spec_file, to_dict
from resviz.cli.table import human, render
from resviz.i18n import _


def resolve_spec(name_or_file: str) -> NetworkSpec:
    """A preset name, or a path to a spec file (anything with a path separator or .json)."""
    looks_like_file = name_or_file.endswith(".json") or "/" in name_or_file or Path(name_or_file).exists()
    if looks_like_file and name_or_file not in PRESETS:
        return load_spec_file(name_or_file)
    return get_preset(name_or_file)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("arch", help="list, show and check network specs")
    asub = p.add_subparsers(dest="arch_cmd", required=True)
    asub.add_parser("list", help="every preset with depth, parameters and multiply-adds")
    show = asub.add_parser("show", help="one row per block: shapes, parameters, multiply-adds")
    show.add_argument("spec", help="a preset name (see 'arch list') or a spec .json file")
    show.add_argument("--json", action="store_true", help="print the spec as JSON instead")
    show.add_argument("--batch-size", type=int, default=128,
                      help=_("batch size for the memory estimate (default 128, the paper's)"))
    check = asub.add_parser("check", help="exit 0 if a spec file is valid, 2 with the reason if not")
    check.add_argument("spec", help="a spec .json file (or a preset name)")


def run(args: argparse.Namespace) -> int:
    if args.arch_cmd == "list":
        rows = []
        for p in PRESETS.values():
            a = analyze(p.make())
            rows.append([p.name, p.family, a.depth, f"{a.params:,}", human(a.macs), p.description])
        print(render(["name", "family", "depth", "parameters", "mult-adds", "description"], rows, right=(2, 3, 4)))
        return 0
    spec = resolve_spec(args.spec)
    if args.arch_cmd == "check":
        a = analyze(spec)
        print(f"valid: {spec.name} · depth {a.depth} · {a.params:,} parameters · {human(a.macs)} multiply-adds")
        return 0
    if args.json:
        print(json.dumps(to_dict(spec), indent=2, ensure_ascii=False))
        return 0
    a = analyze(spec)
    memory = memory_line(spec, args.batch_size)  # a bad batch size fails before any output
    rows = []
    for r in a.rows:
        stage = "" if r.stage is None else r.stage + 1
        shape = "×".join(map(str, r.out_shape))
        rows.append([r.module, stage, r.kind, r.shortcut or "", shape, f"{r.params:,}", human(r.macs)])
    rows.append(["total", "", f"depth {a.depth}", "", "", f"{a.params:,}", human(a.macs)])
    inp = spec.input
    print(f"{spec.name}: input {inp.channels}×{inp.height}×{inp.width}, {inp.classes} classes")
    print(render(["block", "stage", "kind", "shortcut", "output", "parameters", "mult-adds"], rows, right=(1, 5, 6)))
    print(memory)
    return 0


def memory_line(spec: NetworkSpec, batch_size: int) -> str:
    """What training needs, in fp32 with SGD and with bf16 autocast (the weights, their gradients and
    the momentum are the same in both; the activations halve)."""
    from resviz.arch.memory import estimate_training_memory, format_bytes

    if batch_size < 1:
        from resviz.errors import TrainingError

        raise TrainingError(_("batch size must be at least 1, not {n}").format(n=batch_size),
                            _("the paper uses 128"))
    fp32 = estimate_training_memory(spec, batch_size=batch_size)
    bf16 = estimate_training_memory(spec, batch_size=batch_size, precision="bf16")
    return _("memory to train at batch {batch}: about {fp32} in fp32 with SGD (weights {w}, gradients {g}, "
             "momentum {o}, activations {a}); {bf16} with bf16").format(
        batch=batch_size, fp32=format_bytes(fp32.total), w=format_bytes(fp32.weights),
        g=format_bytes(fp32.gradients), o=format_bytes(fp32.optimizer), a=format_bytes(fp32.activations),
        bf16=format_bytes(bf16.total))
