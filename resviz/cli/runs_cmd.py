"""`resviz runs list | show | export | import | delete`."""

from __future__ import annotations

import argparse
import sys
import time

from resviz.cli.table import render
from resviz.runs import RunInfo, export_csv, export_json, import_json, open_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("runs", help="the runs in the store: list, show, export, import, delete")
    p.add_argument("--store", help="run store folder (default: your data folder, or $RESVIZ_STORE)")
    rsub = p.add_subparsers(dest="runs_cmd", required=True)
    ls = rsub.add_parser("list", help="every run, newest first")
    ls.add_argument("--status", help="only runs with this status")
    ls.add_argument("--tag", help="only runs with this tag")
    show = rsub.add_parser("show", help="one run: settings, status and final numbers")
    show.add_argument("run", type=int)
    exp = rsub.add_parser("export", help="write a run's metrics and gradient norms as CSV, or all of it as JSON")
    exp.add_argument("run", type=int)
    exp.add_argument("--csv", metavar="DIR", help="folder for metrics.csv, grad_norms.csv and run.json")
    exp.add_argument("--json", metavar="FILE", help="one JSON file with everything, for 'runs import'")
    exp.add_argument("--tensorboard", metavar="DIR", help="TensorBoard event files (tensorboard --logdir DIR)")
    imp = rsub.add_parser("import", help="add a run exported with 'runs export --json' to this store")
    imp.add_argument("file")
    res = rsub.add_parser("resume", help="continue a stopped or interrupted run from its last checkpoint")
    res.add_argument("run", type=int)
    rm = rsub.add_parser("delete", help="delete a run and its files")
    rm.add_argument("run", type=int, nargs="+")


def _fmt(value: float | None, pattern: str) -> str:
    return "" if value is None else format(value, pattern)


def _row(r: RunInfo) -> list[object]:
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created_at))
    kind = "" if r.residual is None else ("residual" if r.residual else "plain")
    return [r.id, r.name, r.arch or "", r.depth or "", kind, r.dataset, r.status,
            _fmt(r.final_train_loss, ".4f"), _fmt(r.best_val_acc, ".1%"), created]


def run(args: argparse.Namespace) -> int:
    store = open_store(args.store)
    try:
        return _dispatch(store, args)
    finally:
        store.close()


def _dispatch(store, args: argparse.Namespace) -> int:  # noqa: ANN001 - RunStore
    cmd = args.runs_cmd
    if cmd == "list":
        runs = store.list_runs(status=args.status, tag=args.tag)
        if not runs:
            print(f"no runs in {store.dir} yet: try 'resviz train --arch resnet20 --quick'")
            return 0
        print(render(["id", "name", "arch", "depth", "kind", "dataset", "status", "train loss", "best val acc", "created"],
                     [_row(r) for r in runs], right=(0, 3, 7, 8)))
        return 0
    if cmd == "show":
        r = store.get_run(args.run)
        print(f"run {r.id}: {r.name}")
        for label, value in (("status", f"{r.status}  {r.status_message}".strip()), ("architecture", r.arch),
                             ("depth", r.depth), ("parameters", f"{r.params:,}" if r.params else None),
                             ("dataset", r.dataset), ("device", r.device),
                             ("precision", r.summary.get("precision")),
                             ("final train loss", _fmt(r.final_train_loss, ".4f")),
                             ("best val accuracy", _fmt(r.best_val_acc, ".2%")),
                             ("wall time", _fmt(r.wall_time, ".1f") + " s" if r.wall_time else None),
                             ("checkpoint", r.checkpoint_path), ("tags", ", ".join(r.tags)), ("notes", r.notes)):
            if value not in (None, ""):
                print(f"  {label:18} {value}")
        cfg = r.config
        if cfg:
            keys = ("optimizer", "lr", "batch_size", "epochs", "steps", "schedule", "seed", "image_size")
            print("  config            " + ", ".join(f"{k}={cfg[k]}" for k in keys if cfg.get(k) is not None))
        return 0
    if cmd == "export":
        if not args.csv and not args.json and not args.tensorboard:
            args.csv = f"run-{args.run}"
        if args.csv:
            for path in export_csv(store, args.run, args.csv):
                print(path)
        if args.json:
            print(export_json(store, args.run, args.json))
        if args.tensorboard:
            from resviz.runs.tensorboard import export_tensorboard

            print(export_tensorboard(store, args.run, args.tensorboard))
        return 0
    if cmd == "resume":
        return _resume(store.dir, args.run)
    if cmd == "import":
        run_id = import_json(store, args.file)
        print(f"imported as run {run_id}")
        return 0
    for run_id in args.run:
        store.get_run(run_id)  # a clear error for an unknown id before deleting anything
    for run_id in args.run:
        store.delete_run(run_id)
        print(f"deleted run {run_id}")
    return 0


def _resume(store_dir, run_id: int) -> int:  # noqa: ANN001 - a Path
    from resviz.cli.progress import ProgressBar
    from resviz.cli.train_cmd import stop_on_ctrl_c
    from resviz.train.events import TrainControl
    from resviz.train.session import resume

    control = TrainControl()
    with stop_on_ctrl_c(control):
        out = resume(run_id, store_dir=store_dir, callbacks=[ProgressBar()], control=control)
    print(f"run {run_id}: {out.end.status} at step {out.end.step}")
    if out.end.status in ("diverged", "failed"):
        print(f"error: {out.end.message}", file=sys.stderr)
        return 2
    return 0
