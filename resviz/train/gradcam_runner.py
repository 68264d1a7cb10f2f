"""Grad-CAM on a fixed set of validation images, between training steps."""

from __future__ import annotations

import numpy as np
import torch

from resviz.arch.builder import Network
from resviz.data import DataBundle
from resviz.train.config import TrainConfig
from resviz.train.events import GradCamLog
from resviz.train.gradcam import (
    compute_gradcam,
    default_layer,
    eval_copy,
    to_display,
)
from resviz.train.pointing import POINTING_IMAGES, PointingScore, score


class GradCamRunner:
    """Holds the images (the same ones every epoch, so maps can be compared over time)."""

    def __init__(self, model: Network, data: DataBundle, cfg: TrainConfig, device: torch.device,
                 pointing_images: int = POINTING_IMAGES) -> None:
        self.model = model
        self.classes = list(data.classes)
        n = min(cfg.gradcam_images, len(data.val_labels))
        m = torch.tensor(data.mean).view(1, -1, 1, 1)
        s = torch.tensor(data.std).view(1, -1, 1, 1)
        self.x = ((data.val_images[:n].float() / 255.0 - m) / s).to(device)
        self.labels = data.val_labels[:n].to(device)
        self.boxes = data.val_boxes[:n].numpy() if data.val_boxes is not None else None
        # The pointing game is scored on many more images than are shown: on 16 its standard
        # error would be about 12 points, larger than the gaps it is read for.
        k = min(pointing_images, len(data.val_labels)) if data.val_boxes is not None else 0
        self.point_x = ((data.val_images[:k].float() / 255.0 - m) / s).to(device) if k else None
        self.point_labels = data.val_labels[:k].to(device)
        self.point_boxes = data.val_boxes[:k].numpy() if k and data.val_boxes is not None else None
        self.images = to_display(self.x, data.mean, data.std)
        self.mean, self.std = data.mean, data.std
        self.default_layer = cfg.gradcam_layer or default_layer(model)

    def run(self, step: int, epoch: int, layer: str | None = None, target: str | int = "predicted") -> GradCamLog:
        layer = layer or self.default_layer
        clone = eval_copy(self.model)
        with torch.no_grad():
            preds = clone(self.x.float()).argmax(1)
        maps_pred = compute_gradcam(clone, layer, self.x, preds)
        maps_true = compute_gradcam(clone, layer, self.x, self.labels)
        maps_target = None
        target_class = None
        if isinstance(target, int) or (isinstance(target, str) and target.isdigit()):
            target_class = int(target)
            maps_target = compute_gradcam(clone, layer, self.x, torch.full_like(self.labels, target_class))
        pointing = self._pointing(clone, layer)
        return GradCamLog(
            step=step, epoch=epoch, layer=layer, images=self.images,
            labels=self.labels.cpu().numpy(), preds=preds.cpu().numpy(),
            maps_pred=maps_pred.astype(np.float32), maps_true=maps_true.astype(np.float32),
            boxes=self.boxes, pointing_game=None if pointing is None else pointing.score, classes=self.classes,
            target_class=target_class, maps_target=maps_target, pointing=pointing,
        )

    def _pointing(self, clone: torch.nn.Module, layer: str, batch: int = 250) -> PointingScore | None:
        """The pointing game for the true class on the scoring images, in batches to bound memory."""
        if self.point_x is None or self.point_boxes is None:
            return None
        maps = [compute_gradcam(clone, layer, self.point_x[i:i + batch], self.point_labels[i:i + batch])
                for i in range(0, len(self.point_x), batch)]
        return score(np.concatenate(maps), self.point_boxes)
