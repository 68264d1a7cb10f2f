"""Optimizers and learning-rate schedules by name."""

from __future__ import annotations

import math

import torch
from torch import nn

from resviz.train.config import TrainConfig


def make_optimizer(model: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    params = model.parameters()
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, nesterov=cfg.nesterov and cfg.momentum > 0,
                               weight_decay=cfg.weight_decay)
    if cfg.optimizer == "adam":
        return torch.optim.Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    return torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)


def lr_factor(step: int, total: int, schedule: str, warmup: int) -> float:
    """Multiplier of the base learning rate after ``step`` optimizer steps."""
    if step < warmup:
        return 0.1  # He et al. 2015 warm ResNet-110 up at lr/10 before returning to 0.1
    if schedule == "step":
        # ÷10 at 32k and 48k of 64k iterations: 50% and 75% of training.
        return 0.1 ** (int(step >= 0.5 * total) + int(step >= 0.75 * total))
    if schedule == "cosine":
        span = max(total - warmup, 1)
        return 0.5 * (1.0 + math.cos(math.pi * min(step - warmup, span) / span))
    return 1.0


def make_scheduler(opt: torch.optim.Optimizer, cfg: TrainConfig, total_steps: int) -> torch.optim.lr_scheduler.LambdaLR:
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: lr_factor(s, total_steps, cfg.schedule, cfg.warmup_steps)
    )
