"""What the degradation demo's CPU settings showed when they were measured, and how long they
took, for the texts that offer them (the app's demo dialog and lessons). Measured by ``assets/measure_demo.py`` (README, *The
degradation problem in class*); ``tests/test_demo_record.py`` checks these counts against the
saved results of the current settings, so a changed setting must be measured again."""

from __future__ import annotations

from dataclasses import dataclass

from resviz.i18n import _
from resviz.train.config import CLASSROOM_STEPS, quick_config


@dataclass(frozen=True)
class DemoRecord:
    seeds: int
    """Seeds measured."""
    plain_above: int
    """Seeds on which plain-56 ended clearly (the verdict's 5%) above plain-20: the degradation."""
    residual_below: int
    """Seeds on which ResNet-56 ended below ResNet-20: the second half of He et al. 2015, Fig. 6."""

    def shows_both_halves(self) -> bool:
        """Both halves on at least four seeds in five."""
        return min(self.plain_above, self.residual_below) >= 0.8 * self.seeds

    def describe(self) -> str:
        counts = dict(seeds=self.seeds, plain=self.plain_above, below=self.residual_below)
        if self.shows_both_halves():
            return _("Shows both halves of Fig. 6: plain-56 ended above plain-20 on {plain} of {seeds} seeds "
                     "measured, and ResNet-56 below ResNet-20 on {below} of {seeds}.").format(**counts)
        return _("Shows the degradation: plain-56 ended above plain-20 on {plain} of {seeds} seeds measured. Too "
                 "short for the second half of Fig. 6: ResNet-56 ended below ResNet-20 on {below} of {seeds}."
                 ).format(**counts)


QUICK_MINUTES = 1.5
"""The four quick runs of one seed took 79-96 s on the otherwise idle 2-core CPU with two threads,
88 s in the app from queueing to the verdict."""
CLASSROOM_MINUTES = round(QUICK_MINUTES * CLASSROOM_STEPS / quick_config().steps)
"""The quick time scaled by the steps (the same networks, images and batch). Measured with one
thread a run and two seeds at a time, one seed took 13.0-13.5 minutes."""

QUICK = DemoRecord(seeds=10, plain_above=10, residual_below=4)
CLASSROOM = DemoRecord(seeds=6, plain_above=6, residual_below=6)
