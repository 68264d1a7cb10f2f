"""The user's own image folder: reading, resizing, and every way the folder can be wrong."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from resviz.data.registry import load_dataset
from resviz.errors import DatasetError


def _save(path: Path, size: tuple[int, int], colour: tuple[int, int, int], mode: str = "RGB") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, colour)
    (img.convert(mode) if mode != "RGB" else img).save(path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "pets"
    for i in range(4):
        _save(root / "cat" / f"{i}.png", (40 + i, 30), (200, 10, 10))
        _save(root / "dog" / f"{i}.jpg", (25, 50), (10, 200, 10))
    _save(root / "dog" / "nested" / "old.png", (64, 64), (10, 200, 10))
    _save(root / "owl" / "grey.png", (16, 16), (128, 128, 128), mode="L")
    _save(root / "owl" / "alpha.png", (16, 16), (0, 0, 200), mode="RGBA")
    (root / "cat" / "notes.txt").write_text("not an image, ignored")
    _save(root / "cat" / ".hidden.png", (8, 8), (0, 0, 0))  # hidden: ignored
    _save(root / ".thumbnails" / "x.png", (8, 8), (0, 0, 0))  # hidden class folder: ignored
    return root


def test_reads_one_class_per_subfolder(folder: Path) -> None:
    b = load_dataset("folder", data_dir=folder, val_fraction=0.0, image_size=20)
    assert b.classes == ["cat", "dog", "owl"]
    assert b.train_images.shape == (11, 3, 20, 20) and b.train_images.dtype == torch.uint8
    assert torch.bincount(b.train_labels).tolist() == [4, 5, 2]
    # Colours survive resizing; greyscale and RGBA images become RGB.
    per_image = b.train_images.float().mean(dim=(2, 3))
    cats, dogs = per_image[b.train_labels == 0], per_image[b.train_labels == 1]
    assert torch.allclose(cats, torch.tensor([200.0, 10, 10]).expand_as(cats), atol=2)
    assert torch.allclose(dogs, torch.tensor([10.0, 200, 10]).expand_as(dogs), atol=6)  # JPEG
    assert b.source == str(folder) and b.hflip


def test_default_size_and_a_validation_split(folder: Path) -> None:
    b = load_dataset("folder", data_dir=str(folder), val_fraction=0.2, seed=3)
    assert (b.height, b.width) == (32, 32)
    assert sorted(b.val_labels.tolist()) == [0, 1, 2]  # one per class, even this small
    assert b.num_train == 8


def test_crops_to_a_square_rather_than_squashing(tmp_path: Path) -> None:
    root = tmp_path / "imgs"
    wide = np.zeros((10, 30, 3), dtype=np.uint8)
    wide[:, 10:20] = 255  # a white square in the middle of a wide black image
    (root / "a").mkdir(parents=True)
    Image.fromarray(wide).save(root / "a" / "w.png")
    _save(root / "b" / "x.png", (10, 10), (0, 0, 0))
    b = load_dataset("folder", data_dir=root, val_fraction=0.0, image_size=10)
    assert int(b.train_images[0].min()) > 200  # only the centre square is kept


def test_no_folder_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="needs a folder") as info:
        load_dataset("folder")
    assert "--data-dir" in info.value.hint


def test_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(DatasetError, match="does not exist") as info:
        load_dataset("folder", data_dir=missing)
    assert str(missing) in info.value.message and "subfolder per class" in info.value.hint


def test_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    _save(path, (4, 4), (0, 0, 0))
    with pytest.raises(DatasetError, match="is a file"):
        load_dataset("folder", data_dir=path)


def test_empty_folder_and_loose_images(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="at least two class subfolders; found 0"):
        load_dataset("folder", data_dir=tmp_path)
    _save(tmp_path / "a.png", (4, 4), (0, 0, 0))
    with pytest.raises(DatasetError, match="1 loose image"):
        load_dataset("folder", data_dir=tmp_path)


def test_a_single_class_is_not_enough(tmp_path: Path) -> None:
    _save(tmp_path / "only" / "a.png", (4, 4), (0, 0, 0))
    with pytest.raises(DatasetError, match="found 1 class folder"):
        load_dataset("folder", data_dir=tmp_path)


def test_a_class_folder_without_images(tmp_path: Path) -> None:
    _save(tmp_path / "a" / "1.png", (4, 4), (0, 0, 0))
    _save(tmp_path / "b" / "1.png", (4, 4), (0, 0, 0))
    (tmp_path / "empty").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "readme.md").write_text("hi")
    with pytest.raises(DatasetError, match="without images in .*: empty, text"):
        load_dataset("folder", data_dir=tmp_path)


def test_an_unreadable_image_is_named(tmp_path: Path) -> None:
    _save(tmp_path / "a" / "1.png", (4, 4), (0, 0, 0))
    broken = tmp_path / "b" / "broken.jpg"
    broken.parent.mkdir()
    broken.write_bytes(b"\xff\xd8 this is not really a jpeg")
    with pytest.raises(DatasetError, match="broken.jpg") as info:
        load_dataset("folder", data_dir=tmp_path)
    assert "Remove or replace" in info.value.hint
