"""The standard datasets (CIFAR-10/100, SVHN, MNIST, Fashion-MNIST) in their official layouts.

Files are read from the layout torchvision downloads into, so ``download=True`` and a folder the
user filled by hand look the same. MNIST and Fashion-MNIST are read by torchvision's own classes.
CIFAR and SVHN are read here: torchvision's classes refuse any file whose md5 differs from the
official one, which would make every reading path untestable offline; we read the same official
formats (a pickle of numpy arrays, a MATLAB .mat file) and check shapes and labels instead.
Downloads still go through torchvision, which verifies the archive's md5.
"""

from __future__ import annotations

import importlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from resviz.errors import DatasetError
from resviz.i18n import _


@dataclass(frozen=True, eq=False)
class RawSet:
    """A training set as read from disk, before splitting: uint8 [N,C,H,W] images and labels."""

    images: torch.Tensor
    labels: torch.Tensor
    classes: list[str]
    source: str


_READ_ERRORS = (OSError, EOFError, ValueError, KeyError, TypeError, IndexError, AssertionError,
                RuntimeError, pickle.UnpicklingError)
_DOWNLOAD_ERRORS = (OSError, RuntimeError, ValueError)


def _reason(exc: BaseException) -> str:
    """Why a file could not be read, without torch's advice to load it with weights_only=False:
    that would run whatever code the file holds, so it must never be passed on."""
    text = str(exc)
    if "weights_only" in text:
        return _("it holds Python objects besides tensors and numbers, which resviz never loads")
    return text


def _damaged(path: Path, exc: BaseException) -> DatasetError:
    return DatasetError(
        _("could not read {path}: {exc}").format(path=path, exc=_reason(exc)),
        _("The file is damaged or not in the official format: delete it and download it again."),
    )


def _download_failed(title: str, root: Path, exc: BaseException, by_hand: str) -> DatasetError:
    return DatasetError(
        _("could not download {title} into {root}: {exc}").format(title=title, root=root, exc=exc),
        _("Check the internet connection and the free disk space, or {by_hand}.").format(by_hand=by_hand),
    )


def _not_found(title: str, folder: Path, missing: list[str]) -> str:
    if not folder.is_dir():
        return _("{title} not found: there is no folder {folder} (expected {files} in it)").format(
            title=title, folder=folder, files=", ".join(missing))
    return _("{title} not found: {folder} lacks {files}").format(title=title, folder=folder, files=", ".join(missing))


# ---------------------------------------------------------------- CIFAR


