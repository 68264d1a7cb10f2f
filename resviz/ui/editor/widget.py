"""SpecEditor: preset picker, plain/residual switch, tree, property form, validation and
totals, wired to one SpecDocument. Layout and wiring only; the rules live in the document."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resviz import i18n
from resviz.arch.memory import estimate_training_memory, format_bytes
from resviz.arch.naming import display_name
from resviz.arch.presets import PRESETS
from resviz.arch.spec import to_dict
from resviz.presentation import palette
from resviz.ui.editor.document import SpecDocument
from resviz.ui.editor.files import FileActions
from resviz.ui.editor.form import ElidingComboBox
from resviz.ui.editor.properties import PropertiesPanel
from resviz.ui.editor.tree import SpecTree, shape_text

FAMILIES = {
    "cifar": QT_TRANSLATE_NOOP("SpecEditor", "CIFAR-10 · He et al. 2015"),
    "preact": QT_TRANSLATE_NOOP("SpecEditor", "Pre-activation · He et al. 2016"),
    "imagenet": QT_TRANSLATE_NOOP("SpecEditor", "ImageNet · torchvision layout"),
}
FULL_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1
FAMILY_ROLE = Qt.ItemDataRole.UserRole + 2
VALID_STYLE = (f"QLabel {{ background: {palette.VALID_FILL}; color: {palette.VALID_TEXT}; "
               f"border: 1px solid {palette.VALID_EDGE}; border-radius: 4px; padding: 4px 6px; }}")
INVALID_STYLE = (f"QLabel {{ background: {palette.ERROR_FILL}; color: {palette.ERROR}; "
                 f"border: 1px solid {palette.ERROR_EDGE}; border-radius: 4px; padding: 4px 6px; }}")
SWITCH_STYLE = """
QToolButton { padding: 3px 12px; border: 1px solid palette(mid); background: palette(button); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); }
QToolButton#plainButton { border-top-left-radius: 4px; border-bottom-left-radius: 4px; }
QToolButton#residualButton { border-top-right-radius: 4px; border-bottom-right-radius: 4px; border-left: none; }
"""


def format_macs(macs: int) -> str:
    """125485696 → '125.5 M'; billions as 'G'."""
    if macs >= 1e9:
        return f"{macs / 1e9:.2f} G"
    if macs >= 1e6:
        return f"{macs / 1e6:.1f} M"
    return f"{macs:,}"


def _architecture(snap: dict) -> dict:
    """A spec dict without what does not change the network: names and descriptions."""
    stages = [{**st, "name": ""} for st in snap.get("stages", [])]
    return {**snap, "name": "", "description": "", "stages": stages}


class _PresetDelegate(QStyledItemDelegate):
    """The popup shows 'name — description'; the closed combo shows just the name."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        full = index.data(FULL_TEXT_ROLE)
        if full:
            option.text = full
        else:  # a family title: not selectable, but drawn as readable text, not greyed out
            option.state |= QStyle.StateFlag.State_Enabled
            option.font.setBold(True)


