"""`resviz runs list | show | export | import | delete`."""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from resviz.cli.table import render, width
from resviz.data.registry import dataset_title
from resviz.errors import ResvizError, StoreError
from resviz.i18n import _, join_list
from resviz.runs import RunInfo, RunStore, export_csv, export_json, import_json, open_store
from resviz.runs.exchange import write_text
from resviz.runs.types import status_label


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("runs", help=_("the runs in the store: list, show, export, import, delete"))
    rsub = p.add_subparsers(dest="runs_cmd", required=True)
    ls = rsub.add_parser("list", help=_("every run, newest first"))
    ls.add_argument("--status", metavar=_("STATUS"), help=_("only runs with this status (finished, stopped, interrupted, …)"))
    ls.add_argument("--tag", metavar=_("TAG"), help=_("only runs with this tag"))
    run_id, run_help = _("RUN"), _("the run's id (see 'resviz runs list')")
    show = rsub.add_parser("show", help=_("one run: settings, status and final numbers"))
    show.add_argument("run", type=int, metavar=run_id, help=run_help)
    exp = rsub.add_parser("export", help=_("write runs' metrics and gradient norms as CSV, or each run whole as JSON"),
                          description=_("Several runs go into one folder: a subfolder (or JSON file) per run, "
                                        "and with --csv a summary.csv with one row per run to compare them."))
    exp.add_argument("run", type=int, nargs="+", metavar=run_id, help=run_help)
    exp.add_argument("--csv", metavar=_("DIR"), help=_("folder for metrics.csv, grad_norms.csv and run.json "
                                                        "(default: run-ID, or runs-ID-ID… for several)"))
    exp.add_argument("--json", metavar=_("FILE"), help=_("one JSON file with everything, for 'runs import'; "
                                                         "for several runs, a folder for one file each"))
    exp.add_argument("--weights", action="store_true",
                     help=_("with --json: add each run's trained weights (its last checkpoint), so that Grad-CAM, "
                            "a lesion study or a resume work where it is imported"))
    exp.add_argument("--tensorboard", metavar=_("DIR"), help=_("TensorBoard event files (tensorboard --logdir DIR)"))
    imp = rsub.add_parser("import", help=_("add a run exported with 'runs export --json' to this store"))
    imp.add_argument("file", metavar=_("FILE"), help=_("a JSON file written by 'runs export --json'"))
    res = rsub.add_parser("resume", help=_("continue a stopped or interrupted run from its last checkpoint"))
    res.add_argument("run", type=int, metavar=run_id, help=run_help)
    rm = rsub.add_parser("delete", help=_("delete a run and its files"))
    rm.add_argument("run", type=int, nargs="+", metavar=run_id, help=run_help)


def _fmt(value: float | None, pattern: str) -> str:
    return "" if value is None else format(value, pattern)


def _row(r: RunInfo) -> list[object]:
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created_at))
    kind = "" if r.residual is None else (_("residual") if r.residual else _("plain"))
    return [r.id, r.name, r.arch or "", r.depth or "", kind, dataset_title(r.dataset), status_label(r.status),
            _train_loss(r), _fmt(r.best_val_acc, ".1%"), created]


def _train_loss(r: RunInfo) -> str:
    """The final training loss; for a run that never reached its end, its last logged one, marked."""
    if r.final_train_loss is not None or r.last_train_loss is None:
        return _fmt(r.final_train_loss, ".4f")
    return _("{loss:.4f} (last logged)").format(loss=r.last_train_loss)


