"""The named moments of a fit and their payloads: small plain values, CPU numpy arrays.

Listeners (the run store, the progress bar, the app's worker) subclass ``Callback`` and
override what they need. ``on_fit_end`` is always called, also after a stop or an error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from resviz.train.pointing import PointingScore


@dataclass(frozen=True)
class FitInfo:
    run_id: int | None
    name: str
    spec: dict[str, Any]
    config: dict[str, Any]
    device: str
    dataset: str
    classes: list[str]
    total_steps: int
    steps_per_epoch: int
    start_step: int
    params: int
    layer_names: list[str]
    """Every conv and linear layer, in forward order (the per-layer gradient probe's rows)."""
    block_names: list[str]
    """Every block, e.g. 'layer2.0', in forward order."""
    residual: list[bool]
    """Whether each block has a shortcut."""
    precision: str = "fp32"
    """The precision the run trains in, resolved from the config's (fp32, bf16 or fp16)."""


@dataclass(frozen=True)
class StepLog:
    step: int
    epoch: float
    train_loss: float
    train_acc: float
    lr: float
    images_per_s: float
    elapsed_s: float
    eta_s: float


@dataclass(frozen=True)
class ProbeLog:
    step: int
    layer_grad: np.ndarray
    """‖∂L/∂W‖ of each layer in FitInfo.layer_names."""
    block_grad: np.ndarray
    """‖∂L/∂W‖ over each block's layers (root of the summed squares)."""
    shortcut_grad: np.ndarray
    """‖∂L/∂x‖ reaching each block's input through its shortcut (NaN for plain blocks)."""
    branch_grad: np.ndarray
    """‖∂L/∂x‖ reaching each block's input through its residual branch F."""
    residual_ratio: np.ndarray
    """‖F(x)‖ / ‖h(x)‖ for each residual block (NaN for plain blocks)."""
    shortcut_share: np.ndarray | None = None
    """⟨g_s, g⟩ / ‖g‖²: the part of g = ∂L/∂x that the shortcut contributes (NaN for plain blocks).
    With branch_share it sums to 1; either may exceed 1 or go below 0 when the paths partly cancel."""
    branch_share: np.ndarray | None = None
    """⟨g_b, g⟩ / ‖g‖²: the part the residual branch contributes."""
    path_cosine: np.ndarray | None = None
    """cos(g_s, g_b): near 0 when the two paths' gradients are orthogonal."""


SPLIT_KINDS = ("shortcut_share", "branch_share", "path_cosine")
"""Per-block vectors of the additive shortcut/branch split (absent from runs recorded before it)."""
VECTOR_KINDS = ("grad_norm", "block_grad", "shortcut_grad", "branch_grad", "residual_ratio", *SPLIT_KINDS)
"""The vector kinds of a ProbeLog as the store keeps them: per layer (grad_norm), else per block."""


@dataclass(frozen=True)
class EpochLog:
    epoch: int
    step: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float


@dataclass(frozen=True)
class GradCamLog:
    step: int
    epoch: int
    layer: str
    images: np.ndarray
    """uint8 [N, H, W, 3] as shown (grey images repeated to RGB)."""
    labels: np.ndarray
    preds: np.ndarray
    maps_pred: np.ndarray
    """float32 [N, H, W] in [0, 1]: Grad-CAM for the predicted class."""
    maps_true: np.ndarray
    """float32 [N, H, W] in [0, 1]: Grad-CAM for the true class."""
    boxes: np.ndarray | None
    pointing_game: float | None
    """Share of images whose Grad-CAM peak (true class) lies in the object's box, scored on
    ``pointing.n`` validation images (not only those shown); built-in data only."""
    classes: list[str] = field(default_factory=list)
    target_class: int | None = None
    maps_target: np.ndarray | None = None
    """Grad-CAM for one chosen class (any class, on request), else None."""
    pointing: PointingScore | None = None
    """The pointing game on more images than shown, with its baselines (``pointing_game`` is its score)."""


@dataclass(frozen=True)
class FitEnd:
    status: str
    """finished, stopped, diverged or failed."""
    message: str
    step: int
    epoch: int
    wall_s: float
    final_train_loss: float | None
    """The mean over the last tenth of the logged losses (runs.final), this run's resumes included."""
    best_val_acc: float | None
    checkpoint: str | None


class Callback:
    """Override the moments you need; each receives a payload safe to keep or send elsewhere."""

    def on_fit_start(self, info: FitInfo) -> None: ...

    def on_step(self, log: StepLog) -> None: ...

    def on_probe(self, log: ProbeLog) -> None: ...

    def on_epoch_end(self, log: EpochLog) -> None: ...

    def on_gradcam(self, log: GradCamLog) -> None: ...

    def on_checkpoint(self, path: str, step: int, epoch: int) -> None: ...

    def on_exception(self, exc: BaseException, status: str, message: str) -> None: ...

    def on_idle(self) -> None:
        """Called a few times a second while the run is paused."""

    def on_fit_end(self, end: FitEnd) -> None: ...


class TrainControl:
    """Cooperative stop, pause and resume, checked between steps. Safe from any thread."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._lock = threading.Lock()
        self._gradcam_requests: list[tuple[str | None, str]] = []

    def request_stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused run must wake to stop

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self, idle: Callable[[], None] | None = None, timeout: float = 0.2) -> None:
        while not self._running.wait(timeout):
            if idle is not None:
                idle()

    def request_gradcam(self, layer: str | None = None, target: str = "predicted") -> None:
        """Ask the trainer for a Grad-CAM between two steps (the model is never shared)."""
        with self._lock:
            self._gradcam_requests.append((layer, target))

    def take_gradcam_requests(self) -> list[tuple[str | None, str]]:
        with self._lock:
            out, self._gradcam_requests = self._gradcam_requests, []
        return out