class SpecEditor(QWidget):
    """The block editor. ``document`` is the model; ``blockSelected`` carries module names."""

    blockSelected = Signal(str)

    def __init__(self, document: SpecDocument | None = None, parent: QWidget | None = None, *, settings: QSettings | None = None, autosave_dir: str | Path | None = None) -> None:
        super().__init__(parent)
        self.document = document if document is not None else SpecDocument(parent=self, autosave_dir=autosave_dir)
        doc = self.document
        self._preset_cache: dict[str, dict] = {}
        self._split_done = False
        self.files = FileActions(doc, self, settings)
        for name in ("new_action", "open_action", "save_action", "save_as_action", "undo_action", "redo_action", "recent_menu"):
            setattr(self, name, getattr(self.files, name))
        self.addActions(self.files.actions())  # standard shortcuts work even without a menu bar

        self.preset_combo = self._make_preset_combo()
        self.plain_button = self._switch_button("plainButton")
        self.residual_button = self._switch_button("residualButton")
        self._switch_group = QButtonGroup(self)
        self._switch_group.setExclusive(True)
        self._switch_group.addButton(self.plain_button)
        self._switch_group.addButton(self.residual_button)
        self.plain_button.clicked.connect(lambda: doc.set_residual(False))
        self.residual_button.clicked.connect(lambda: doc.set_residual(True))
        switch = QWidget(self)
        switch.setStyleSheet(SWITCH_STYLE)
        sl = QHBoxLayout(switch)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.setSpacing(0)
        sl.addWidget(self.plain_button)
        sl.addWidget(self.residual_button)

        self.tree = SpecTree(doc, self)
        self.properties = PropertiesPanel(doc, self)
        self.tree.currentKeyChanged.connect(self.properties.set_key)
        self.tree.blockSelected.connect(self.blockSelected)
        self.properties.set_key(self.tree.current_module())
        scroll = QScrollArea(self)
        scroll.setWidget(self.properties)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message.linkActivated.connect(lambda _: self.tree.select_module(doc.error_module() or "input", emit=True))
        self.totals = QLabel(self)
        font = QFont(self.totals.font())
        font.setBold(True)
        self.totals.setFont(font)
        self.totals.setWordWrap(True)
        self.memory = QLabel(self)
        self._batch_size = 128  # the training settings' batch size, given by set_batch_size
        self.memory.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.preset_combo, 1)
        top.addWidget(switch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.totals)
        layout.addWidget(self.memory)

        doc.specChanged.connect(self._sync)
        self.retranslate()

    def retranslate(self) -> None:
        self.files.retranslate()
        self.memory.setToolTip(self.tr(
            "Estimated from the shapes: weights, their gradients, the optimizer's momentum and the "
            "activations kept for the backward pass at the training settings' batch size. A run that "
            "would not fit is refused before it starts."))
        self.plain_button.setText(self.tr("Plain"))
        self.plain_button.setToolTip(self.tr("Every block without a shortcut: y = F(x), a plain network"))
        self.residual_button.setText(self.tr("Residual"))
        self.residual_button.setToolTip(self.tr(
            "Every block adds its input back through a shortcut connection: y = F(x) + x"))
        combo = self.preset_combo
        combo.setToolTip(self.tr("Load one of the papers' networks (an undoable edit)"))
        combo.setPlaceholderText(self.tr("Custom network · load a preset…"))
        model = combo.model()
        widest = ""
        for row in range(model.rowCount()):
            item = model.item(row)  # type: ignore[attr-defined]
            family = item.data(FAMILY_ROLE)
            if family:
                item.setText(QCoreApplication.translate("SpecEditor", FAMILIES[family]))
                continue
            preset = PRESETS[item.data(Qt.ItemDataRole.UserRole)]
            full = f"    {preset.name} — {i18n._(preset.description)}"
            item.setData(full, FULL_TEXT_ROLE)
            item.setToolTip(i18n._(preset.description))
            widest = max(widest, full, key=len)
        combo.view().setMinimumWidth(combo.fontMetrics().horizontalAdvance(widest) + 48)
        self._sync()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- public --------------------------------------------------------------------------------

    def select_module(self, name: str) -> bool:
        """Select a tree item by module name ('layer2.0', 'conv1', 'fc'); no ``blockSelected`` echo."""
        return self.tree.select_module(name)

    def file_actions(self) -> list[QAction]:
        """New, Open, Save, Save As, Undo, Redo for the main window's menus (plus ``recent_menu``)."""
        return self.files.actions()

    def open_file(self, path: str | None = None) -> bool:
        return self.files.open_file(path)

    def save_file_as(self, path: str | None = None) -> bool:
        return self.files.save_as(path)

    def maybe_save(self) -> bool:
        """For the main window's closeEvent: False means the user cancelled."""
        return self.files.maybe_save()

    def check_autosave(self) -> bool:
        """Call once after the window shows: offers to restore a crashed session's edits."""
        return self.files.check_autosave()

    # --- parts ---------------------------------------------------------------------------------

    def _switch_button(self, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setCheckable(True)
        return button

    def _make_preset_combo(self) -> QComboBox:
        combo = ElidingComboBox(self)  # loading a preset by scrolling past it would be a surprise
        model = QStandardItemModel(combo)
        for family, title in FAMILIES.items():
            header = QStandardItem(title)
            header.setData(family, FAMILY_ROLE)
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # a group title, not a choice
            bold = QFont(combo.font())
            bold.setBold(True)
            header.setFont(bold)
            model.appendRow(header)
            for p in PRESETS.values():
                if p.family != family:
                    continue
                item = QStandardItem(p.name)
                item.setData(p.name, Qt.ItemDataRole.UserRole)
                model.appendRow(item)
        combo.setModel(model)
        combo.setItemDelegate(_PresetDelegate(combo))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)
        # Qt sizes a combo for its placeholder too, which here is the network's (any) name: a
        # fixed minimum keeps the dock narrow enough for 1280×720, the rest is stretch.
        combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        combo.setMinimumWidth(130)
        combo.setMaxVisibleItems(24)
        combo.activated.connect(self._on_preset)
        return combo

    def _on_preset(self, index: int) -> None:
        name = self.preset_combo.itemData(index, Qt.ItemDataRole.UserRole)
        if name:
            self.document.load_preset(name)

    def _matching_preset(self, snap: dict) -> str:
        """The preset this spec is, architecture-wise (names and descriptions aside), or ''."""
        if not self._preset_cache:
            self._preset_cache = {name: _architecture(to_dict(p.make())) for name, p in PRESETS.items()}
        arch = _architecture(snap)
        if snap.get("name") in self._preset_cache and self._preset_cache[snap["name"]] == arch:
            return snap["name"]
        return next((name for name, a in self._preset_cache.items() if a == arch), "")

    # --- sync ----------------------------------------------------------------------------------

    def set_batch_size(self, batch_size: int) -> None:
        """The batch size the memory line estimates at: the training settings' (128 until told)."""
        if batch_size != self._batch_size:
            self._batch_size = batch_size
            self._sync()

    def _sync(self) -> None:
        doc = self.document
        snap = doc.snapshot()
        preset = self._matching_preset(snap)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(preset, Qt.ItemDataRole.UserRole) if preset else -1)
        spec = doc.spec()
        # Not a preset: the box names the network (an opened file's, an edited preset).
        self.preset_combo.setPlaceholderText(display_name(spec) or self.tr("Custom network · load a preset…"))
        self.residual_button.setChecked(spec.is_residual)
        self.plain_button.setChecked(not spec.is_residual)

        analysis, error = doc.analysis(), doc.error()
        if analysis is not None:
            self.totals.setText(self.tr("Depth {depth} · {params} parameters · {macs} multiply-adds").format(
                depth=analysis.depth, params=f"{analysis.params:,}", macs=format_macs(analysis.macs)))
            batch = self._batch_size
            fp32 = estimate_training_memory(spec, batch_size=batch, analysis=analysis)
            bf16 = estimate_training_memory(spec, batch_size=batch, precision="bf16", analysis=analysis)
            self.memory.setText(self.tr("Training memory at batch {batch}: {fp32} fp32 · {bf16} bf16").format(
                batch=batch, fp32=format_bytes(fp32.total), bf16=format_bytes(bf16.total)))
        else:
            self.totals.setText(self.tr("Depth {depth} · – parameters · – multiply-adds (invalid)").format(depth=spec.depth))
            self.memory.setText("")
        if error is None:
            self.message.setStyleSheet(VALID_STYLE)
            self.message.setText("✓ " + self.tr("Valid: {name} · {classes} classes out").format(
                name=html.escape(display_name(spec)), classes=analysis.output_classes if analysis else 0))
            self.message.setToolTip("")
            return
        # The engine's message and hint are translated by the engine (resviz.i18n).
        lines = [f"<b>✗ {html.escape(error.message)}</b>"]
        if error.hint:
            lines.append(f"→ {html.escape(error.hint)}")
        key = doc.error_module()
        if key.startswith("layer") and "." in key:
            s, b = (int(v) for v in key[5:].split("."))
            shape = doc.input_shape_at(s - 1, b)
            if shape is not None:
                lines.append(self.tr("This block's input: {shape}").format(shape=shape_text(shape)))
        if key:
            lines.append('<a href="show">{}</a>'.format(self.tr("Show the problem")))
        self.message.setStyleSheet(INVALID_STYLE)
        self.message.setText("<br>".join(lines))
        self.message.setToolTip(self.tr("Train stays disabled until the network is valid"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Wide (a central panel): tree and form side by side. Narrow (a dock): stacked.
        wide = event.size().width() >= 760
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        super().resizeEvent(event)
        if orientation != self.splitter.orientation() or not self._split_done:
            self.splitter.setOrientation(orientation)
            total = max(1, event.size().width() if wide else event.size().height() - 160)
            # The form gets what a block's form needs (up to 55%); the tree the rest.
            form = int(total * 0.45) if wide else min(self.properties.sizeHint().height() + 12, int(total * 0.55))
            self.splitter.setSizes([total - form, form])
            self._split_done = True
