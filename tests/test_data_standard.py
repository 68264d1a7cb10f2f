"""Standard datasets, read from tiny files written here in each dataset's official on-disk format.

Nothing is downloaded: where a download is exercised, torchvision's download function is replaced.
"""

from __future__ import annotations

import pickle
import struct
import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch

from resviz.data.registry import load_dataset
from resviz.errors import DatasetError

CIFAR10_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
PER_BATCH = 20


def _pickle(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(obj, f, protocol=2)  # the official files are protocol-2 pickles


def _cifar_rows(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, 3072), dtype=np.uint8)


def write_cifar10(root: Path) -> np.ndarray:
    """Writes cifar-10-batches-py/ with 5 x 20 training images; returns their rows in file order."""
    base = root / "cifar-10-batches-py"
    rows = []
    for i in range(1, 6):
        data = _cifar_rows(PER_BATCH, i)
        labels = [(j + i) % 10 for j in range(PER_BATCH)]
        _pickle(base / f"data_batch_{i}", {b"batch_label": b"training batch", b"labels": labels,
                                           b"data": data, b"filenames": [b"x.png"] * PER_BATCH})
        rows.append(data)
    _pickle(base / "test_batch", {b"labels": [0] * 10, b"data": _cifar_rows(10, 9)})
    # Python 2 wrote str keys, which load as str; the batches above use bytes keys. Both occur.
    _pickle(base / "batches.meta", {"label_names": CIFAR10_NAMES, "num_vis": 3072})
    return np.concatenate(rows)


def write_cifar100(root: Path) -> None:
    base = root / "cifar-100-python"
    labels = list(range(100)) * 2
    _pickle(base / "train", {b"data": _cifar_rows(200, 1), b"fine_labels": labels, b"coarse_labels": [0] * 200})
    _pickle(base / "test", {b"data": _cifar_rows(10, 2), b"fine_labels": [0] * 10, b"coarse_labels": [0] * 10})
    _pickle(base / "meta", {b"fine_label_names": [f"class{i}".encode() for i in range(100)],
                            b"coarse_label_names": [b"c"] * 20})


