"""Chance level: what a net that guesses uniformly among C classes scores. Qt-free.

Cross-entropy ln C (2.30 for ten classes), error 100·(1 − 1/C) % and accuracy 100/C %. The
live plots, the explorer and the exported figure draw it, so that a flat line at 2.30 never
looks like learning.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a text for the window's catalogue (this module stays Qt-free)."""
    return text


CONTEXT = "ChanceLine"
"""The catalogue context of the labels below: translate them with it."""
LABELS = {"loss": QT_TRANSLATE_NOOP("ChanceLine", "chance: ln {classes} = {value}"),
          "percent": QT_TRANSLATE_NOOP("ChanceLine", "chance: {value} %")}


def chance_level(classes: int, quantity: str) -> float | None:
    """Chance level of 'loss', 'error' (%) or 'acc' (%) for ``classes`` classes; None if unknown."""
    if classes < 2:
        return None
    if quantity == "loss":
        return math.log(classes)
    if quantity == "error":
        return 100.0 * (1.0 - 1.0 / classes)
    if quantity == "acc":
        return 100.0 / classes
    return None


def chance_label(classes: int, quantity: str, translate: Callable[[str], str] = str) -> str:
    """'chance: ln 10 = 2.30' or 'chance: 90 %', through ``translate`` (context CONTEXT); '' if unknown."""
    value = chance_level(classes, quantity)
    if value is None:
        return ""
    if quantity == "loss":
        return translate(LABELS["loss"]).format(classes=classes, value=f"{value:.2f}")
    return translate(LABELS["percent"]).format(value=f"{value:.0f}")
