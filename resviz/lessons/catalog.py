"""The lessons, in the order a class takes them: what each trains, where to look and how its
conclusion is drawn from the runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from resviz.errors import ResvizError
from resviz.i18n import N_, _
from resviz.lessons import conclusions as c
from resviz.lessons import experiments as x
from resviz.lessons import measure as m
from resviz.lessons.paths import lesion_lesson
from resviz.presentation.demo_verdict import measure, verdict
from resviz.runs import RunStore

Plan = Callable[[x.Setting], list[x.PlannedRun]]
Conclude = Callable[[RunStore, Mapping[str, int]], str]

TABS = ("curves", "gradients", "shortcuts", "gradcam", "compare", "lesion")


class LessonError(ResvizError):
    """An unknown lesson name."""


@dataclass(frozen=True)
class Lesson:
    number: int
    key: str
    title: str
    """Marked with N_: translate with _() where shown."""
    summary: str
    look_at: str
    """Where to look, one sentence (N_)."""
    tab: str
    """The view that opens: one of TABS."""
    block: str | None
    """The block highlighted in the diagram (module name), if any."""
    show: str
    """The run (its key in ``plan``) whose curves and gradients the views show."""
    plan: Plan
    conclude: Conclude


def _numbers(store: RunStore, ids: Mapping[str, int], key: str, label: str) -> m.RunNumbers:
    return m.run_numbers(store, ids[key], label)


def _block_lesson(store: RunStore, ids: Mapping[str, int]) -> str:
    names, gs, gb = m.path_norms(store, ids["resnet20"])
    i = names.index("layer1.0") if "layer1.0" in names else 0
    return c.conclude_block(c.BlockNumbers(
        _numbers(store, ids, "plain20", "plain-20"), _numbers(store, ids, "resnet20", "ResNet-20"),
        names[i] if names else "layer1.0", float(gs[i]) if len(gs) else float("nan"),
        float(gb[i]) if len(gb) else float("nan")))


def _demo_verdict(store: RunStore, ids: Mapping[str, int]) -> str:
    return verdict(measure(store, list(ids.values())))


def _batch_norm_lesson(store: RunStore, ids: Mapping[str, int]) -> str:
    return c.conclude_batch_norm(c.BatchNormNumbers(
        _numbers(store, ids, "bn", _("plain-56 with BN")), _numbers(store, ids, "no_bn", _("plain-56 without BN")),
        m.first_to_last_quarter(m.grad_profile_at_init(store, ids["bn"])),
        m.first_to_last_quarter(m.grad_profile_at_init(store, ids["no_bn"]))))


def _paths_lesson(store: RunStore, ids: Mapping[str, int]) -> str:
    names, shares = m.shortcut_share(store, ids["resnet56"])
    return c.conclude_paths(names, list(shares))


SHORTCUT_NAMES = {"A": N_("identity (A)"), "B": N_("projection where the shape changes (B)"),
                  "C": N_("projection everywhere (C)"), "scaling": N_("constant scaling"),
                  "exclusive_gating": N_("exclusive gating"), "shortcut_gating": N_("shortcut-only gating"),
                  "conv1x1": N_("1×1 conv shortcut"), "dropout": N_("dropout shortcut")}
# He et al. 2016, Fig. 2 / Table 1: every variant of the identity trained worse; He et al. 2015
# (Table 3) found projections (B, C) marginally better than A, so they are not expected worse.
SHORTCUT_WORSE = {"B": False, "C": False, "scaling": True, "exclusive_gating": True,
                  "shortcut_gating": True, "conv1x1": True, "dropout": True}

ACTIVATION_NAMES = {"original": N_("original"), "bn_after_add": N_("BN after addition"),
                    "relu_before_add": N_("ReLU before addition"), "relu_preact": N_("ReLU-only pre-activation"),
                    "full_preact": N_("full pre-activation")}
# He et al. 2016, Fig. 4 / Table 2 (ResNet-110): 6.61 original, 8.17, 7.84, 6.71, 6.37.
ACTIVATION_WORSE = {"bn_after_add": True, "relu_before_add": True, "relu_preact": False, "full_preact": False}


def run_label(key: str) -> str:
    """A lesson's run as its conclusion names it: 'full pre-activation', not 'full_preact'."""
    names = {**SHORTCUT_NAMES, **ACTIVATION_NAMES}
    return _(names[key]) if key in names else key


