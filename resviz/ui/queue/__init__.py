"""The training queue in the app: the runner that trains queued runs one after another through
the one TrainingController, the panel that shows and edits the queue, the sweep dialog, and
the degradation demo's one button."""

from resviz.ui.queue.demo import demo_verdict, start_degradation_demo
from resviz.ui.queue.panel import QueuePanel
from resviz.ui.queue.runner import QueueRunner
from resviz.ui.queue.sweep_dialog import SweepDialog

__all__ = ["QueuePanel", "QueueRunner", "SweepDialog", "demo_verdict", "start_degradation_demo"]
