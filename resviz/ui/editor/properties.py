"""The property form of the selected tree item. Edits go through the document (so they undo);
the form reloads on ``specChanged`` and shows only the options that matter for a block."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resviz.arch.analysis import MAX_CHANNELS, MAX_KERNEL, MAX_SIDE, MAX_STRIDE
from resviz.presentation import palette
from resviz.ui.editor.branch_panel import BranchPanel
from resviz.ui.editor.document import SpecDocument
from resviz.ui.editor.fields import (
    ACTIVATION_TEXTS,
    KIND_LABELS,
    SHORTCUT_TEXTS,
    parse_module,
    relevant_block_fields,
)
from resviz.ui.editor.form import FieldForm
from resviz.ui.editor.tree import shape_text

ERROR_STYLE = f"color: {palette.ERROR};"
INFO_STYLE = ""


def _info_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PropertiesPanel(QWidget):
    """One page per item type (network & input, stem, stage, block, head) in a stack."""

    def __init__(self, document: SpecDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._key = ""
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)

        self.input_form = FieldForm(self._commit_input)
        self.input_form.add_line("name", QT_TRANSLATE_NOOP("FieldForm", "Name"), QT_TRANSLATE_NOOP("FieldForm", "e.g. resnet56"))
        self.input_form.add_line("description", QT_TRANSLATE_NOOP("FieldForm", "Description"))
        self.input_form.add_spin("channels", 1, 64, QT_TRANSLATE_NOOP("FieldForm", "Image channels"))
        self.input_form.add_spin("height", 1, MAX_SIDE, QT_TRANSLATE_NOOP("FieldForm", "Image height"))
        self.input_form.add_spin("width", 1, MAX_SIDE, QT_TRANSLATE_NOOP("FieldForm", "Image width"))
        self.input_form.add_spin("classes", 2, 100_000, QT_TRANSLATE_NOOP("FieldForm", "Classes"))

        self.stem_form = FieldForm(lambda f, v: self._doc.set_section_field("stem", f, v))
        self.stem_form.add_spin("channels", 1, MAX_CHANNELS)
        self.stem_form.add_spin("kernel", 1, MAX_KERNEL)
        self.stem_form.add_spin("stride", 1, MAX_STRIDE)
        self.stem_form.add_check("batch_norm", QT_TRANSLATE_NOOP("FieldForm", "BN after the conv"), QT_TRANSLATE_NOOP("FieldForm", "Batch norm"))
        self.stem_form.add_check("relu", QT_TRANSLATE_NOOP("FieldForm", "ReLU after the conv"))
        self.stem_form.add_check("maxpool", QT_TRANSLATE_NOOP("FieldForm", "3×3 max-pool, stride 2"))

        self.stage_form = FieldForm(self._commit_stage)
        self.stage_form.add_line("name", QT_TRANSLATE_NOOP("FieldForm", "Name"), QT_TRANSLATE_NOOP("FieldForm", "optional"))
        self.stage_form.add_spin("depth", 1, 1000, QT_TRANSLATE_NOOP("FieldForm", "Blocks"))
        self.stage_info = _info_label(self)

        self.block_form = FieldForm(self._commit_block)
        form = self.block_form
        form.add_combo("kind", KIND_LABELS)
        form.add_combo("shortcut", SHORTCUT_TEXTS)
        form.add_combo("activation", ACTIVATION_TEXTS, QT_TRANSLATE_NOOP("FieldForm", "Activation"))
        form.add_spin("channels", 1, MAX_CHANNELS)
        form.add_spin("expansion", 1, 16)
        form.add_spin("stride", 1, MAX_STRIDE)
        form.add_spin("kernel", 1, MAX_KERNEL)
        form.add_spin("padding", -1, MAX_KERNEL, special=QT_TRANSLATE_NOOP("FieldForm", "same (kernel // 2)"))
        form.add_check("batch_norm", QT_TRANSLATE_NOOP("FieldForm", "BN in the block"), QT_TRANSLATE_NOOP("FieldForm", "Batch norm"))
        form.add_double("scale", -10.0, 10.0, 0.1, 2, QT_TRANSLATE_NOOP("FieldForm", "λ scale"))
        form.add_check("scale_branch", QT_TRANSLATE_NOOP("FieldForm", "also scale F by 1 − λ"), QT_TRANSLATE_NOOP("FieldForm", "Branch scaling"))
        form.add_double("gate_bias", -50.0, 50.0, 0.5, 1, QT_TRANSLATE_NOOP("FieldForm", "Gate bias b_g"))
        form.add_double("dropout", 0.0, 0.99, 0.05, 2, QT_TRANSLATE_NOOP("FieldForm", "Shortcut dropout"))
        self.block_info = _info_label(self)
        self.apply_button = QToolButton(self)
        self.apply_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.apply_stage_action = QAction(self)
        self.apply_stage_action.triggered.connect(lambda: self._apply_block("stage"))
        self.apply_all_action = QAction(self)
        self.apply_all_action.triggered.connect(lambda: self._apply_block("network"))
        self.apply_button.setDefaultAction(self.apply_stage_action)
        self.apply_button.addAction(self.apply_all_action)
        self.branch_panel = BranchPanel(document, self)

        self.head_form = FieldForm(lambda f, v: self._doc.set_section_field("head", f, v))
        self.head_form.add_check("final_bn_relu", QT_TRANSLATE_NOOP("FieldForm", "before pooling"),
                                 QT_TRANSLATE_NOOP("FieldForm", "Final BN-ReLU"))  # short: the dock is narrow
        self.head_form.add_double("dropout", 0.0, 0.99, 0.05, 2, QT_TRANSLATE_NOOP("FieldForm", "Dropout before fc"))

        self._pages: dict[str, QWidget] = {
            "input": self._page(self.input_form),
            "stem": self._page(self.stem_form),
            "stage": self._page(self.stage_form, self.stage_info),
            "block": self._page(self.block_info, self.block_form, self.apply_button, self.branch_panel),
            "head": self._page(self.head_form),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.stack)
        document.specChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.empty.setText(self.tr("Select an item in the tree to edit it."))
        self.stage_form.widgets["depth"].setToolTip(
            self.tr("Number of blocks in this stage. New blocks copy the last one, with stride 1."))
        self.apply_stage_action.setToolTip(self.tr("Copy this block's options (all but stride) to every block of its stage"))
        self.apply_all_action.setText(self.tr("Apply to every block (keeps widths and strides)"))
        self.apply_all_action.setToolTip(self.tr(
            "Copy this block's options, except channels and stride, to every block of the network"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _page(self, *widgets: QWidget) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            lay.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft if isinstance(w, QToolButton) else Qt.AlignmentFlag(0))
        lay.addStretch(1)
        self.stack.addWidget(page)
        return page

    # --- showing -------------------------------------------------------------------------------

    def set_key(self, key: str) -> None:
        """Show the form for a tree key ('input', 'conv1', 'layer2', 'layer2.0', 'fc')."""
        self._key = key
        self.refresh()

    def current_page(self) -> str:
        """'input', 'stem', 'stage', 'block', 'head', or '' when nothing is selected."""
        page = self.stack.currentWidget()
        return next((k for k, p in self._pages.items() if p is page), "")

    def refresh(self) -> None:
        spec = self._doc.spec()
        kind, s, b = parse_module(self._key) if self._key else ("", None, None)
        if kind in ("stage", "block") and (s is None or s >= len(spec.stages)):
            kind = ""
        if kind == "block" and (b is None or s is None or b >= len(spec.stages[s].blocks)):
            kind = ""
        if kind == "input":
            self.title.setText(self.tr("Network and input"))
            self.input_form.load({"name": spec.name, "description": spec.description, **vars(spec.input)})
        elif kind == "stem":
            self.title.setText(self.tr("Stem (conv1)"))
            self.stem_form.load(vars(spec.stem))
        elif kind == "head":
            self.title.setText(self.tr("Head (pool → fc)"))
            self.head_form.load(vars(spec.head))
        elif kind == "stage" and s is not None:
            self._load_stage(s)
        elif kind == "block" and s is not None and b is not None:
            self._load_block(s, b)
        else:
            self.title.setText("")
        self._show_page(self._pages.get(kind, self.empty))

    def _show_page(self, page: QWidget) -> None:
        """Show ``page``, sized by itself alone: a stack asks for the room of its widest page, and
        the head's hidden page made a customised block's page scroll sideways in the narrow dock."""
        for i in range(self.stack.count()):
            other = self.stack.widget(i)
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        self.stack.adjustSize()

    def _load_stage(self, s: int) -> None:
        spec = self._doc.spec()
        stage = spec.stages[s]
        self.title.setText(self.tr("Stage {stage} (layer{stage})").format(stage=s + 1))
        self.stage_form.load({"name": stage.name, "depth": max(1, stage.depth)})
        analysis = self._doc.analysis()
        width = stage.blocks[-1].out_channels if stage.blocks else 0
        text = (self.tr("1 block, {width} channels out") if stage.depth == 1
                else self.tr("{n} blocks, {width} channels out")).format(n=stage.depth, width=width)
        if analysis is not None and stage.blocks:
            rows = [r for r in analysis.blocks if r.stage == s]
            text += " · " + self.tr("{shape_in} → {shape_out} · {params} parameters").format(
                shape_in=shape_text(rows[0].in_shape), shape_out=shape_text(rows[-1].out_shape),
                params=f"{sum(r.params for r in rows):,}")
        self.stage_info.setText(text)

    def _load_block(self, s: int, b: int) -> None:
        spec = self._doc.spec()
        block = spec.stages[s].blocks[b]
        self.title.setText(self.tr("Stage {stage}, block {block} (layer{stage}.{index})").format(
            stage=s + 1, block=b + 1, index=b))
        self.block_form.load(vars(block))
        self.block_form.show_only(relevant_block_fields(block))
        inner = block.kind == "bottleneck" and block.layers is None
        self.block_form.set_label("channels", QT_TRANSLATE_NOOP("FieldForm", "Inner width") if inner
                                  else QT_TRANSLATE_NOOP("FieldForm", "Channels"))
        self.apply_stage_action.setText(self.tr("Apply to whole stage {stage}").format(stage=s + 1))
        row = next((r for r in self._doc.layer_rows() if (r.stage, r.index) == (s, b)), None)
        error = self._doc.error()
        if row is not None:
            text = self.tr("{shape_in} → {shape_out} · {params} parameters · {macs} M multiply-adds").format(
                shape_in=shape_text(row.in_shape), shape_out=shape_text(row.out_shape), params=f"{row.params:,}",
                macs=f"{row.macs / 1e6:,.1f}")
            style = INFO_STYLE
        elif error is not None and self._doc.error_module() == f"layer{s + 1}.{b}":
            shape = self._doc.input_shape_at(s, b)
            text = "✗ " + (self.tr("This block does not fit here (see the message below). Its input: {shape}.").format(
                shape=shape_text(shape)) if shape else self.tr("This block does not fit here (see the message below)."))
            style = ERROR_STYLE
        else:
            shape = self._doc.input_shape_at(s, b)
            text = (self.tr("Input {shape}").format(shape=shape_text(shape)) + " · " if shape else "") + self.tr(
                "totals appear once the whole network is valid")
            style = INFO_STYLE
        if inner:
            text = self.tr("Outputs {out} channels ({channels} × {expansion}).").format(
                out=block.out_channels, channels=block.channels, expansion=block.expansion) + "\n" + text
        self.block_info.setText(text)
        self.block_info.setStyleSheet(style)
        self.branch_panel.set_block(s, b)

    # --- committing ----------------------------------------------------------------------------

    def _commit_input(self, field: str, value: Any) -> None:
        section = "network" if field in ("name", "description") else "input"
        self._doc.set_section_field(section, field, value)

    def _commit_stage(self, field: str, value: Any) -> None:
        _, s, _ = parse_module(self._key)
        if s is None:
            return
        if field == "depth":
            self._doc.set_stage_depth(s, int(value))
        else:
            self._doc.set_stage_name(s, str(value))

    def _commit_block(self, field: str, value: Any) -> None:
        _, s, b = parse_module(self._key)
        if s is not None and b is not None:
            self._doc.set_block_field(s, b, field, value)

    def _apply_block(self, scope: str) -> None:
        _, s, b = parse_module(self._key)
        if s is not None and b is not None:
            self._doc.apply_block_fields(s, b, scope)