class _ArrayUnpickler(pickle.Unpickler):
    """Unpickles plain containers and numpy arrays only.

    The official CIFAR files need nothing more; refusing every other global means a pickle in a
    folder the user pointed at cannot run code, which a plain ``pickle.load`` would allow.
    """

    _ALLOWED = frozenset({
        ("numpy.core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
        ("numpy.core.numeric", "_frombuffer"), ("numpy", "ndarray"), ("numpy", "dtype"),
        ("_codecs", "encode"),
    })

    def find_class(self, module: str, name: str) -> Any:
        canonical = module.replace("numpy._core", "numpy.core", 1)
        if (canonical, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"unexpected object {module}.{name} in a dataset file")
        if canonical.startswith("numpy.core"):
            # numpy 2 renamed numpy.core to numpy._core; files may come from either side.
            for candidate in ("numpy._core" + canonical[len("numpy.core"):], canonical):
                try:
                    return getattr(importlib.import_module(candidate), name)
                except (ImportError, AttributeError):
                    continue
        return super().find_class(module, name)


def _load_pickle(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            # latin1 as torchvision does: the official files were written by Python 2.
            entry = _ArrayUnpickler(f, encoding="latin1").load()
    except _READ_ERRORS as exc:
        raise _damaged(path, exc) from exc
    if not isinstance(entry, dict):
        raise _damaged(path, TypeError(f"expected a dict, found {type(entry).__name__}"))
    return {k.decode("latin1") if isinstance(k, bytes) else k: v for k, v in entry.items()}


def _names(path: Path, entry: dict[str, Any], key: str) -> list[str]:
    try:
        return [n.decode("utf-8") if isinstance(n, bytes) else str(n) for n in entry[key]]
    except (KeyError, TypeError) as exc:
        raise _damaged(path, exc) from exc


def read_cifar(root: Path, *, hundred: bool, download: bool) -> RawSet:
    """The training part of CIFAR-10 (``cifar-10-batches-py/``) or CIFAR-100 (``cifar-100-python/``)."""
    title = "CIFAR-100" if hundred else "CIFAR-10"
    folder = "cifar-100-python" if hundred else "cifar-10-batches-py"
    batches = ["train"] if hundred else [f"data_batch_{i}" for i in range(1, 6)]
    meta_name, names_key = ("meta", "fine_label_names") if hundred else ("batches.meta", "label_names")
    label_key = "fine_labels" if hundred else "labels"
    if root.name == folder:  # the user named the dataset folder itself
        root = root.parent
    base = root / folder
    needed = [*batches, meta_name]
    if download and not all((base / f).is_file() for f in needed):
        from torchvision.datasets import CIFAR10, CIFAR100
        from torchvision.datasets.utils import download_and_extract_archive

        cls = CIFAR100 if hundred else CIFAR10
        try:
            download_and_extract_archive(cls.url, str(root), filename=cls.filename, md5=cls.tgz_md5)
        except _DOWNLOAD_ERRORS as exc:
            raise _download_failed(title, root, exc, _("download {url} by hand and unpack it into {root}").format(url=cls.url, root=root)) from exc
    missing = [f for f in needed if not (base / f).is_file()]
    if missing:
        archive = "cifar-100-python.tar.gz" if hundred else "cifar-10-python.tar.gz"
        raise DatasetError(
            _not_found(title, base, missing),
            _("Put the folder {folder}/ (unpacked from {archive}, https://www.cs.toronto.edu/~kriz/cifar.html) under {root}, or pass --download to fetch it (about 170 MB).").format(folder=folder, archive=archive, root=root),
        )
    classes = _names(base / meta_name, _load_pickle(base / meta_name), names_key)
    images, labels = [], []
    for name in batches:
        entry = _load_pickle(base / name)
        try:
            data = np.asarray(entry["data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
            targets = np.asarray(entry[label_key], dtype=np.int64).reshape(-1)
        except (KeyError, ValueError, TypeError) as exc:
            raise _damaged(base / name, exc) from exc
        if targets.shape[0] != data.shape[0]:
            raise _damaged(base / name, ValueError(f"{data.shape[0]} images but {targets.shape[0]} labels"))
        images.append(torch.from_numpy(data.copy()))
        labels.append(torch.from_numpy(targets))
    return _checked(RawSet(torch.cat(images), torch.cat(labels), classes, str(base)))


# ---------------------------------------------------------------- SVHN


def read_svhn(root: Path, *, download: bool) -> RawSet:
    """The training part of SVHN (``train_32x32.mat`` directly under ``root``, as torchvision keeps it)."""
    path = root / "train_32x32.mat"
    if download and not path.is_file():
        from torchvision.datasets import SVHN
        from torchvision.datasets.utils import download_url

        url, filename, md5 = SVHN.split_list["train"]
        try:
            download_url(url, str(root), filename, md5)
        except _DOWNLOAD_ERRORS as exc:
            raise _download_failed("SVHN", root, exc, _("download {url} by hand into {root}").format(url=url, root=root)) from exc
    if not path.is_file():
        raise DatasetError(
            _("SVHN not found: {path} does not exist").format(path=path),
            _("Put train_32x32.mat (http://ufldl.stanford.edu/housenumbers/) in {root}, or pass --download to fetch it (about 180 MB).").format(root=root),
        )
    try:
        import scipy.io
    except ImportError as exc:
        raise DatasetError(_("reading SVHN needs scipy, which is not installed"), _("pip install scipy")) from exc
    try:
        mat = scipy.io.loadmat(str(path))
        x = np.asarray(mat["X"], dtype=np.uint8)  # [H, W, C, N], MATLAB's order
        y = np.asarray(mat["y"], dtype=np.int64).reshape(-1)
        if x.ndim != 4 or x.shape[2] != 3 or x.shape[3] != y.shape[0]:
            raise ValueError(f"X has shape {x.shape}, y has {y.shape[0]} labels")
    except (*_READ_ERRORS, NotImplementedError) as exc:
        raise _damaged(path, exc) from exc
    y = np.where(y == 10, 0, y)  # SVHN files label the digit 0 as 10
    images = torch.from_numpy(np.ascontiguousarray(x.transpose(3, 2, 0, 1)))
    return _checked(RawSet(images, torch.from_numpy(y), [str(d) for d in range(10)], str(path)))


# ---------------------------------------------------------------- MNIST, Fashion-MNIST

_MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def read_mnist(root: Path, *, fashion: bool, download: bool) -> RawSet:
    """The training part of MNIST or Fashion-MNIST (``MNIST/raw/`` or ``FashionMNIST/raw/``)."""
    from torchvision import datasets

    cls = datasets.FashionMNIST if fashion else datasets.MNIST
    title, folder = ("Fashion-MNIST", "FashionMNIST") if fashion else ("MNIST", "MNIST")
    if root.name == "raw" and root.parent.name == folder:
        root = root.parent.parent
    elif root.name == folder:
        root = root.parent
    raw = root / folder / "raw"
    legacy = root / folder / "processed"  # torchvision's pre-0.9 cache, still accepted by it
    if download:
        try:
            cls(str(root), train=True, download=True)
        except _DOWNLOAD_ERRORS as exc:
            raise _download_failed(title, root, exc, _("put the files in {folder} by hand").format(folder=raw)) from exc
    have_legacy = all((legacy / f).is_file() for f in ("training.pt", "test.pt"))
    missing = [f for f in _MNIST_FILES if not (raw / f).is_file()]
    if missing and not have_legacy:
        raise DatasetError(
            _not_found(title, raw, missing),
            _("Put the four idx files in {raw} (gunzip the .gz files from {mirrors}), or pass --download to fetch them (about 60 MB).").format(raw=raw, mirrors=cls.mirrors[0]),
        )
    try:
        ds = cls(str(root), train=True, download=False)
        images = ds.data.to(torch.uint8).unsqueeze(1).contiguous()
        labels = ds.targets.to(torch.int64)
    except _READ_ERRORS as exc:
        # torchvision reads the legacy processed/ file when there is one, the raw files otherwise.
        raise _damaged(legacy / "training.pt" if have_legacy else raw / _MNIST_FILES[0], exc) from exc
    if images.shape[0] != labels.shape[0]:
        raise _damaged(raw, ValueError(f"{images.shape[0]} images but {labels.shape[0]} labels"))
    return _checked(RawSet(images, labels, list(ds.classes), str(root / folder)))


def _checked(raw: RawSet) -> RawSet:
    """Refuses label values that do not name a class, the sign of mixed-up or truncated files."""
    if raw.labels.numel() == 0:
        raise DatasetError(_("{source} holds no images").format(source=raw.source), _("Download the dataset again."))
    low, high = int(raw.labels.min()), int(raw.labels.max())
    if low < 0 or high >= len(raw.classes):
        raise DatasetError(
            _("{source}: labels run from {low} to {high} but there are {count} classes").format(source=raw.source, low=low, high=high, count=len(raw.classes)),
            _("The files do not belong together: delete the folder and download the dataset again."),
        )
    return raw
