"""Datasets by name: which exist, and loading one into a DataBundle.

Listing imports nothing heavy; torch and the readers load when a dataset does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from resviz.errors import DatasetError
from resviz.i18n import N_, _

if TYPE_CHECKING:
    import torch

    from resviz.data.bundle import DataBundle
    from resviz.data.standard import RawSet

BUILTIN_SIZE = 50_000  # train + validation, as CIFAR-10's training set (45k/5k with val_fraction 0.1)
DEFAULT_IMAGE_SIZE = 32
DATA_DIR_ENV = "RESVIZ_DATA_DIR"


@dataclass(frozen=True)
class DatasetInfo:
    """What the app and the CLI show about a dataset before loading it."""

    name: str
    title: str
    description: str
    needs_folder: bool  # data_dir must name the user's own folder; there is no default
    downloadable: bool
    hflip: bool  # whether a mirrored image keeps its class


# Titles and descriptions are marked for the catalogue: show them with resviz.i18n._(text).
_DATASETS: tuple[DatasetInfo, ...] = (
    DatasetInfo("builtin", N_("Built-in shapes"), N_("10 classes of shapes and textures on cluttered "
                "backgrounds, generated on the spot; works offline, object boxes known"), False, False, True),
    DatasetInfo("cifar10", "CIFAR-10", N_("60k 32x32 colour photos in 10 classes, the dataset of "
                "He et al. 2015, section 4.2"), False, True, True),
    DatasetInfo("cifar100", "CIFAR-100", N_("60k 32x32 colour photos in 100 classes"), False, True, True),
    DatasetInfo("mnist", "MNIST", N_("70k 28x28 greyscale handwritten digits"), False, True, False),
    DatasetInfo("fashionmnist", "Fashion-MNIST", N_("70k 28x28 greyscale photos of clothing in 10 classes"),
                False, True, True),
    DatasetInfo("svhn", "SVHN", N_("99k 32x32 colour house-number digits from Street View"), False, True, False),
    DatasetInfo("folder", N_("Image folder"), N_("your own images, one subfolder per class"), True, False, True),
)
_ALIASES = {"procedural": "builtin", "shapes": "builtin", "imagefolder": "folder", "fashion": "fashionmnist"}


def list_datasets() -> list[DatasetInfo]:
    """Every dataset ``load_dataset`` knows, the default (builtin) first."""
    return list(_DATASETS)


BUILTIN_CLASSES: tuple[str, ...] = (
    N_("disc"), N_("ring"), N_("square"), N_("diamond"), N_("triangle"),
    N_("cross"), N_("ellipse"), N_("star"), N_("stripes"), N_("checker"),
)
"""The built-in dataset's classes, as runs store them; marked for the catalogue."""


def class_title(name: str, classes: Sequence[str]) -> str:
    """A class's name as the views show it: the built-in dataset's in the user's language, any
    other dataset's as that dataset names it (CIFAR-100's class 'plain' is not the app's word)."""
    return _(name) if tuple(classes) == BUILTIN_CLASSES else name


def dataset_title(name: str) -> str:
    """A dataset's name as the texts show it, in the language in force ("Built-in shapes" for
    builtin); a name it does not know, as given."""
    try:
        return _(dataset_info(name).title)
    except DatasetError:
        return name


def dataset_info(name: str) -> DatasetInfo:
    """The entry for ``name`` (case, '-' and '_' ignored: 'CIFAR-10' works); DatasetError if unknown."""
    key = name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    key = _ALIASES.get(key, key)
    for info in _DATASETS:
        if info.name == key:
            return info
    raise DatasetError(
        _("unknown dataset {name!r}").format(name=name),
        _("Choose one of: {names}.").format(names=', '.join(i.name for i in _DATASETS)),
    )