def run(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        return _dispatch(store, args)


def _dispatch(store, args: argparse.Namespace) -> int:  # noqa: ANN001 - RunStore
    cmd = args.runs_cmd
    if cmd == "list":
        runs = store.list_runs(status=args.status, tag=args.tag)
        if not runs:
            print(_("no runs in {folder} yet: try 'resviz train --arch resnet20 --quick'").format(folder=store.dir))
            return 0
        print(render([_("id"), _("name"), _("arch"), _("depth"), _("kind"), _("dataset"), _("status"), _("train loss"),
                      _("best val acc"), _("created")], [_row(r) for r in runs], right=(0, 3, 7, 8)))
        return 0
    if cmd == "show":
        r = store.get_run(args.run)
        print(_("run {id}: {name}").format(id=r.id, name=r.name))
        cfg = r.config
        keys = ("optimizer", "lr", "batch_size", "epochs", "steps", "schedule", "seed", "image_size")
        fields = ((_("status"), f"{status_label(r.status)}  {r.status_message}".strip()), (_("architecture"), r.arch),
                  (_("depth"), r.depth), (_("parameters"), f"{r.params:,}" if r.params else None),
                  (_("dataset"), dataset_title(r.dataset)), (_("device"), r.device), (_("precision"), r.summary.get("precision")),
                  (_("final train loss"), _train_loss(r)),
                  (_("best val accuracy"), _fmt(r.best_val_acc, ".2%")),
                  (_("wall time"), _fmt(r.wall_time, ".1f") + " s" if r.wall_time else None),
                  (_("checkpoint"), r.checkpoint_path), (_("tags"), ", ".join(r.tags)), (_("notes"), r.notes),
                  (_("config"), ", ".join(f"{k}={cfg[k]}" for k in keys if cfg.get(k) is not None) if cfg else None))
        column = max(width(label) for label, _value in fields) + 2
        for label, value in fields:
            if value not in (None, ""):
                print("  " + label + " " * (column - width(label)) + str(value))
        return 0
    if cmd == "export":
        return _export(store, args)
    if cmd == "resume":
        return _resume(store.dir, args.run)
    if cmd == "import":
        run_id = import_json(store, args.file)
        print(_("imported as run {id}").format(id=run_id))
        return 0
    for run_id in args.run:
        store.get_run(run_id)  # a clear error for an unknown id before deleting anything
    for run_id in args.run:
        store.delete_run(run_id)
        print(_("deleted run {id}").format(id=run_id))
    return 0


def known_runs(store: RunStore, run_ids: list[int], hint: str) -> list[RunInfo]:
    """The runs, in the order given, once each. Every unknown id is named in one StoreError
    (with `hint`, which says nothing was done) before anything is written: a mistyped id must
    not leave a partial export or figure that looks whole."""
    infos: dict[int, RunInfo] = {}
    unknown: list[int] = []
    for run_id in dict.fromkeys(run_ids):
        try:
            infos[run_id] = store.get_run(run_id)
        except StoreError:
            unknown.append(run_id)
    if len(unknown) == 1:
        raise StoreError(_("No run #{run_id} in this store ({dir})").format(run_id=unknown[0], dir=store.dir), hint)
    if unknown:
        raise StoreError(_("No runs {ids} in this store ({dir})").format(
            ids=join_list(f"#{i}" for i in unknown), dir=store.dir), hint)
    return list(infos.values())


def _export(store: RunStore, args: argparse.Namespace) -> int:
    """One run as before (its files straight into --csv DIR, --json FILE); several runs into
    folders, a subfolder or file per run named as the TensorBoard export names them."""
    from resviz.runs.tensorboard import run_folder_name

    if args.weights and not args.json:
        raise ResvizError(_("--weights adds the trained weights to a JSON export"), _("add --json FILE"))
    runs = known_runs(store, args.run, _("nothing was exported; `resviz runs list` shows the runs there"))
    if args.weights:  # every run's or none: a file without them would look like one with them
        from resviz.runs.exchange_files import checkpoint_to_dict, has_trained_weights

        for r in runs:
            if not has_trained_weights(store, r):
                checkpoint_to_dict(store, r)  # says which run and why, before anything is written
    if len(runs) == 1:
        run_id = runs[0].id
        if not args.csv and not args.json and not args.tensorboard:
            args.csv = f"run-{run_id}"
        if args.csv:
            for path in export_csv(store, run_id, args.csv):
                print(path)
        if args.json:
            print(export_json(store, run_id, args.json, weights=args.weights))
        if args.tensorboard:
            from resviz.runs.tensorboard import export_tensorboard

            print(export_tensorboard(store, run_id, args.tensorboard))
        return 0
    if not args.csv and not args.json and not args.tensorboard:
        ids = [str(r.id) for r in runs]
        # Every id names the folder; past five, a digest of them keeps two exports apart.
        digest = hashlib.sha1(",".join(ids).encode()).hexdigest()[:6]
        args.csv = "runs-" + ("-".join(ids) if len(ids) <= 5 else f"{ids[0]}-to-{ids[-1]}-{len(ids)}-{digest}")
    folders = {r.id: run_folder_name(r.id, r.name) for r in runs}
    if args.csv:
        from resviz.presentation.summary import summary_rows, to_csv

        for r in runs:
            for path in export_csv(store, r.id, Path(args.csv) / folders[r.id]):
                print(path)
        summary = Path(args.csv) / "summary.csv"
        write_text(summary, to_csv(summary_rows(store, [r.id for r in runs])))
        print(summary)
    if args.json:
        for r in runs:
            print(export_json(store, r.id, Path(args.json) / f"{folders[r.id]}.json", weights=args.weights))
    if args.tensorboard:
        from resviz.runs.tensorboard import export_tensorboard

        for r in runs:  # a subfolder each: TensorBoard overlays them
            print(export_tensorboard(store, r.id, args.tensorboard))
    print(_("exported {n} runs").format(n=len(runs)))
    return 0


def _resume(store_dir, run_id: int) -> int:  # noqa: ANN001 - a Path
    from resviz.cli.progress import ProgressBar
    from resviz.cli.train_cmd import stop_on_ctrl_c
    from resviz.train.events import TrainControl
    from resviz.train.session import resume

    control = TrainControl()
    with stop_on_ctrl_c(control):
        out = resume(run_id, store_dir=store_dir, callbacks=[ProgressBar()], control=control)
    print(_("run {id}: {status} at step {step}").format(id=run_id, status=status_label(out.end.status),
                                                         step=out.end.step))
    if out.end.status in ("diverged", "failed"):
        print(_("error: {message}").format(message=out.end.message), file=sys.stderr)
        return 2
    return 0
