"""Loading by name: the catalogue, the built-in set, arguments, splits, the bundle, import cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from resviz.data.bundle import DataBundle, channel_stats, split_indices
from resviz.data.procedural import CLASS_NAMES
from resviz.data.registry import dataset_info, default_data_dir, list_datasets, load_dataset
from resviz.errors import DatasetError


def test_catalogue() -> None:
    infos = list_datasets()
    assert [i.name for i in infos] == ["builtin", "cifar10", "cifar100", "mnist", "fashionmnist", "svhn", "folder"]
    assert [i.name for i in infos if i.needs_folder] == ["folder"]
    assert all(i.description and i.title for i in infos)
    assert not dataset_info("builtin").downloadable and dataset_info("cifar10").downloadable


@pytest.mark.parametrize("alias", ["CIFAR-10", "cifar_10", " Cifar10 "])
def test_names_are_forgiving(alias: str) -> None:
    assert dataset_info(alias).name == "cifar10"


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(DatasetError, match="unknown dataset 'imagenet'") as info:
        load_dataset("imagenet")
    assert "cifar10" in info.value.hint and "builtin" in info.value.hint


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [({"val_fraction": 1.0}, "val_fraction"), ({"val_fraction": -0.1}, "val_fraction"),
     ({"train_size": 0}, "train_size"), ({"image_size": 4}, "image_size")],
)
def test_bad_arguments_are_user_errors(kwargs: dict, text: str) -> None:
    with pytest.raises(DatasetError, match=text) as info:
        load_dataset("builtin", **kwargs)
    assert info.value.hint


def test_builtin_default_is_the_paper_split() -> None:
    b = load_dataset("builtin", image_size=16)
    assert (b.num_train, b.num_val) == (45_000, 5_000)
    assert b.train_images.shape[1:] == (3, 16, 16) and b.train_images.dtype == torch.uint8
    assert b.classes == list(CLASS_NAMES)
    assert b.val_boxes is not None and b.val_boxes.shape == (5_000, 4)
    assert (b.mean, b.std) == channel_stats(b.train_images)
    assert b.summary() == "builtin: 45,000 train / 5,000 val, 3x16x16, 10 classes"


def test_builtin_is_deterministic_and_val_does_not_depend_on_train_size() -> None:
    a = load_dataset("builtin", train_size=300, seed=4, image_size=16, val_fraction=0.01)
    b = load_dataset("builtin", train_size=600, seed=4, image_size=16, val_fraction=0.01)
    c = load_dataset("builtin", train_size=300, seed=5, image_size=16, val_fraction=0.01)
    assert a.num_train == 300 and a.num_val == 500 and a.height == 16
    assert torch.equal(a.val_images, b.val_images) and torch.equal(a.val_boxes, b.val_boxes)
    assert torch.equal(a.train_images, b.train_images[:300])  # a smaller set is a prefix
    assert not torch.equal(a.train_images, c.train_images)
    # Validation images are not copies of training images.
    assert not (a.val_images[:, None] == b.train_images[None, :50]).flatten(2).all(2).any()


def test_builtin_default_size_is_32() -> None:
    b = load_dataset("builtin", train_size=10, val_fraction=0.001)
    assert (b.height, b.width, b.channels, b.num_classes) == (32, 32, 3, 10)


def test_split_is_stratified_deterministic_and_disjoint() -> None:
    labels = torch.arange(1000) % 10
    train, val = split_indices(labels, 0.1, seed=0)
    again_train, again_val = split_indices(labels, 0.1, seed=0)
    assert torch.equal(train, again_train) and torch.equal(val, again_val)
    assert torch.equal(torch.cat([train, val]).sort().values, torch.arange(1000))
    assert torch.bincount(labels[val]).tolist() == [10] * 10
    _, other_val = split_indices(labels, 0.1, seed=1)
    assert not torch.equal(val, other_val)
    # Small classes still validate, and never lose all their training images.
    tiny = torch.tensor([0, 0, 1, 1, 1, 2])
    t, v = split_indices(tiny, 0.1, seed=0)
    assert sorted(tiny[v].tolist()) == [0, 1] and sorted(tiny[t].tolist()) == [0, 1, 1, 2]
    t, v = split_indices(tiny, 0.0, seed=0)
    assert v.numel() == 0 and t.numel() == 6


def test_channel_stats_matches_direct_computation() -> None:
    images = torch.randint(0, 256, (5000, 2, 4, 4), dtype=torch.uint8)
    mean, std = channel_stats(images)
    x = images.double() / 255
    assert torch.allclose(torch.tensor(mean, dtype=torch.float64), x.mean(dim=(0, 2, 3)), atol=1e-9)
    assert torch.allclose(torch.tensor(std, dtype=torch.float64), x.std(dim=(0, 2, 3), unbiased=False), atol=1e-6)
    _, blank_std = channel_stats(torch.zeros(3, 1, 2, 2, dtype=torch.uint8))
    assert blank_std[0] > 0  # normalising a blank channel must not divide by zero


def test_bundle_refuses_a_wrong_layout() -> None:
    imgs, labels = torch.zeros(4, 3, 8, 8, dtype=torch.uint8), torch.zeros(4, dtype=torch.int64)
    ok = dict(name="x", train_images=imgs, train_labels=labels, val_images=imgs, val_labels=labels,
              classes=["a", "b"], mean=(0.5,) * 3, std=(0.2,) * 3)
    DataBundle(**ok)
    for bad in ({"train_images": imgs.float()}, {"val_labels": labels[:3]}, {"mean": (0.5,)},
                {"val_images": torch.zeros(4, 3, 9, 9, dtype=torch.uint8)}, {"val_boxes": torch.zeros(3, 4)},
                ):
        with pytest.raises(ValueError):
            DataBundle(**{**ok, **bad})


def test_default_data_dir_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RESVIZ_DATA_DIR", str(tmp_path))
    assert default_data_dir() == tmp_path
    with pytest.raises(DatasetError, match=str(tmp_path)):
        load_dataset("cifar10")  # nothing there, and the message says where it looked
    monkeypatch.delenv("RESVIZ_DATA_DIR")
    assert default_data_dir().name == "datasets"


def test_importing_and_listing_stays_light() -> None:
    code = ("import sys, resviz.data as d; d.list_datasets(); d.dataset_info('mnist'); "
            "print('torch' in sys.modules, 'torchvision' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    code = "import sys, resviz.data as d; d.load_dataset('builtin', train_size=5, val_fraction=0.001, image_size=8); print('torchvision' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]
