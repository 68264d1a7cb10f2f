"""The branch of the selected block, layer by layer: the shape after every layer, add, remove and
reorder layers, a conv's own options, "Customise" for the papers' blocks, and the suggested fix
of an error at this block. Every change is one undo step of the document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resviz.arch.analysis import MAX_CHANNELS, MAX_KERNEL, MAX_STRIDE
from resviz.arch.custom import layer_shapes
from resviz.arch.fixes import Fix
from resviz.arch.layers import ACTIVATION_LAYERS, describe_layer, lead_count
from resviz.presentation import palette
from resviz.ui.editor import layer_edits
from resviz.ui.editor.document import SpecDocument
from resviz.ui.editor.form import SpinBox
from resviz.ui.editor.tree import shape_text

ERROR_COLOUR = QColor(palette.ERROR)
_CONV_FIELDS = ("out_channels", "kernel", "stride", "padding")


class BranchPanel(QWidget):
    """Shown under a block's options; ``set_block`` picks the block, the document drives the rest."""

    def __init__(self, document: SpecDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._block: tuple[int, int] | None = None
        self._row = -1
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.customise_button = QPushButton(self)
        self.customise_button.clicked.connect(self._customise)

        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.add_conv = QPushButton(self)
        self.add_conv.clicked.connect(lambda: self._add("conv"))
        self.add_bn = QPushButton(self)
        self.add_bn.clicked.connect(lambda: self._add("bn"))
        self.activation = QComboBox(self)
        for kind, name in ACTIVATION_LAYERS.items():
            self.activation.addItem(name, kind)
        self.add_act = QPushButton(self)
        self.add_act.clicked.connect(lambda: self._add(str(self.activation.currentData())))
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self._remove)
        self.up_button = QPushButton("↑", self)
        self.up_button.setFixedWidth(self.fontMetrics().horizontalAdvance("↑") + 24)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("↓", self)
        self.down_button.setFixedWidth(self.fontMetrics().horizontalAdvance("↓") + 24)
        self.down_button.clicked.connect(lambda: self._move(1))
        # Three short rows, so the panel fits the editor's narrow dock: with the activation's row
        # on the first, the panel asked for 352 px where the dock gives 275 at 1280×720, and its
        # text was cut under a horizontal scroll bar.
        buttons = QVBoxLayout()
        for row in ((self.add_conv, self.add_bn), (self.activation, self.add_act),
                    (self.remove_button, self.up_button, self.down_button)):
            line = QHBoxLayout()
            for w in row:
                line.addWidget(w)
            line.addStretch(1)
            buttons.addLayout(line)

        self.conv_box = QWidget(self)
        conv_form = QFormLayout(self.conv_box)
        conv_form.setContentsMargins(0, 0, 0, 0)
        self.spins: dict[str, SpinBox] = {}
        self.spin_labels: dict[str, QLabel] = {}
        limits = {"out_channels": (1, MAX_CHANNELS), "kernel": (1, MAX_KERNEL), "stride": (1, MAX_STRIDE),
                  "padding": (0, MAX_KERNEL)}
        for field in _CONV_FIELDS:
            spin = SpinBox(self.conv_box)
            spin.setRange(*limits[field])
            spin.valueChanged.connect(lambda v, f=field: self._set_field(f, int(v)))
            self.spins[field] = spin
            self.spin_labels[field] = QLabel(self.conv_box)
            conv_form.addRow(self.spin_labels[field], spin)
        self.bias = QCheckBox(self.conv_box)
        self.bias.toggled.connect(lambda on: self._set_field("bias", bool(on)))
        conv_form.addRow("", self.bias)

        self.fix_label = QLabel(self)
        self.fix_label.setWordWrap(True)
        self.fix_label.setStyleSheet(f"color: {palette.ERROR};")
        self.fix_button = QPushButton(self)
        self.fix_button.clicked.connect(self._apply_fix)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        # The fix sits above the table, where it shows without scrolling the narrow dock.
        left = (self.customise_button, self.fix_button)
        for w in (self.title, self.note, self.customise_button, self.fix_label, self.fix_button, self.table):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft if w in left else Qt.AlignmentFlag(0))
        layout.addLayout(buttons)
        layout.addWidget(self.conv_box)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Branch F(x), layer by layer"))
        self.customise_button.setText(self.tr("Customise"))
        self.customise_button.setToolTip(self.tr(
            "Write this block as its list of layers, to add, remove and reorder them. "
            "Same parameters and same outputs as now; Undo turns it back."))
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Layer"), self.tr("Output")])
        self.add_conv.setText(self.tr("+ Conv"))
        self.add_conv.setToolTip(self.tr("Add a 3×3 conv with padding 1 after the selected layer"))
        self.add_bn.setText(self.tr("+ BN"))
        self.add_bn.setToolTip(self.tr("Add batch norm after the selected layer"))
        self.add_act.setText(self.tr("+ Add"))
        self.add_act.setToolTip(self.tr("Add the activation chosen on the left after the selected layer"))
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected layer (Edit ▸ Undo brings it back)"))
        self.up_button.setToolTip(self.tr("Move the selected layer up"))
        self.down_button.setToolTip(self.tr("Move the selected layer down"))
        names = {"out_channels": self.tr("Out channels"), "kernel": self.tr("Kernel"), "stride": self.tr("Stride"),
                 "padding": self.tr("Padding")}
        for field, label in self.spin_labels.items():
            label.setText(names[field])
        self.bias.setText(self.tr("Bias"))
        self.fix_button.setText(self.tr("Apply the suggested fix"))
        self.refresh()

    # --- showing -------------------------------------------------------------------------------

    def set_block(self, stage: int, index: int) -> None:
        if self._block != (stage, index):
            self._row = -1
        self._block = (stage, index)
        self.refresh()

    def refresh(self) -> None:
        if self._block is None:
            return
        s, b = self._block
        spec = self._doc.spec()
        if s >= len(spec.stages) or b >= len(spec.stages[s].blocks):
            return
        block = spec.stages[s].blocks[b]
        custom = block.layers is not None
        self.customise_button.setVisible(not custom)
        for w in (self.table, self.add_conv, self.add_bn, self.activation, self.add_act, self.remove_button,
                  self.up_button, self.down_button):
            w.setVisible(custom)
        shape = self._doc.input_shape_at(s, b)
        if not custom:
            self.note.setText(self.tr("One of the papers' blocks, built from the options above."))
            self.conv_box.setVisible(False)
        else:
            analysis = self._doc.analysis()
            row = next((r for r in analysis.blocks if r.module == f"layer{s + 1}.{b}"), None) if analysis else None
            if row is not None and row.shared_preact:
                self.note.setText(self.tr(
                    "Input {shape}. Layers 1–{lead} run once, for both paths: the shortcut takes their output and "
                    "adds it to the last layer's (full pre-activation where the shape changes, as in the authors' "
                    "code).").format(shape=shape_text(shape) if shape else "?", lead=lead_count(block.layers or [])))
            else:
                self.note.setText(self.tr("Input {shape}. The shortcut adds it to the last layer's output.").format(
                    shape=shape_text(shape) if shape else "?"))
            self._fill_table(block.layers or [], shape)
        self._show_fix()

    def _fill_table(self, layers: list, shape: tuple[int, int, int] | None) -> None:
        shapes = layer_shapes(layers, shape) if shape else [None] * len(layers)
        fix = self._fix()
        to_change = {ch.layer for ch in fix.changes} if fix is not None else set()
        self.table.blockSignals(True)
        self.table.setRowCount(len(layers))
        for i, (layer, out) in enumerate(zip(layers, shapes, strict=True)):
            cells = [str(i + 1), describe_layer(layer), shape_text(out) if out else self.tr("no feature map")]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (out is None and shape) or i in to_change:  # where the shapes stop fitting
                    item.setForeground(QBrush(ERROR_COLOUR))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self._row = min(self._row, len(layers) - 1)
        if self._row >= 0:
            self.table.selectRow(self._row)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        self._load_conv(layers)

    def _load_conv(self, layers: list) -> None:
        layer = layers[self._row] if 0 <= self._row < len(layers) else None
        self.conv_box.setVisible(layer is not None and layer.is_conv)
        selected = 0 <= self._row < len(layers)
        self.remove_button.setEnabled(selected)
        self.up_button.setEnabled(selected and self._row > 0)
        self.down_button.setEnabled(selected and self._row < len(layers) - 1)
        if layer is None or not layer.is_conv:
            return
        for field, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(layer, field))
            spin.blockSignals(False)
        self.bias.blockSignals(True)
        self.bias.setChecked(layer.bias)
        self.bias.blockSignals(False)

    def _fix(self) -> Fix | None:
        """The suggested fix of an error at this block, if any."""
        error = self._doc.error()
        if error is None or self._block is None:
            return None
        s, b = self._block
        fix = error.fix if self._doc.error_module() == f"layer{s + 1}.{b}" else None
        return fix if isinstance(fix, Fix) else None

    def _show_fix(self) -> None:
        fix = self._fix()
        self.fix_label.setVisible(fix is not None)
        self.fix_button.setVisible(fix is not None)
        if fix is not None:
            self.fix_label.setText(self.tr("Suggested fix: {fix}").format(fix=fix.description))

    # --- editing -------------------------------------------------------------------------------

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._row = rows[0].row() if rows else -1
        if self._block is not None:
            s, b = self._block
            self._load_conv(self._doc.spec().stages[s].blocks[b].layers or [])

    def _customise(self) -> None:
        if self._block is not None:
            s, b = self._block
            self._doc.edit(lambda spec: layer_edits.customise_block(spec, s, b))

    def _add(self, kind: str) -> None:
        if self._block is None:
            return
        s, b = self._block
        spec = self._doc.spec()
        layers = spec.stages[s].blocks[b].layers or []
        shape = self._doc.input_shape_at(s, b)
        shapes = layer_shapes(layers, shape) if shape else []
        before = shapes[self._row] if 0 <= self._row < len(shapes) else shape
        layer = layer_edits.new_layer(kind, before[0] if before else 16)
        position = self._row + 1 if self._row >= 0 else len(layers)
        self._row = position  # before the edit: the refresh it triggers selects the new layer
        self._doc.edit(lambda sp: layer_edits.add_layer(sp, s, b, position, layer))

    def _remove(self) -> None:
        if self._block is not None and self._row >= 0:
            s, b, row = *self._block, self._row
            self._row = row - 1 if row > 0 else 0
            self._doc.edit(lambda sp: layer_edits.remove_layer(sp, s, b, row))

    def _move(self, step: int) -> None:
        if self._block is not None and self._row >= 0:
            s, b, row = *self._block, self._row
            count = len(self._doc.spec().stages[s].blocks[b].layers or [])
            self._row = max(0, min(row + step, count - 1))
            self._doc.edit(lambda sp: layer_edits.move_layer(sp, s, b, row, row + step))

    def _set_field(self, field: str, value: Any) -> None:
        if self._block is not None and self._row >= 0:
            s, b, row = *self._block, self._row
            self._doc.edit(lambda sp: layer_edits.set_layer_field(sp, s, b, row, field, value),
                           merge_key=("layer", s, b, row, field))

    def _apply_fix(self) -> None:
        fix = self._fix()
        if fix is not None:
            self._doc.edit(lambda sp: layer_edits.apply_fix_in_place(sp, fix))
