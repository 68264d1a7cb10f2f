"""`resviz lesson list | run NAME`: the app's guided lessons, headless."""

from __future__ import annotations

import argparse

from resviz.cli.table import render
from resviz.cli.train_cmd import stop_on_ctrl_c
from resviz.i18n import _
from resviz.train.config import CLASSROOM_STEPS


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lesson", help=_("guided lessons: run an experiment and read what it shows"),
                       description=_("The lessons of the app's Lessons panel: each trains its networks (or "
                                     "reuses matching finished runs from the store) and says what the "
                                     "measured numbers show."))
    cmds = p.add_subparsers(dest="lesson_command", required=True)
    cmds.add_parser("list", help=_("every lesson, in order, with a one-line summary"))
    r = cmds.add_parser("run", help=_("run a lesson's experiment and print its conclusion"))
    r.add_argument("name", metavar=_("LESSON"), help=_("the lesson's name or number (see 'resviz lesson list')"))
    size = r.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true",
                      help=_("the quick classroom setting even on a GPU (it is the default on a CPU)"))
    size.add_argument("--classroom", action="store_true",
                      help=_("the longer classroom setting of the degradation demo ({steps} steps with a cosine "
                             "schedule): lesson 3 needs it to show both halves of Fig. 6").format(steps=CLASSROOM_STEPS))
    r.add_argument("--seed", type=int, default=0, metavar=_("SEED"),
                   help=_("random seed of the weights and the data (default 0)"))
    r.add_argument("--steps", type=int, metavar="N", help=_("training steps per network (default: the demo's setting)"))
    r.add_argument("--no-reuse", action="store_true", help=_("train every run again, even if the store has it"))


def run(args: argparse.Namespace) -> int:
    from resviz.lessons import LESSONS, get_lesson

    if args.lesson_command == "list":
        rows = [[lesson.number, lesson.key, _(lesson.title), _(lesson.summary)] for lesson in LESSONS]
        print(render([_("no."), _("name"), _("title"), _("what it shows")], rows, right=(0,)))
        return 0
    lesson = get_lesson(args.name)  # an unknown name is a LessonError: exit 2 with the list
    return _run(lesson, args)


def _run(lesson, args: argparse.Namespace) -> int:  # noqa: ANN001 - a Lesson, imported lazily
    from resviz.cli.progress import ProgressBar
    from resviz.lessons import Setting, run_lesson
    from resviz.lessons.catalog import run_label
    from resviz.train.config import CLASSROOM
    from resviz.train.device import resolve_device
    from resviz.train.events import TrainControl

    if args.classroom:
        size = CLASSROOM
    else:
        size = "cpu" if args.quick or resolve_device("auto").type == "cpu" else "cuda"
    setting = Setting(size, seed=args.seed, steps=args.steps)
    print(_("Lesson {number}: {title}").format(number=lesson.number, title=_(lesson.title)))
    control = TrainControl()
    with stop_on_ctrl_c(control):
        result = run_lesson(lesson, setting, store_dir=args.store, callbacks=lambda _run: [ProgressBar()],
                            control=control, reuse=not args.no_reuse)
    for key, run_id in result.ids.items():
        how = _("reused") if run_id in result.reused else _("trained")
        print(_("  {key}: run {id} ({how})").format(key=run_label(key), id=run_id, how=how))
    if not result.conclusion:
        print(_("The lesson was stopped before all its runs ended; run it again to go on "
                "(finished runs are reused)."))
        return 2
    print()
    print(result.conclusion)
    return 0 if result.complete else 2
