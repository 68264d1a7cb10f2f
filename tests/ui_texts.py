"""Every text a window shows, gathered by walking its widgets, and a check of its language.

Shared by the language tests; not a test module itself (no ``test_`` prefix).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

# Words that stay as they are in Chinese text: names of nets, methods, formats, keys and units.
TOKENS = re.compile(
    r"(?i)\b(?:resnet-?\d*|plain-?\d+|resviz|grad-cam|png|svg|csv|json|markdown|pdf|sgd|adamw?|nesterov|"
    r"cuda|amp|cpu|gpu|bn|relu|fc|conv\d*|layer\d+(?:\.\d+)?|lr|dropout|macs?|eta|tensorboard|cifar-?\d*|"
    r"imagenet|torchvision|pytorch|he|et|al|veit|vgg|fig|ctrl|shift|alt|enter|ins|del|return|img|same|kernel|"
    r"input|output|id|max|min|ema|auto|epoch|step|svhn|mnist|fashion|e\.g|x|y|g|b_g|n|ch|proj|"
    r"elu|gelu|leakyrelu|silu|sigmoid|tanh|python|ln|cos|g_s|g_b|g_path|esc|quick|fp32|bf16|fp16|amx|[kmgt]b|"
    r"ray|goodfellow|li|balduzzi)\b"
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def plain(text: str) -> str:
    """Rich text as the user reads it."""
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def has_english(text: str, allowed: Iterable[str] = ()) -> bool:
    """A word of English left after the technical tokens and the allowed texts are taken out."""
    rest = plain(text).replace("&", "")
    for a in sorted(allowed, key=len, reverse=True):
        if a:
            rest = rest.replace(a, " ")
        if rest.endswith("…") and len(rest) > 12 and a.startswith(rest[:-1].strip()):
            return False  # an allowed text cut short to fit
    rest = re.sub(r"'[^']*'", " ", rest)  # quoted commands and file names stay as typed
    rest = re.sub(r"\$[A-Z_]+", " ", rest)  # environment variables ($RAY_ADDRESS)
    rest = TOKENS.sub(" ", rest)
    return bool(ENGLISH_WORD.search(rest))


def has_chinese(text: str) -> bool:
    return bool(CHINESE.search(plain(text)))


def _action_texts(actions: Iterable[QAction]) -> Iterator[str]:
    for a in actions:
        if a.isSeparator():
            continue
        yield a.text()
        yield a.toolTip() if a.toolTip() != a.text().replace("&", "") else ""
        if a.menu() is not None:
            yield from _menu_texts(a.menu())


def _menu_texts(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    yield from _action_texts(menu.actions())


def _model_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for col in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(col, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield value
    for row in range(min(model.rowCount(), 30)):
        for col in range(model.columnCount()):
            value = model.data(model.index(row, col))
            if isinstance(value, str):
                yield value


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts of one widget (not its children)."""
    yield widget.toolTip()
    if isinstance(widget, QLabel):
        yield widget.text()
    elif isinstance(widget, QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield widget.placeholderText()
        for i in range(widget.count()):
            yield widget.itemText(i)
            tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
            yield tip if isinstance(tip, str) else ""
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QProgressBar):
        yield widget.text()
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield widget.tabText(i)
    elif isinstance(widget, QDockWidget):
        yield widget.windowTitle()
    elif isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        for col in range(widget.columnCount()):
            yield header.text(col)
        it = [widget.topLevelItem(i) for i in range(widget.topLevelItemCount())]
        while it:
            item = it.pop()
            for col in range(widget.columnCount()):
                yield item.text(col)
                yield item.toolTip(col)
            it.extend(item.child(i) for i in range(item.childCount()))
    elif isinstance(widget, QListWidget):
        for i in range(widget.count()):
            yield widget.item(i).text()
    elif isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget)
    if isinstance(widget, QGraphicsView) and widget.scene() is not None:
        for item in widget.scene().items():
            if isinstance(item, QGraphicsTextItem):
                yield item.toPlainText()
            elif isinstance(item, QGraphicsSimpleTextItem):
                yield item.text()
            elif hasattr(item, "toolTip") and callable(item.toolTip):
                yield item.toolTip()
            if hasattr(item, "tooltip_html"):
                yield item.tooltip_html()
            if hasattr(item, "labelText"):  # pyqtgraph axes
                yield str(item.labelText)
            if type(item).__name__ == "LabelItem":  # pyqtgraph titles and keys
                yield str(item.text)
    yield from _action_texts(a for a in QWidget.actions(widget) if a.menu() is None or isinstance(widget, QMenu))


def window_texts(root: QWidget) -> list[str]:
    """Every non-empty text of root and all its descendants, menus included."""
    out: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        out.extend(widget_texts(w))
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            if action.menu() is not None:
                out.extend(_menu_texts(action.menu()))
    return [t for t in (s.strip() for s in out) if t]
