"""Error types the user sees. Each carries what went wrong and what to do about it."""

from __future__ import annotations

import errno
import re

from resviz.i18n import N_, _

# Where a spec error sits, as SpecError.where spells it for the program (the editor marks the
# block there), in words for the message.
_PLACES = {"stem": N_("stem"), "head": N_("head"), "input": N_("input"), "spec": N_("spec")}


# The system's own words for these are English whatever the language: say them in the user's.
_OS_REASONS = {
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EEXIST: N_("a file of that name is in the way"),
    errno.EISDIR: N_("that is a folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOENT: N_("no such file or folder"),
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in the language in force."""
    if exc.errno in _OS_REASONS:
        return _(_OS_REASONS[exc.errno])
    return exc.strerror or str(exc)


def place_label(where: str) -> str:
    """``where`` of a SpecError in the language in force."""
    block = re.fullmatch(r"stage (\d+), block (\d+)", where)  # resviz.arch.spec.block_label
    if block:
        return _("stage {stage}, block {block}").format(stage=block.group(1), block=block.group(2))
    stage = re.fullmatch(r"stage (\d+)", where)
    if stage:
        return _("stage {number}").format(number=stage.group(1))
    return _(_PLACES[where]) if where in _PLACES else where


class ResvizError(Exception):
    """Base of every error resviz reports to a user (CLI exit code 2, a dialog in the app)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class SpecError(ResvizError):
    """A network spec that is malformed or does not fit together."""

    def __init__(self, message: str, hint: str = "", where: str = "", fix: object = None) -> None:
        super().__init__(_("{where}: {message}").format(where=place_label(where), message=message) if where else message,
                         hint)
        self.where = where
        self.fix = fix
        """A resviz.arch.fixes.Fix that makes the spec fit, where one is known."""


class DatasetError(ResvizError):
    """A dataset that cannot be found, read or downloaded."""


class StoreError(ResvizError):
    """The run store cannot be opened, read or written."""


class TrainingError(ResvizError):
    """Training cannot start or cannot go on (divergence, out of memory, bad settings)."""