def _idx(path: Path, array: np.ndarray) -> None:
    """The idx format of MNIST: magic (0, 0, type 0x08 = ubyte, ndim), big-endian sizes, raw bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = struct.pack(">I", 0x0800 | array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def write_mnist(root: Path, folder: str = "MNIST", n: int = 50) -> np.ndarray:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    raw = root / folder / "raw"
    _idx(raw / "train-images-idx3-ubyte", images)
    _idx(raw / "train-labels-idx1-ubyte", np.arange(n) % 10)
    _idx(raw / "t10k-images-idx3-ubyte", images[:10])
    _idx(raw / "t10k-labels-idx1-ubyte", np.arange(10) % 10)
    return images


def write_svhn(root: Path, n: int = 40) -> np.ndarray:
    scipy_io = pytest.importorskip("scipy.io")
    images = np.random.default_rng(1).integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)
    x = np.ascontiguousarray(images.transpose(2, 3, 1, 0))  # MATLAB's [H, W, C, N]
    y = (np.arange(n) % 10 + 1).reshape(-1, 1).astype(np.uint8)  # digit 0 is stored as 10
    root.mkdir(parents=True, exist_ok=True)
    scipy_io.savemat(str(root / "train_32x32.mat"), {"X": x, "y": y})
    return images


# ---------------------------------------------------------------- CIFAR


def test_cifar10_reads_every_batch_in_the_official_layout(tmp_path: Path) -> None:
    rows = write_cifar10(tmp_path)
    b = load_dataset("cifar10", data_dir=tmp_path, val_fraction=0.0)
    assert b.classes == CIFAR10_NAMES and b.hflip
    assert b.train_images.shape == (100, 3, 32, 32) and b.num_val == 0
    # Rows are channel-major: 1024 red, 1024 green, 1024 blue values, each row by row.
    assert torch.equal(b.train_images, torch.from_numpy(rows).view(100, 3, 32, 32))
    expected = [(j + i) % 10 for i in range(1, 6) for j in range(PER_BATCH)]
    assert b.train_labels.tolist() == expected
    mean = rows.reshape(100, 3, 1024).mean(axis=(0, 2)) / 255
    assert np.allclose(b.mean, mean, atol=1e-6)


def test_cifar10_split_resize_and_cap(tmp_path: Path) -> None:
    write_cifar10(tmp_path)
    b = load_dataset("cifar10", data_dir=tmp_path, val_fraction=0.1, seed=1, image_size=16, train_size=50)
    assert b.train_images.shape == (50, 3, 16, 16) and b.num_val == 10
    assert torch.bincount(b.val_labels, minlength=10).tolist() == [1] * 10  # stratified


def test_cifar10_accepts_the_dataset_folder_itself(tmp_path: Path) -> None:
    write_cifar10(tmp_path)
    b = load_dataset("CIFAR-10", data_dir=tmp_path / "cifar-10-batches-py")
    assert b.num_train + b.num_val == 100


def test_cifar100_uses_fine_labels(tmp_path: Path) -> None:
    write_cifar100(tmp_path)
    b = load_dataset("cifar100", data_dir=tmp_path, val_fraction=0.5)
    assert b.num_classes == 100 and b.classes[7] == "class7"
    assert b.num_train == b.num_val == 100
    assert sorted(b.val_labels.tolist()) == list(range(100))


def test_missing_cifar_says_where_to_put_which_files(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as info:
        load_dataset("cifar10", data_dir=tmp_path)
    err = info.value
    assert str(tmp_path / "cifar-10-batches-py") in err.message
    assert "data_batch_1" in err.message and "batches.meta" in err.message
    assert "cifar-10-batches-py/" in err.hint and str(tmp_path) in err.hint and "--download" in err.hint
    with pytest.raises(DatasetError, match="cifar-100-python"):
        load_dataset("cifar100", data_dir=tmp_path)


def test_one_missing_batch_is_named(tmp_path: Path) -> None:
    write_cifar10(tmp_path)
    (tmp_path / "cifar-10-batches-py" / "data_batch_3").unlink()
    with pytest.raises(DatasetError, match="lacks data_batch_3\n"):
        load_dataset("cifar10", data_dir=tmp_path)


def test_damaged_cifar_file(tmp_path: Path) -> None:
    write_cifar10(tmp_path)
    path = tmp_path / "cifar-10-batches-py" / "data_batch_2"
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(DatasetError, match="data_batch_2") as info:
        load_dataset("cifar10", data_dir=tmp_path)
    assert "download" in info.value.hint


def test_a_pickle_that_would_run_code_is_refused(tmp_path: Path) -> None:
    write_cifar10(tmp_path)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # noqa: ANN204
            return (Path.touch, (marker,))

    _pickle(tmp_path / "cifar-10-batches-py" / "data_batch_1", {b"data": Evil(), b"labels": []})
    with pytest.raises(DatasetError, match="unexpected object"):
        load_dataset("cifar10", data_dir=tmp_path)
    assert not marker.exists()


def test_labels_beyond_the_classes_are_refused(tmp_path: Path) -> None:
    write_cifar10(tmp_path)
    _pickle(tmp_path / "cifar-10-batches-py" / "data_batch_1",
            {b"data": _cifar_rows(PER_BATCH, 1), b"labels": [12] * PER_BATCH})
    with pytest.raises(DatasetError, match="labels run from"):
        load_dataset("cifar10", data_dir=tmp_path)


def test_download_goes_through_torchvision_and_failures_are_explained(tmp_path: Path, monkeypatch) -> None:
    import torchvision.datasets.utils as tv_utils

    calls: list[tuple[str, str]] = []

    def fake_download(url: str, download_root: str, filename: str | None = None, md5: str | None = None) -> None:
        calls.append((url, md5 or ""))
        write_cifar10(Path(download_root))

    monkeypatch.setattr(tv_utils, "download_and_extract_archive", fake_download)
    b = load_dataset("cifar10", data_dir=tmp_path, download=True)
    assert b.num_train == 90 and calls and calls[0][0].endswith("cifar-10-python.tar.gz") and calls[0][1]
    load_dataset("cifar10", data_dir=tmp_path, download=True)
    assert len(calls) == 1  # files present: nothing fetched again

    def offline(*args: object, **kwargs: object) -> None:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(tv_utils, "download_and_extract_archive", offline)
    with pytest.raises(DatasetError, match="could not download CIFAR-100") as info:
        load_dataset("cifar100", data_dir=tmp_path / "elsewhere", download=True)
    assert "by hand" in info.value.hint


# ---------------------------------------------------------------- MNIST, Fashion-MNIST


@pytest.mark.parametrize(("name", "folder"), [("mnist", "MNIST"), ("fashionmnist", "FashionMNIST")])
def test_mnist_family_through_torchvision(tmp_path: Path, name: str, folder: str) -> None:
    images = write_mnist(tmp_path, folder)
    b = load_dataset(name, data_dir=tmp_path, val_fraction=0.0)
    assert b.train_images.shape == (50, 1, 28, 28) and b.channels == 1 and len(b.mean) == 1
    assert torch.equal(b.train_images[:, 0], torch.from_numpy(images))
    assert b.train_labels.tolist() == [i % 10 for i in range(50)]
    assert b.num_classes == 10
    assert b.hflip == (name == "fashionmnist")  # a mirrored digit is not the same digit
    # download=True finds the files and fetches nothing (torchvision checks first).
    assert load_dataset(name, data_dir=tmp_path / folder / "raw", download=True).num_train == 40  # 1 of 5 per class to val


def test_missing_mnist_names_the_raw_files(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as info:
        load_dataset("mnist", data_dir=tmp_path)
    assert str(tmp_path / "MNIST" / "raw") in info.value.message
    assert "train-images-idx3-ubyte" in info.value.message and "gunzip" in info.value.hint


def test_damaged_mnist_file(tmp_path: Path) -> None:
    write_mnist(tmp_path)
    (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x07garbage")
    with pytest.raises(DatasetError, match="could not read"):
        load_dataset("mnist", data_dir=tmp_path)


# ---------------------------------------------------------------- SVHN


def test_svhn_from_the_mat_file(tmp_path: Path) -> None:
    images = write_svhn(tmp_path)
    b = load_dataset("svhn", data_dir=tmp_path, val_fraction=0.0)
    assert torch.equal(b.train_images, torch.from_numpy(images))
    assert b.train_labels.tolist() == [(i + 1) % 10 for i in range(40)]  # 10 read as digit 0
    assert b.classes == [str(d) for d in range(10)] and not b.hflip


def test_missing_and_damaged_svhn(tmp_path: Path) -> None:
    pytest.importorskip("scipy.io")
    with pytest.raises(DatasetError, match="train_32x32.mat") as info:
        load_dataset("svhn", data_dir=tmp_path)
    assert str(tmp_path) in info.value.hint
    (tmp_path / "train_32x32.mat").write_bytes(b"MATLAB 5.0 but not really")
    with pytest.raises(DatasetError, match="could not read"):
        load_dataset("svhn", data_dir=tmp_path)
