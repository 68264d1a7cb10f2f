"""Measure the degradation demo for several seeds and rewrite the README's demo table from it.

    python assets/measure_demo.py --seeds 0-9                  # the quick setting, seeds 0 to 9
    python assets/measure_demo.py --setting classroom --seeds 0-4  # the longer CPU setting
    python assets/measure_demo.py --setting paper --seeds 0 1  # the paper-like demo, on a GPU
    python assets/measure_demo.py --readme-only                # rewrite the README from saved results
    python assets/measure_demo.py --again --seeds 0-9          # measure saved seeds again

Each seed's result is saved in assets/demo_results.json as soon as it is measured, under a
fingerprint of the setting (every config field and the width): rerunning skips seeds already
measured in the same setting, so an interrupted run resumes, and a changed setting (another
optimizer, a new config field) is measured afresh. The README's table and the sentence with the
ranges sit between ``<!-- demo:SETTING:start -->`` and ``<!-- demo:SETTING:end -->``.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import math
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

from resviz.openmp import configure_openmp

configure_openmp()  # as `resviz` does, before torch loads

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "assets" / "demo_results.json"
README = ROOT / "README.md"
NETS = ("plain20", "plain56", "resnet20", "resnet56")
SETTINGS = {"quick": "cpu", "classroom": "classroom", "paper": "cuda"}  # command line / README name → demo_runs'
CPU_SETTINGS = ("cpu", "classroom")
HEADERS = ("plain-20", "plain-56", "ResNet-20", "ResNet-56")


def parse_seeds(items: list[str]) -> list[int]:
    seeds: list[int] = []
    for item in items:
        lo, _, hi = item.partition("-")
        seeds.extend(range(int(lo), int(hi) + 1) if hi else [int(lo)])
    return seeds


def fingerprint(setting: str) -> str:
    from resviz.train.demo import demo_runs

    _, spec, cfg = demo_runs(setting, seed=0)[1]
    config = cfg.to_dict() | {"seed": None, "width": spec.stem.channels}
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:12]


def measure_seed(setting: str, seed: int, store: str) -> dict[str, object]:
    """Train the four demo runs of one seed (as `resviz demo` does) and return their final losses."""
    import torch

    from resviz.presentation.demo_verdict import measure
    from resviz.runs import open_store
    from resviz.train.demo import demo_runs
    from resviz.train.session import load_data, train

    runs = demo_runs(setting, seed=seed, device="cpu" if setting in CPU_SETTINGS else "auto")
    load = os.getloadavg()[0]
    data = load_data(runs[0][2])
    ids, t0 = [], time.perf_counter()
    for name, spec, config in runs:
        ids.append(train(spec, config, store_dir=store, name=name, data=data, tags=["measure_demo"]).run_id)
    wall = time.perf_counter() - t0
    with open_store(store) as s:
        results = measure(s, ids)
    return {"seed": seed, "loss": {r.arch: r.final_loss for r in results},
            "status": {r.arch: r.status for r in results}, "wall_s": round(wall, 1),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores", "threads": torch.get_num_threads(),
            "load": [round(load, 1), round(os.getloadavg()[0], 1)]}  # 1-minute load average before, after


def load() -> dict[str, dict]:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def save(key: str, seed: int, row: dict[str, object]) -> dict[str, dict]:
    """Add one seed's result, re-reading the file under a lock: several processes may measure
    different seeds at once (e.g. --seeds 0-4 and --seeds 5-9 on two cores)."""
    with open(RESULTS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        saved = load()
        saved.setdefault(key, {})[str(seed)] = row
        tmp = RESULTS.with_suffix(".tmp")
        tmp.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n")
        tmp.replace(RESULTS)
    return saved[key]


def loss_text(value: float) -> str:
    """Three significant digits: 1.70, 0.0131 (a trained ResNet's 0.01 would say nothing)."""
    from resviz.presentation.numbers import significant

    return significant(value, 3)


def relative_range(ratios: list[float]) -> str:
    """'+38% to +64%', or '28× to 73×' once a ratio passes 2."""
    lo, hi = min(ratios), max(ratios)
    if hi >= 2:
        return f"{lo:.2g}× to {hi:.2g}×"
    return f"{(lo - 1) * 100:+.0f}% to {(hi - 1) * 100:+.0f}%"


def table(rows: list[dict]) -> str:
    lines = ["| seed | " + " | ".join(HEADERS) + " | time |", "|---" * (len(HEADERS) + 2) + "|"]
    for r in sorted(rows, key=lambda r: r["seed"]):
        cells = [loss_text(r["loss"][n]) for n in NETS]
        cells[1] = f"**{cells[1]}**"
        lines.append(f"| {r['seed']} | " + " | ".join(cells) + f" | {r['wall_s'] / 60:.1f} min |")
    return "\n".join(lines)


def summary(rows: list[dict], chance: float = math.log(10)) -> str:
    """The ranges quoted in the text, computed (the verdict's 5% margin decides 'clearly')."""
    from resviz.presentation.demo_verdict import MARGIN

    n = len(rows)
    loss = {net: [r["loss"][net] for r in rows] for net in NETS}
    plain_ratio = [p56 / p20 for p20, p56 in zip(loss["plain20"], loss["plain56"], strict=True)]
    clearly = sum(r > 1 + MARGIN for r in plain_ratio)
    res_below = sum(r56 < r20 for r20, r56 in zip(loss["resnet20"], loss["resnet56"], strict=True))
    res_above = sum(r56 > r20 * (1 + MARGIN) for r20, r56 in zip(loss["resnet20"], loss["resnet56"], strict=True))
    res_ratio = [r56 / r20 for r20, r56 in zip(loss["resnet20"], loss["resnet56"], strict=True)]
    wall = [r["wall_s"] / 60 for r in rows]
    trained = sum(p56 < chance * (1 - MARGIN) for p56 in loss["plain56"])
    loads = [x for r in rows for x in r.get("load", [])]
    load = f"; 1-minute load average {min(loads):.1f}–{max(loads):.1f} during them" if loads else ""
    threads = sorted({r["threads"] for r in rows if "threads" in r})
    if threads:
        load = f", {'/'.join(map(str, threads))} thread{'s' if threads != [1] else ''} a run" + load
    return (
        f"Measured on {n} seed{'s' if n != 1 else ''} ({', '.join(str(r['seed']) for r in rows)}): "
        f"plain-56 ends between {loss_text(min(loss['plain56']))} and {loss_text(max(loss['plain56']))} (chance "
        f"{chance:.2f}; more than {MARGIN:.0%} below chance on {trained} of {n} seeds), "
        f"clearly (more than {MARGIN:.0%}) above plain-20 on {clearly} of {n} seeds "
        f"({relative_range(plain_ratio)}). ResNet-56 ends below ResNet-20 on {res_below} of "
        f"{n} seeds and clearly above it on {res_above} (ResNet-56 against ResNet-20: "
        f"{relative_range(res_ratio)}). The four runs took {min(wall):.1f}–{max(wall):.1f} minutes per seed "
        f"({rows[0]['machine']}{load})."
    )


def rewrite_readme(setting: str, rows: list[dict]) -> bool:
    start, end = f"<!-- demo:{setting}:start -->", f"<!-- demo:{setting}:end -->"
    text = README.read_text()
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        print(f"README.md has no {start} … {end} block: nothing rewritten", file=sys.stderr)
        return False
    block = f"{start}\n{table(rows)}\n\n{summary(rows)}\n{end}"
    README.write_text(pattern.sub(lambda _: block, text))
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", nargs="+", default=["0-9"], help="seeds or ranges, e.g. 0-9 or 0 3 5")
    ap.add_argument("--setting", choices=tuple(SETTINGS), default="quick",
                    help="quick: the quick classroom setting on the CPU (default); classroom: the longer CPU "
                         "setting; paper: the paper-like GPU demo")
    ap.add_argument("--store", default=str(Path(tempfile.gettempdir()) / "resviz_measure_demo"),
                    help="run store for the runs (default: in the temporary folder)")
    ap.add_argument("--readme-only", action="store_true", help="only rewrite the README from saved results")
    ap.add_argument("--again", action="store_true",
                    help="measure the seeds again even where saved (the new result replaces the old)")
    args = ap.parse_args()
    setting = SETTINGS[args.setting]
    key = f"{setting}:{fingerprint(setting)}"
    if not args.readme_only:
        for seed in parse_seeds(args.seeds):
            # Re-read each time: another process may have measured the seed meanwhile.
            if not args.again and str(seed) in load().get(key, {}):
                print(f"seed {seed}: measured before, kept")
                continue
            row = measure_seed(setting, seed, args.store)
            save(key, seed, row)  # after every seed: an interrupted measurement resumes
            print(f"seed {seed}: " + ", ".join(f"{n} {row['loss'][n]:.3f}" for n in NETS)
                  + f" ({row['wall_s'] / 60:.1f} min)", flush=True)
    done = load().get(key, {})
    rows = [done[k] for k in sorted(done, key=int)]
    if not rows:
        print("no results in this setting yet", file=sys.stderr)
        return 1
    if rewrite_readme(args.setting, rows):
        print(f"README.md: table of {len(rows)} seeds rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
