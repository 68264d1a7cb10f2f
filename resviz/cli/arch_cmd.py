"""`resviz arch list | show | check`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from resviz.arch.analysis import analyze
from resviz.arch.presets import PRESETS, get_preset
from resviz.arch.spec import NetworkSpec, load_spec_file, to_dict
from resviz.cli.table import human, render


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
    rows = []
    for r in a.rows:
        stage = "" if r.stage is None else r.stage + 1
        shape = "×".join(map(str, r.out_shape))
        rows.append([r.module, stage, r.kind, r.shortcut or "", shape, f"{r.params:,}", human(r.macs)])
    rows.append(["total", "", f"depth {a.depth}", "", "", f"{a.params:,}", human(a.macs)])
    inp = spec.input
    print(f"{spec.name}: input {inp.channels}×{inp.height}×{inp.width}, {inp.classes} classes")
    print(render(["block", "stage", "kind", "shortcut", "output", "parameters", "mult-adds"], rows, right=(1, 5, 6)))
    return 0