def _variants(names: Mapping[str, str], worse: Mapping[str, bool], reference: str) -> Conclude:
    def conclude(store: RunStore, ids: Mapping[str, int]) -> str:
        ref = _numbers(store, ids, reference, _(names[reference]))
        others = [_numbers(store, ids, k, _(names[k])) for k in ids if k != reference]
        return c.conclude_variants(ref, others, {_(names[k]): v for k, v in worse.items()})

    return conclude


LESSONS: tuple[Lesson, ...] = (
    Lesson(1, "residual-block", N_("y = F(x) + x"),
           N_("One block, plain against residual: the one line that differs, and ∂y/∂x = ∂F/∂x + 1."),
           N_("The diagram: the arc beside the first block is the shortcut. The Shortcut vs branch tab shows "
              "the gradient each path hands back."),
           "shortcuts", "layer1.0", "resnet20",
           lambda s: x.degradation_runs(s, ("plain20", "resnet20")), _block_lesson),
    Lesson(2, "degradation", N_("The degradation problem"),
           N_("plain-20 against plain-56: the deeper net trains worse on its own training data."),
           N_("Compare runs: the dashed curves of plain-20 and plain-56. Training loss, not validation loss."),
           "compare", None, "plain56",
           lambda s: x.degradation_runs(s, ("plain20", "plain56")), _demo_verdict),
    Lesson(3, "shortcuts", N_("Shortcuts remove it"),
           N_("ResNet-20 and ResNet-56 beside the plain nets (Fig. 6 of He et al. 2015)."),
           N_("Compare runs: solid curves are residual nets, dashed ones plain, as in the paper's Fig. 6."),
           "compare", None, "resnet56",
           lambda s: x.degradation_runs(s, ("plain20", "plain56", "resnet20", "resnet56")), _demo_verdict),
    Lesson(4, "vanishing-gradients", N_("Is it vanishing gradients?"),
           N_("plain-56 with and without batch norm: where the gradient vanishes and where it does not."),
           N_("The Gradients tab: one row per probe, one column per layer, input on the left. Open each run "
              "from Compare runs."),
           "gradients", "conv1", "bn", x.batch_norm_runs, _batch_norm_lesson),
    Lesson(5, "gradient-paths", N_("Where the gradient goes"),
           N_("The shortcut and branch paths of every block of ResNet-56."),
           N_("The Shortcut vs branch tab, and the arcs of the diagram drawn by their share of the gradient."),
           "shortcuts", "layer2.0", "resnet56",
           lambda s: x.degradation_runs(s, ("resnet56",)), _paths_lesson),
    Lesson(6, "identity", N_("Identity or projection?"),
           N_("Options A, B, C and the gated, scaled and dropout shortcuts of He et al. 2016 (Fig. 2)."),
           N_("Compare runs: the training loss of each shortcut, the identity (A) as reference."),
           "compare", "layer2.0", "A",
           lambda s: x.variant_runs(s, "resnet20", "shortcut", x.SHORTCUT_VARIANTS, SHORTCUT_NAMES),
           _variants(SHORTCUT_NAMES, SHORTCUT_WORSE, "A")),
    Lesson(7, "preactivation", N_("Pre-activation"),
           N_("Where BN and ReLU sit in the block: the five placements of He et al. 2016 (Fig. 4)."),
           N_("Compare runs: the training loss of each placement, the original as reference."),
           "compare", "layer1.0", "full_preact",
           lambda s: x.variant_runs(s, "resnet20", "activation", x.ACTIVATION_VARIANTS, ACTIVATION_NAMES),
           _variants(ACTIVATION_NAMES, ACTIVATION_WORSE, "original")),
    Lesson(8, "many-paths", N_("Many shallow paths"),
           N_("Delete one block at a time from a trained ResNet-20 and plain-20: how much does each net miss "
              "it? (Veit et al. 2016)"),
           N_("The Lesion tab: one bar per deleted block of ResNet-20, its accuracy with every block in place "
              "as a line. Open plain-20 from Compare runs to see its bars."),
           "lesion", None, "resnet20",
           lambda s: x.degradation_runs(s, ("resnet20", "plain20")),
           lambda store, ids: lesion_lesson(store, ids, (("resnet20", "ResNet-20"), ("plain20", "plain-20")))),
)


def get_lesson(name: str) -> Lesson:
    """A lesson by key ('degradation') or number ('2')."""
    wanted = name.strip().lower()
    for lesson in LESSONS:
        if wanted in (lesson.key, str(lesson.number)):
            return lesson
    raise LessonError(_("unknown lesson '{name}'").format(name=name),
                      _("run 'resviz lesson list' to see them: {names}").format(
                          names=", ".join(lesson.key for lesson in LESSONS)))