def default_data_dir() -> Path:
    """Where standard datasets live when no folder is named: $RESVIZ_DATA_DIR or the user data folder."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("resviz", appauthor=False)) / "datasets"


def load_dataset(
    name: str = "builtin",
    *,
    data_dir: str | Path | None = None,
    download: bool = False,
    val_fraction: float = 0.1,
    seed: int = 0,
    image_size: int | None = None,
    train_size: int | None = None,
) -> DataBundle:
    """Loads a dataset by name and carves a validation part from its training set.

    The split is stratified and follows ``seed``; ``train_size`` keeps a random subset of the
    training part (validation keeps its size). ``image_size`` resizes (standard sets keep their
    own size when None; the built-in set and folders default to 32). Standard sets are read from
    ``data_dir`` (default: ``default_data_dir()``) and fetched first when ``download`` is True.
    """
    info = dataset_info(name)
    if not 0.0 <= val_fraction < 1.0:
        raise DatasetError(_("val_fraction must be at least 0 and below 1, got {val_fraction}").format(val_fraction=val_fraction),
                           _("Use e.g. 0.1 for the paper's 45k/5k split of CIFAR-10."))
    if train_size is not None and train_size < 1:
        raise DatasetError(_("train_size must be at least 1, got {train_size}").format(train_size=train_size), _("Leave it out to use every image."))
    if image_size is not None and not 8 <= image_size <= 512:
        raise DatasetError(_("image_size must be between 8 and 512 pixels, got {image_size}").format(image_size=image_size),
                           _("Use 32 (the paper's CIFAR size) or 16 for a quick run."))
    if info.name == "builtin":
        return _load_builtin(val_fraction, seed, image_size or DEFAULT_IMAGE_SIZE, train_size)
    from resviz.data.standard import RawSet

    root = Path(data_dir).expanduser() if data_dir is not None else None
    raw = _read(info.name, root, download, image_size)
    if image_size is not None and raw.images.shape[-2:] != (image_size, image_size):
        raw = RawSet(resize_images(raw.images, image_size), raw.labels, raw.classes, raw.source)
    return _bundle(info, raw, val_fraction, seed, train_size)


def _read(name: str, root: Path | None, download: bool, image_size: int | None) -> RawSet:
    from resviz.data import standard

    if name == "folder":
        from resviz.data.folder import read_image_folder

        if root is None:
            raise DatasetError(_("the image-folder dataset needs a folder"),
                               _("Name it with --data-dir DIR: one subfolder per class, holding its images."))
        return read_image_folder(root, image_size or DEFAULT_IMAGE_SIZE)
    root = root if root is not None else default_data_dir()
    if name in ("cifar10", "cifar100"):
        return standard.read_cifar(root, hundred=name == "cifar100", download=download)
    if name == "svhn":
        return standard.read_svhn(root, download=download)
    return standard.read_mnist(root, fashion=name == "fashionmnist", download=download)


def _load_builtin(val_fraction: float, seed: int, image_size: int, train_size: int | None) -> DataBundle:
    from resviz.data.bundle import DataBundle, channel_stats
    from resviz.data.procedural import CLASS_NAMES, generate

    n_val = round(BUILTIN_SIZE * val_fraction)
    n_train = train_size if train_size is not None else BUILTIN_SIZE - n_val
    # Separate streams rather than one split set: the validation images stay the same whatever
    # train_size is, and a smaller train_size gives a prefix of the larger set.
    train = generate(n_train, seed, image_size, stream=0)
    val = generate(n_val, seed, image_size, stream=1)
    mean, std = channel_stats(train.images)
    return DataBundle(
        name="builtin", train_images=train.images, train_labels=train.labels,
        val_images=val.images, val_labels=val.labels, val_boxes=val.boxes,
        classes=list(CLASS_NAMES), mean=mean, std=std,
        hflip=True, source=f"procedural, seed {seed}",
    )


def _bundle(info: DatasetInfo, raw: RawSet, val_fraction: float, seed: int, train_size: int | None) -> DataBundle:
    from resviz.data.bundle import DataBundle, channel_stats, split_indices

    train_idx, val_idx = split_indices(raw.labels, val_fraction, seed)
    if train_size is not None:
        train_idx = train_idx[:train_size]
    train_idx = train_idx.sort().values  # memory order: gathers read forwards
    train_images = raw.images[train_idx]
    mean, std = channel_stats(train_images)
    return DataBundle(
        name=info.name, train_images=train_images, train_labels=raw.labels[train_idx],
        val_images=raw.images[val_idx], val_labels=raw.labels[val_idx],
        classes=raw.classes, mean=mean, std=std, hflip=info.hflip, source=raw.source,
    )


def resize_images(images: torch.Tensor, size: int, chunk: int = 4096) -> torch.Tensor:
    """uint8 [N, C, H, W] to [N, C, size, size], bilinear with antialiasing when shrinking."""
    import torch
    import torch.nn.functional as F

    out = torch.empty((images.shape[0], images.shape[1], size, size), dtype=torch.uint8)
    for start in range(0, images.shape[0], chunk):
        part = images[start : start + chunk].float()
        resized = F.interpolate(part, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
        out[start : start + chunk] = resized.round_().clamp_(0, 255).to(torch.uint8)
    return out
