"""A QFormLayout of bound fields: each widget reports user edits as (field, value) and can be
loaded from values without echoing them back (signals blocked)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QPaintEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from resviz.ui.editor.fields import TIPS, TITLES

Commit = Callable[[str, Any], None]
NONE_SENTINEL = -1  # the padding spin box's 'same' value, which the spec stores as None


def _wheel_only_with_focus(widget: QWidget, event: QWheelEvent, handler: Callable[[QWheelEvent], None]) -> None:
    # Scrolling the form must not change the value under the pointer by accident:
    # without focus the wheel goes to the scroll area.
    if widget.hasFocus():
        handler(event)
    else:
        event.ignore()


class SpinBox(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        _wheel_only_with_focus(self, event, super().wheelEvent)


class DoubleSpinBox(QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        _wheel_only_with_focus(self, event, super().wheelEvent)


class ElidingComboBox(QComboBox):
    """A combo box that ends a long label with '…' in a narrow dock instead of cutting it,
    and ignores the wheel unless focused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        _wheel_only_with_focus(self, event, super().wheelEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        if self.currentIndex() < 0 and self.placeholderText():
            opt.currentText = self.placeholderText()
            opt.palette.setBrush(QPalette.ColorRole.ButtonText, opt.palette.placeholderText())
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        rect = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self)
        opt.currentText = opt.fontMetrics.elidedText(opt.currentText, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


class FieldForm(QWidget):
    """Rows of editors; ``commit(field, value)`` is called on every user edit."""

    def __init__(self, commit: Commit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        # Source texts (marked with QT_TRANSLATE_NOOP("FieldForm", …) by the callers), shown
        # translated by retranslate(): the form relabels itself when the language changes.
        self._label_src: dict[str, str | None] = {}
        self._item_src: dict[str, dict[str, str]] = {}
        self._text_src: dict[str, str] = {}  # check box texts, spin 'special' texts, placeholders

    @staticmethod
    def tr_text(text: str) -> str:
        return QCoreApplication.translate("FieldForm", text)

    def retranslate(self) -> None:
        for field, widget in self.widgets.items():
            source = self._label_src.get(field)
            if source:
                text = self.tr_text(source)
            else:
                title = self.tr_text(TITLES.get(field, field))
                text = title[:1].upper() + title[1:]
            self.labels[field].setText(text)
            tip = self.tr_text(TIPS[field]) if field in TIPS else ""
            widget.setToolTip(tip)
            self.labels[field].setToolTip(tip)
            extra = self._text_src.get(field)
            if isinstance(widget, QComboBox):
                for i in range(widget.count()):
                    value = widget.itemData(i)
                    item = self.tr_text(self._item_src[field].get(value, str(value)))
                    widget.setItemText(i, item)
                    widget.setItemData(i, f"{value}: {item}", Qt.ItemDataRole.ToolTipRole)
            elif extra is not None and isinstance(widget, QCheckBox):
                widget.setText(self.tr_text(extra))
            elif extra is not None and isinstance(widget, QSpinBox):
                widget.setSpecialValueText(self.tr_text(extra))
            elif extra is not None and isinstance(widget, QLineEdit):
                widget.setPlaceholderText(self.tr_text(extra))

    def set_label(self, field: str, source: str) -> None:
        """A label that depends on the values ('Inner width' for a bottleneck); a source text."""
        self._label_src[field] = source
        self.labels[field].setText(self.tr_text(source))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _add(self, field: str, widget: QWidget, label: str | None = None) -> None:
        lab = QLabel(self)
        lab.setBuddy(widget)
        widget.setObjectName(field)
        self.layout_.addRow(lab, widget)
        self.widgets[field] = widget
        self.labels[field] = lab
        self._label_src[field] = label
        self.retranslate()

    def add_combo(self, field: str, options: dict[str, str], label: str | None = None) -> QComboBox:
        box = ElidingComboBox(self)
        for value, text in options.items():
            box.addItem(text, value)
        self._item_src[field] = dict(options)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        box.activated.connect(lambda i, f=field, b=box: self._commit(f, b.itemData(i)))
        self._add(field, box, label)
        return box

    def add_spin(self, field: str, lo: int, hi: int, label: str | None = None, special: str = "") -> QSpinBox:
        box = SpinBox(self)
        box.setRange(lo, hi)
        if special:
            self._text_src[field] = special  # shown at the minimum, which means None
        self._spin_setup(box)
        box.valueChanged.connect(lambda v, f=field: self._commit(f, None if special and v == lo else v))
        self._add(field, box, label)
        return box

    def add_double(self, field: str, lo: float, hi: float, step: float, decimals: int = 2, label: str | None = None) -> QDoubleSpinBox:
        box = DoubleSpinBox(self)
        box.setRange(lo, hi)
        box.setSingleStep(step)
        box.setDecimals(decimals)
        self._spin_setup(box)
        box.valueChanged.connect(lambda v, f=field: self._commit(f, float(v)))
        self._add(field, box, label)
        return box

    def add_check(self, field: str, text: str, label: str | None = None) -> QCheckBox:
        box = QCheckBox(self)
        self._text_src[field] = text
        box.clicked.connect(lambda on, f=field: self._commit(f, bool(on)))
        self._add(field, box, label)
        return box

    def add_line(self, field: str, label: str | None = None, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        if placeholder:
            self._text_src[field] = placeholder
        edit.editingFinished.connect(lambda f=field, e=edit: self._commit(f, e.text()))
        self._add(field, edit, label)
        return edit

    @staticmethod
    def _spin_setup(box: QAbstractSpinBox) -> None:
        # Commit on Enter, focus loss or an arrow step, not on every typed digit: one undo
        # step per intended value, and no invalid half-typed numbers in the tree.
        box.setKeyboardTracking(False)
        box.setAccelerated(True)

    def load(self, values: dict[str, Any]) -> None:
        """Show values without sending them back as edits."""
        for field, value in values.items():
            w = self.widgets.get(field)
            if w is None:
                continue
            w.blockSignals(True)
            try:
                if isinstance(w, QComboBox):
                    w.setCurrentIndex(w.findData(value))
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                elif isinstance(w, QSpinBox):
                    w.setValue(w.minimum() if value is None else int(value))
                elif isinstance(w, QDoubleSpinBox):
                    w.setValue(float(value))
                elif isinstance(w, QLineEdit) and w.text() != value and not w.hasFocus():
                    w.setText(str(value))
                    w.setCursorPosition(0)  # show a long description from its start
            finally:
                w.blockSignals(False)

    def show_only(self, fields: set[str]) -> None:
        for field in self.widgets:
            self.layout_.setRowVisible(self.widgets[field], field in fields)

    def value_of(self, field: str) -> Any:
        """What the widget shows, as the spec would store it (for tests and the view)."""
        w = self.widgets[field]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return None if w.specialValueText() and w.value() == w.minimum() else w.value()
        if isinstance(w, QDoubleSpinBox):
            return w.value()
        if isinstance(w, QLineEdit):
            return w.text()
        raise TypeError(type(w).__name__)
