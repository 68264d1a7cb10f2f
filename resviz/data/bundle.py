"""What every dataset becomes: uint8 images and labels on the CPU, split, with their statistics."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from resviz.data.seeding import derive_seed

_STATS_CHUNK = 4096  # images per step when summing, so a float copy of the whole set is never made


@dataclass(frozen=True, eq=False)
class DataBundle:
    """A dataset ready for training: a training part, a validation part and what they mean.

    Images are uint8 [N, C, H, W] on the CPU; labels int64 [N]. ``mean`` and ``std`` are per
    channel in 0..1 units, measured on the training images. ``val_boxes`` (int64 [N, 4]: x0, y0,
    x1, y1, end exclusive) is known only for the built-in set. ``hflip`` says whether a mirrored
    image keeps its class (not for digits).
    """

    name: str
    train_images: torch.Tensor
    train_labels: torch.Tensor
    val_images: torch.Tensor
    val_labels: torch.Tensor
    classes: list[str]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    val_boxes: torch.Tensor | None = None
    hflip: bool = True
    source: str = ""  # where it was read from (a folder) or how it was made, for run records

    def __post_init__(self) -> None:
        # Programming errors, not user errors: every loader must hand over this exact layout.
        for part, images, labels in (
            ("train", self.train_images, self.train_labels),
            ("val", self.val_images, self.val_labels),
        ):
            if images.dtype != torch.uint8 or images.dim() != 4:
                raise ValueError(f"{part}_images must be uint8 [N,C,H,W], got {images.dtype} {tuple(images.shape)}")
            if labels.dtype != torch.int64 or labels.shape != images.shape[:1]:
                raise ValueError(f"{part}_labels must be int64 [{images.shape[0]}], got {labels.dtype} {tuple(labels.shape)}")
        if self.val_images.shape[1:] != self.train_images.shape[1:]:
            raise ValueError("train and val images differ in shape")
        if len(self.mean) != self.channels or len(self.std) != self.channels:
            raise ValueError(f"mean/std need {self.channels} values")
        if self.val_boxes is not None and self.val_boxes.shape != (self.val_images.shape[0], 4):
            raise ValueError("val_boxes must be [N_val, 4]")

    @property
    def channels(self) -> int:
        return int(self.train_images.shape[1])

    @property
    def height(self) -> int:
        return int(self.train_images.shape[2])

    @property
    def width(self) -> int:
        return int(self.train_images.shape[3])

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    @property
    def num_train(self) -> int:
        return int(self.train_images.shape[0])

    @property
    def num_val(self) -> int:
        return int(self.val_images.shape[0])

    def summary(self) -> str:
        """One line for logs and the CLI, e.g. 'cifar10: 45,000 train / 5,000 val, 3x32x32, 10 classes'."""
        return (
            f"{self.name}: {self.num_train:,} train / {self.num_val:,} val, "
            f"{self.channels}x{self.height}x{self.width}, {self.num_classes} classes"
        )


def channel_stats(images: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and standard deviation of uint8 images [N, C, H, W], in 0..1 units."""
    if images.shape[0] == 0:
        raise ValueError("cannot measure the statistics of an empty set")
    channels = images.shape[1]
    total = torch.zeros(channels, dtype=torch.float64)
    total_sq = torch.zeros(channels, dtype=torch.float64)
    for start in range(0, images.shape[0], _STATS_CHUNK):
        chunk = images[start : start + _STATS_CHUNK].to(torch.float64)
        total += chunk.sum(dim=(0, 2, 3))
        total_sq += chunk.square().sum(dim=(0, 2, 3))
    count = images.shape[0] * images.shape[2] * images.shape[3]
    mean = total / count
    var = (total_sq / count - mean.square()).clamp_min(0.0)
    # A constant channel (blank images) would make normalising divide by zero.
    std = var.sqrt().clamp_min(1.0)
    mean, std = mean / 255.0, std / 255.0
    return tuple(float(m) for m in mean), tuple(float(s) for s in std)


def split_indices(
    labels: torch.Tensor, val_fraction: float, seed: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Deterministic stratified split: (train indices in random order, sorted val indices).

    Each class gives round(count * val_fraction) images to validation, at least one when it has
    two or more and val_fraction > 0, so a small folder still validates every class.
    """
    n = int(labels.shape[0])
    g = torch.Generator().manual_seed(derive_seed(seed, 0x5B17))
    perm = torch.randperm(n, generator=g)
    if val_fraction <= 0 or n == 0:
        return perm, torch.zeros(0, dtype=torch.int64)
    # Sort a shuffled copy by label (stable), then rank each image within its class.
    order = torch.argsort(labels[perm], stable=True)
    shuffled = perm[order]
    sorted_labels = labels[shuffled]
    counts = torch.bincount(sorted_labels)
    starts = torch.cumsum(counts, 0) - counts
    rank = torch.arange(n) - starts[sorted_labels]
    n_val = torch.round(counts.double() * val_fraction).long()
    n_val = torch.where((counts >= 2) & (n_val == 0), 1, n_val)
    n_val = torch.minimum(n_val, counts - 1).clamp_min(0)  # never empty a class out of training
    is_val = rank < n_val[sorted_labels]
    val = shuffled[is_val].sort().values
    train = shuffled[~is_val]
    train = train[torch.randperm(train.shape[0], generator=g)]
    return train, val
