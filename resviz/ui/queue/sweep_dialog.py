"""The sweep dialog: a base network, checkable lists of what varies, seeds, and a live count of
the runs that OK will queue."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resviz import i18n
from resviz.arch.presets import PRESETS, get_preset
from resviz.arch.spec import NetworkSpec
from resviz.errors import ResvizError
from resviz.train.config import TrainConfig
from resviz.train.sweep import SweepSpec, expand_all
from resviz.ui.editor.fields import ACTIVATION_TEXTS, SHORTCUT_TEXTS
from resviz.ui.editor.form import FieldForm
from resviz.ui.queue.run_on import RunOnBox

EDITOR = "__editor__"
N_VALUES = (1, 2, 3, 5, 7, 9, 18)
WIDTHS = (0.25, 0.5, 1.0, 2.0)


def _checklist(items: list[tuple[object, str]], checked: set[object]) -> QListWidget:
    box = QListWidget()
    for value, label in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
        box.addItem(item)
    # As tall as its items: the choices are few, and a scroll bar would hide some of them.
    box.setFixedHeight(box.sizeHintForRow(0) * box.count() + 2 * box.frameWidth() + 4)
    box.setMinimumWidth(box.sizeHintForColumn(0) + 2 * box.frameWidth() + 8)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return box


def checked_values(box: QListWidget) -> list:  # noqa: ANN201 - the values stored in the list
    return [box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


def parse_seeds(text: str) -> list[int]:
    """'0 1 2', '0,1,2' or '0-4' (inclusive range)."""
    seeds: list[int] = []
    for part in text.replace(",", " ").split():
        if "-" in part.strip("-"):
            lo, hi = part.split("-", 1)
            seeds += range(int(lo), int(hi) + 1)
        else:
            seeds.append(int(part))
    return list(dict.fromkeys(seeds))


class SweepDialog(QDialog):
    """On OK, queues the sweep's runs (with ``base_config`` and each run's seed); ids in ``queued_ids``.
    Where "Run on: Ray" was chosen, ``ray_options`` says how (else None) and the runs are the Ray sweep's."""

    def __init__(self, base_spec: NetworkSpec, base_config: TrainConfig, store_dir: str | Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Queue a sweep"))
        self.editor_spec = base_spec
        self.base_config = base_config
        self.store_dir = store_dir
        self.queued_ids: list[int] = []
        self.ray_options = None

        self.base = QComboBox()
        self.base.addItem(self.tr("The network in the editor ({name})").format(name=base_spec.name), EDITOR)
        for name, preset in PRESETS.items():
            if preset.family != "imagenet":  # ImageNet nets take hours per run: not for a sweep here
                self.base.addItem(f"{name} — {i18n._(preset.description)}", name)
        depth_now = len(base_spec.stages[0].blocks) if base_spec.stages else 3
        self.n_list = _checklist([(n, self.tr("n = {n}  (depth {depth} for CIFAR nets)").format(n=n, depth=6 * n + 2))
                                  for n in N_VALUES],
                                 {depth_now})
        self.kind_list = _checklist([("plain", self.tr("plain (no shortcuts)")), ("residual", self.tr("residual"))],
                                    {"plain", "residual"})
        shortcuts = [(k, FieldForm.tr_text(v)) for k, v in SHORTCUT_TEXTS.items() if k != "none"]
        self.shortcut_list = _checklist(shortcuts, {"A"})
        self.activation_list = _checklist([(k, FieldForm.tr_text(v)) for k, v in ACTIVATION_TEXTS.items()], {"original"})
        self.width_list = _checklist([(w, f"× {w:g}" + (self.tr("  (the paper's)") if w == 1.0 else "")) for w in WIDTHS],
                                     {1.0})
        self.seeds = QLineEdit(str(base_config.seed))
        self.seeds.setPlaceholderText(self.tr("e.g. 0 1 2, or 0-4"))
        self.seeds.setMaximumWidth(260)
        self.count = QLabel()
        self.count.setWordWrap(True)
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        self.skipped = QLabel()
        self.skipped.setWordWrap(True)
        self.skipped.setEnabled(False)

        top = QFormLayout()
        top.addRow(self.tr("Base network"), self.base)
        top.addRow(self.tr("Seeds"), self.seeds)
        grid = QGridLayout()
        places = ((0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 2), (1, 2, 1))  # row, column, column span
        for (title, box), (row, col, span) in zip(
                ((self.tr("Blocks per stage"), self.n_list), (self.tr("Plain or residual"), self.kind_list),
                 (self.tr("Width"), self.width_list), (self.tr("Shortcut (residual nets)"), self.shortcut_list),
                 (self.tr("Activation placement"), self.activation_list)),
                places, strict=True):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(box)
            grid.addWidget(group, row, col, 1, span, Qt.AlignmentFlag.AlignTop)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Queue runs"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        length = (self.tr("{n} steps").format(n=base_config.steps) if base_config.steps
                  else self.tr("{n} epochs").format(n=base_config.epochs))
        settings = QLabel(self.tr("Each run trains with the current training settings: {dataset}, {length}, "
                                  "batch {batch}, lr {lr}.").format(dataset=base_config.dataset, length=length,
                                                                    batch=base_config.batch_size, lr=f"{base_config.lr:g}"))
        settings.setWordWrap(True)
        self.run_on = RunOnBox()
        self.run_on.changed.connect(self._run_on_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.run_on)
        layout.addStretch(1)
        layout.addWidget(settings)
        layout.addWidget(self.count)
        layout.addWidget(self.skipped)
        layout.addWidget(self.buttons)

        self.base.currentIndexChanged.connect(self.update_count)
        self.seeds.textChanged.connect(self.update_count)
        for box in (self.n_list, self.kind_list, self.shortcut_list, self.activation_list, self.width_list):
            box.itemChanged.connect(self.update_count)
        self.resize(max(self.sizeHint().width(), 760), self.sizeHint().height())
        self.update_count()

    def _run_on_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Start on Ray") if self.run_on.on_ray() else self.tr("Queue runs"))
        self.update_count()

    def base_spec(self) -> NetworkSpec:
        key = self.base.currentData()
        return self.editor_spec if key == EDITOR else get_preset(key)

    def sweep(self) -> SweepSpec:
        """The sweep as set in the dialog; raises ValueError for unreadable seeds."""
        return SweepSpec(base=self.base_spec(), n_values=checked_values(self.n_list),
                         kinds=checked_values(self.kind_list), shortcuts=checked_values(self.shortcut_list),
                         activations=checked_values(self.activation_list), widths=checked_values(self.width_list),
                         seeds=parse_seeds(self.seeds.text()))

    def update_count(self) -> int:
        """Show how many runs OK will queue; returns that number (0 when the sweep is invalid)."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            expansion = expand_all(self.sweep())
            if self.run_on.on_ray():
                self.run_on.gpus_per_trial()  # a GPU count that cannot be read
        except (ValueError, ResvizError) as exc:
            self.count.setText(self.tr("Cannot queue this: {error}").format(error=exc))
            self.skipped.setText("")
            ok.setEnabled(False)
            return 0
        n = len(expansion.runs)
        self.count.setText((self.tr("1 run will be queued.") if n == 1 else self.tr("{n} runs will be queued.").format(n=n))
                           if n else self.tr("No run to queue."))
        skipped = len(expansion.skipped)
        left_out = (self.tr("1 combination left out: it does not validate ({example})") if skipped == 1 else
                    self.tr("{n} combinations left out: they do not validate (e.g. {example})"))
        self.skipped.setText(left_out.format(n=skipped, example=expansion.skipped[0]) if skipped else "")
        self.skipped.setToolTip("\n".join(expansion.skipped))
        ok.setEnabled(n > 0)
        return n

    def accept(self) -> None:
        from resviz.train.queue import enqueue_many

        try:
            runs = expand_all(self.sweep()).runs
            items = [(name, spec, dataclasses.replace(self.base_config, seed=seed)) for name, spec, seed in runs]
            self.ray_options = self.run_on.options()
            hold = None
            if self.ray_options is not None:
                from resviz.train.ray_sweep import hold_summary

                hold = hold_summary()  # the app's local queue leaves them to the Ray sweep
            self.queued_ids = enqueue_many(self.store_dir, items, tags=[f"sweep {self.base_spec().name}"],
                                           summary=hold)
        except (ValueError, ResvizError) as exc:
            self.count.setText(self.tr("Cannot queue this: {error}").format(error=exc))
            return
        super().accept()
