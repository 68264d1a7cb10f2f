"""The network as a tree: input, stem, stages with their blocks, head.

Items are keyed by the module name the built network uses ('conv1', 'layer2', 'layer2.0',
'fc'; 'input' for the input), so the diagram and the tree can point at the same thing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resviz.arch.analysis import LayerRow
from resviz.arch.spec import NetworkSpec
from resviz.ui.diagram.model import shortcut_name
from resviz.ui.editor.document import SpecDocument
from resviz.ui.editor.fields import block_summary, module_name, parse_module

KEY_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_BG = QColor(253, 224, 224)
ERROR_FG = QColor(139, 0, 0)


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(v) for v in shape)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpecTree", text)


def _row_tip(row: LayerRow | None) -> str:
    if row is None:
        return ""
    tip = f"{shape_text(row.in_shape)} → {shape_text(row.out_shape)}\n" + QCoreApplication.translate(
        "SpecTree", "{params} parameters · {macs} M multiply-adds").format(
        params=f"{row.params:,}", macs=f"{row.macs / 1e6:,.1f}")
    if row.shortcut and row.shortcut != "none":
        name = shortcut_name(row.shortcut, projection_bn=row.projection_bn, shared_preact=row.shared_preact)
        tip += "\n" + QCoreApplication.translate("SpecTree", "shortcut: {shortcut}").format(shortcut=name)
    return tip


class SpecTree(QWidget):
    """Tree + toolbar. Emits ``blockSelected`` (module name; '' for the input) on user selection."""

    blockSelected = Signal(str)
    currentKeyChanged = Signal(str)
    """Any selection change, from the user or from code; the property form follows it."""

    def __init__(self, document: SpecDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._items: dict[str, QTreeWidgetItem] = {}
        self._structure: list[int] | None = None
        self._current = ""
        self._quiet = False

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)

        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(self._on_current_changed)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_block_action = self._action(self.add_block, "Ins")
        self.add_stage_action = self._action(self.add_stage, "Shift+Ins")
        self.duplicate_action = self._action(self.duplicate, "Ctrl+D")
        self.remove_action = self._action(self.remove, QKeySequence.StandardKey.Delete)
        self.up_action = self._action(lambda: self.move(-1), "Alt+Up")
        self.down_action = self._action(lambda: self.move(1), "Alt+Down")
        self.up_action.setText("▲")
        self.down_action.setText("▼")
        for a in (self.add_block_action, self.add_stage_action, self.duplicate_action, self.remove_action, self.up_action, self.down_action):
            self.toolbar.addAction(a)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree)

        document.specChanged.connect(self._sync)
        self.retranslate()
        self.select_module("layer1.0", emit=False)

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Layer"), self.tr("Output")])
        for action, text, tip in (
            (self.add_block_action, self.tr("+ Block"), self.tr("Add a block after the selected one (a copy with stride 1)")),
            (self.add_stage_action, self.tr("+ Stage"), self.tr("Add a stage after the selected one: twice as wide, stride 2")),
            (self.duplicate_action, self.tr("Duplicate"), self.tr("Duplicate the selected block")),
            (self.remove_action, self.tr("Remove"), self.tr("Remove the selected block or stage")),
            (self.up_action, "", self.tr("Move the block up (into the previous stage at the top)")),
            (self.down_action, "", self.tr("Move the block down (into the next stage at the bottom)")),
        ):
            if text:
                action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})")
        self._sync()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _action(self, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(shortcut))
        # Only while the tree has focus: Delete in a spin box must stay a text edit.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        return action

    # --- selection ----------------------------------------------------------------------------

    def current_module(self) -> str:
        """The selected item's key: 'input', 'conv1', 'layer2', 'layer2.0' or 'fc'."""
        return self._current

    def select_module(self, name: str, emit: bool = False) -> bool:
        """Select an item by module name (submodules select their block). Returns whether
        it exists. Does not emit ``blockSelected`` unless ``emit``, so a diagram that calls
        this in response to ``blockSelected`` cannot loop."""
        kind, s, b = parse_module(name)
        item = self._items.get(module_name(kind, s, b))
        if item is None:
            return False
        self._quiet = not emit
        try:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        finally:
            self._quiet = False
        return True

    def _on_current_changed(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        key = item.data(0, KEY_ROLE) if item is not None else ""
        if key == self._current:
            return
        self._current = key
        self._update_actions()
        self.currentKeyChanged.emit(key)
        if not self._quiet:
            self.blockSelected.emit("" if key == "input" else key)

    # --- filling -------------------------------------------------------------------------------

    def _sync(self) -> None:
        spec = self._doc.spec()
        structure = [len(st.blocks) for st in spec.stages]
        if structure != self._structure:
            self._rebuild(spec, structure)
        self._fill(spec, self._doc.layer_rows())
        self._update_actions()

    def _rebuild(self, spec: NetworkSpec, structure: list[int]) -> None:
        collapsed = {k for k, it in self._items.items() if it.childCount() and not it.isExpanded()}
        keep = self._current
        self._quiet = True
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            self._items = {}
            for key in ("input", "conv1"):
                self._items[key] = QTreeWidgetItem(self.tree)
            for s, stage in enumerate(spec.stages):
                parent = self._items[module_name("stage", s)] = QTreeWidgetItem(self.tree)
                for b in range(len(stage.blocks)):
                    self._items[module_name("block", s, b)] = QTreeWidgetItem(parent)
                parent.setExpanded(module_name("stage", s) not in collapsed)
            self._items["fc"] = QTreeWidgetItem(self.tree)
            for key, item in self._items.items():
                item.setData(0, KEY_ROLE, key)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._structure = structure
            self._current = ""
            self._reselect(keep)
        finally:
            self.tree.setUpdatesEnabled(True)
            self._quiet = False

    def _reselect(self, key: str) -> None:
        """After a structural change: the same key, else its stage, else the first item."""
        kind, s, b = parse_module(key)
        for candidate in (key, module_name("block", s, max(0, (b or 0) - 1)) if kind == "block" else "", module_name("stage", s) if s is not None else "", "input"):
            if candidate in self._items:
                self.tree.setCurrentItem(self._items[candidate])
                return

    def _fill(self, spec: NetworkSpec, layer_rows: list[LayerRow]) -> None:
        rows = {r.module: r for r in layer_rows}
        err_key = self._doc.error_module()
        error = self._doc.error()
        inp, stem = spec.input, spec.stem
        stem_text = self.tr("Stem · conv {kernel}×{kernel} · {channels} ch").format(kernel=stem.kernel, channels=stem.channels)
        stem_text += f" · /{stem.stride}" if stem.stride != 1 else ""
        stem_text += " · " + self.tr("max-pool") if stem.maxpool else ""
        head_text = self.tr("Head · pool → fc") + (" · BN-ReLU" if spec.head.final_bn_relu else "")
        if spec.head.dropout:
            head_text += " · " + self.tr("dropout {p}").format(p=f"{spec.head.dropout:g}")
        size = f"{inp.channels}×{inp.height}×{inp.width}"
        texts: dict[str, tuple[str, str, str]] = {
            "input": (self.tr("Input · {size} · {classes} classes").format(size=size, classes=inp.classes), size,
                      self.tr("The images the network sees and how many classes it tells apart")),
            "conv1": (stem_text, "", self.tr("The first convolution (conv1)") + "\n" + _row_tip(rows.get("conv1"))),
            "fc": (head_text, f"{inp.classes}", self.tr("Global average pool and the fully connected classifier (fc)")
                   + "\n" + _row_tip(rows.get("fc"))),
        }
        cin = spec.stem.channels
        for s, stage in enumerate(spec.stages):
            width = stage.blocks[-1].out_channels if stage.blocks else 0
            n = len(stage.blocks)
            tip = f"layer{s + 1}" + (f" · {stage.name}" if stage.name else "")
            label = (self.tr("Stage {stage} · 1 block · {width} ch") if n == 1
                     else self.tr("Stage {stage} · {n} blocks · {width} ch"))
            texts[module_name("stage", s)] = (label.format(stage=s + 1, n=n, width=width), "", tip)
            for b in range(n):
                key = module_name("block", s, b)
                label = self.tr("Stage {stage}, block {block}").format(stage=s + 1, block=b + 1)
                texts[key] = (f"{b + 1}. {block_summary(spec, s, b, cin, _tr)}", "", f"{label} · {key}\n{_row_tip(rows.get(key))}")
                cin = stage.blocks[b].out_channels
        header = self.tree.header()
        # Resize-to-contents re-measures every row on each setText: switch it off while filling.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        for key, (text, out, tip) in texts.items():
            item = self._items[key]
            row = rows.get(key)
            if row is not None and key != "input":
                out = shape_text(row.out_shape) if key != "fc" else out
            elif key.startswith("layer") and "." not in key:
                last = rows.get(f"{key}.{len(spec.stages[int(key[5:]) - 1].blocks) - 1}")
                out = shape_text(last.out_shape) if last is not None else ""
            bad = key == err_key
            if bad and error is not None:
                tip = f"{error.message}" + (f"\n→ {error.hint}" if error.hint else "")
            self._paint(item, text, out, tip.strip(), bad, err_key.startswith(key + ".") if key.startswith("layer") else False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def _paint(self, item: QTreeWidgetItem, text: str, out: str, tip: str, bad: bool, child_bad: bool) -> None:
        state = (text, out, tip, bad, child_bad)
        if item.data(0, STATE_ROLE) == state:
            return  # unchanged: most items on a field edit
        item.setData(0, STATE_ROLE, state)
        item.setText(0, text)
        item.setText(1, out)
        for col in (0, 1):
            item.setToolTip(col, tip)
            item.setBackground(col, QBrush(ERROR_BG) if bad else QBrush())
            item.setForeground(col, QBrush(ERROR_FG) if bad else QBrush())
        style = self.style()
        if bad:
            item.setIcon(0, style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical))
        elif child_bad:
            item.setIcon(0, style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        else:
            item.setIcon(0, QIcon())

    # --- actions -------------------------------------------------------------------------------

    def _location(self) -> tuple[str, int | None, int | None]:
        return parse_module(self._current) if self._current else ("input", None, None)

    def _update_actions(self) -> None:
        kind, s, b = self._location()
        n_stages = len(self._structure or [])
        is_block, is_stage = kind == "block", kind == "stage"
        self.add_block_action.setEnabled(is_block or is_stage or n_stages > 0)
        self.duplicate_action.setEnabled(is_block)
        self.remove_action.setEnabled(is_block or is_stage)
        if is_block and s is not None and b is not None:
            first = s == 0 and b == 0
            last = s == n_stages - 1 and b == (self._structure or [0])[s] - 1
            self.up_action.setEnabled(not first)
            self.down_action.setEnabled(not last)
        else:
            self.up_action.setEnabled(False)
            self.down_action.setEnabled(False)

    def add_block(self) -> None:
        kind, s, b = self._location()
        if kind == "block" and s is not None:
            self.select_module(module_name("block", s, self._doc.add_block(s, b)), emit=True)
        elif self._structure:
            stage = s if kind == "stage" and s is not None else len(self._structure) - 1
            self.select_module(module_name("block", stage, self._doc.add_block(stage)), emit=True)

    def add_stage(self) -> None:
        kind, s, _ = self._location()
        after = s if kind in ("stage", "block") else (-1 if kind in ("input", "stem") else None)
        new = self._doc.add_stage(after)
        self.select_module(module_name("stage", new), emit=True)

    def duplicate(self) -> None:
        kind, s, b = self._location()
        if kind == "block" and s is not None and b is not None:
            self.select_module(module_name("block", s, self._doc.duplicate_block(s, b)), emit=True)

    def remove(self) -> None:
        kind, s, b = self._location()
        if kind == "block" and s is not None and b is not None:
            self._doc.remove_block(s, b)
        elif kind == "stage" and s is not None:
            self._doc.remove_stage(s)

    def move(self, step: int) -> None:
        """Move within the stage; past its top or bottom, into the neighbouring stage."""
        kind, s, b = self._location()
        if kind != "block" or s is None or b is None or not self._structure:
            return
        n = self._structure[s]
        if 0 <= b + step < n:
            target = (s, b + step)
        elif step < 0 and s > 0:
            target = (s - 1, self._structure[s - 1])
        elif step > 0 and s < len(self._structure) - 1:
            target = (s + 1, 0)
        else:
            return
        pos = self._doc.move_block(s, b, *target)
        self.select_module(module_name("block", target[0], pos), emit=True)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        kind, s, _ = self._location()
        for a in (self.add_block_action, self.duplicate_action, self.up_action, self.down_action):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.add_stage_action)
        if kind == "stage" and s is not None:
            menu.addAction(self.tr("Remove stage {stage}").format(stage=s + 1), lambda: self._doc.remove_stage(s))
        elif kind == "block":
            menu.addAction(self.remove_action)
        menu.exec(self.tree.viewport().mapToGlobal(pos))
