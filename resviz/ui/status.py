"""A run's status as the window names it, in the language in force."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STATUS_NAMES = {
    "queued": QT_TRANSLATE_NOOP("Status", "queued"),
    "running": QT_TRANSLATE_NOOP("Status", "running"),
    "finished": QT_TRANSLATE_NOOP("Status", "finished"),
    "stopped": QT_TRANSLATE_NOOP("Status", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("Status", "diverged"),
    "failed": QT_TRANSLATE_NOOP("Status", "failed"),
    "interrupted": QT_TRANSLATE_NOOP("Status", "interrupted"),
}


def status_name(status: str) -> str:
    """'finished' → 'finished' or '已完成'; an unknown status as it is."""
    return QCoreApplication.translate("Status", STATUS_NAMES[status]) if status in STATUS_NAMES else status
