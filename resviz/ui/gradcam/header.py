"""The lines around the Grad-CAM tiles: the heading, the out-of-date note and the empty state."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from resviz.presentation import palette
from resviz.train.pointing import PointingScore
from resviz.ui.gradcam.legend import ColourBar

# Source texts (context "GradCam"), translated where shown.
EMPTY_TEXT = QT_TRANSLATE_NOOP("GradCam", "Grad-CAM maps appear after the first epoch, or press Compute")
EMPTY_DETAIL = QT_TRANSLATE_NOOP(
    "GradCam",
    "Each map shows which parts of an image the chosen block relies on for a class: "
    "warm colours raise the class's score, cool ones do not."
)
BUSY_TEXT = QT_TRANSLATE_NOOP("GradCam", "Computing Grad-CAM…")
def pointing_text(pointing_game: float | None, pointing: PointingScore | None) -> str:
    """The score with its uncertainty and both baselines; the bare score for older snapshots."""
    if pointing is not None:
        return QCoreApplication.translate(
            "GradCam", "pointing game {score:.0%} ± {se:.0%} on {n} images (chance {chance:.0%}, "
            "centre {centre:.0%})").format(score=pointing.score, se=pointing.stderr, n=pointing.n,
                                           chance=pointing.area_chance, centre=pointing.centre)
    if pointing_game is not None:
        return QCoreApplication.translate("GradCam", "pointing game {score:.0%}").format(score=pointing_game)
    return ""


def pointing_tip() -> str:
    return QCoreApplication.translate(
        "GradCam",
        "Pointing game: the share of validation images whose true-class Grad-CAM peak lies inside\n"
        "the object's box, ± its standard error. It means something only beside two baselines\n"
        "scored on the same boxes: chance, what a map with a random peak gets (the boxes' mean\n"
        "share of the image), and centre, what a map that always peaks at the image centre gets.")


NOTE_STYLE = f"color: {palette.NOTE_TEXT}; background: {palette.NOTE_FILL}; border-radius: 4px; padding: 3px 8px;"


class Header(QWidget):
    """'layer3.2 · epoch 4 · step 1,560 · pointing game 81%', a busy indicator, the colour key."""

    def __init__(self, cmap: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.pointing = QLabel()
        self.pointing.setCursor(Qt.CursorShape.WhatsThisCursor)
        # It wraps rather than widen the window: with a long score ("45% ± 2% on 500 images
        # (chance 20%, centre 18%)") the header alone asked for 748 px, and 1280×720 grew to 1416.
        self.pointing.setWordWrap(True)
        self.busy_label = QLabel()
        self.busy_label.setStyleSheet(f"color: {palette.MUTED};")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: Grad-CAM has no meaningful progress
        self.busy_bar.setFixedSize(56, 8)
        self.busy_bar.setTextVisible(False)
        self.colour_bar = ColourBar(cmap=cmap)

        row = QHBoxLayout(self)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(0)  # the pointing game continues the heading's sentence
        row.addWidget(self.heading)
        row.addWidget(self.pointing)
        row.addStretch(1)
        row.addWidget(self.busy_label)
        row.addSpacing(6)
        row.addWidget(self.busy_bar)
        row.addSpacing(10)
        row.addWidget(self.colour_bar)
        self._plain = ""
        self._pointing_game: float | None = None
        self._pointing: PointingScore | None = None
        self.set_result(None)
        self.set_busy(False)

    def retranslate(self) -> None:
        self.pointing.setToolTip(pointing_tip())
        text = pointing_text(self._pointing_game, self._pointing)
        if text:
            self.pointing.setText(f" · {text}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_result(self, heading: str | None, pointing_game: float | None = None,
                   pointing: PointingScore | None = None) -> None:
        """heading: 'layer · epoch · step' in plain text (its layer is set in bold); None to blank."""
        if heading is None:
            self.heading.setText("")
        else:
            layer, _, rest = heading.partition(" · ")
            self.heading.setText(f"<b>{layer}</b> · {rest}" if rest else f"<b>{layer}</b>")
        self._plain = heading or ""
        self._pointing_game, self._pointing = pointing_game, pointing
        self.retranslate()
        self.pointing.setVisible(heading is not None and bool(pointing_text(pointing_game, pointing)))
        self.colour_bar.setVisible(heading is not None)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy_label.setText(text or translate(BUSY_TEXT))
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def text(self) -> str:
        """The heading as plain text, with the pointing game when it is shown."""
        parts = [self._plain] if self._plain else []
        if not self.pointing.isHidden():
            parts.append(self.pointing.text().removeprefix(" · "))
        return " · ".join(parts)


class Note(QLabel):
    """A small amber line saying the maps shown are not the ones picked, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(NOTE_STYLE)
        self.hide()

    def set_note(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class EmptyState(QLabel):
    """A centred title and a line on what Grad-CAM shows, in place of blank space."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(24)
        self.title = ""
        self.set_title(EMPTY_TEXT)

    def set_title(self, title: str) -> None:
        """A source text (translated here, and again on a language change) or a translated one."""
        self._source = title
        self.title = translate(title)
        self.setText(
            f"<div style='font-size:15px; color:{palette.INK};'>{_escape(self.title)}</div>"
            f"<div style='font-size:12px; color:{palette.MUTED}; margin-top:8px;'>{translate(EMPTY_DETAIL)}</div>"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.set_title(self._source)
        super().changeEvent(event)


def translate(text: str) -> str:
    return QCoreApplication.translate("GradCam", text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
