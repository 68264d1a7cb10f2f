"""DeviceLoader: batches, normalisation, augmentation on whole batches, determinism, coverage."""

from __future__ import annotations

import pytest
import torch

from resviz.data.bundle import channel_stats
from resviz.data.loader import DeviceLoader, fits_on_device, make_loaders, random_crop_flip

N, C, H, W = 300, 3, 12, 10  # not square, so a height/width mix-up shows


@pytest.fixture(scope="module")
def data() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (N, C, H, W), dtype=torch.uint8, generator=g)
    labels = torch.arange(N) % 7
    # Markers that let tests follow images through shuffling and augmentation: channel 0 is the
    # label (uniform, so any crop's centre still shows it); two pixels of channel 1 spell the index.
    images[:, 0] = (labels * 30).to(torch.uint8)[:, None, None]
    images[:, 1, 0, 0] = (torch.arange(N) // 256).to(torch.uint8)
    images[:, 1, 0, 1] = (torch.arange(N) % 256).to(torch.uint8)
    return images, labels


def _index(raw: torch.Tensor) -> torch.Tensor:
    return (raw[:, 1, 0, 0] * 256 + raw[:, 1, 0, 1]).long()


def _loader(data, **kw) -> DeviceLoader:
    images, labels = data
    mean, std = channel_stats(images)
    args = dict(batch_size=32, device="cpu", mean=mean, std=std, augment=False, seed=0)
    args.update(kw)
    return DeviceLoader(images, labels, **args)


def _raw(loader: DeviceLoader, x: torch.Tensor) -> torch.Tensor:
    """Undo normalisation: back to 0..255 pixel values."""
    return ((x - loader._shift) / loader._scale).round()


def test_batch_shapes_and_length(data) -> None:
    loader = _loader(data)
    batches = list(loader)
    assert len(loader) == N // 32 == len(batches)
    for x, y in batches:
        assert x.shape == (32, C, H, W) and x.dtype == torch.float32
        assert y.shape == (32,) and y.dtype == torch.int64
    keep_last = _loader(data, drop_last=False)
    assert len(keep_last) == -(-N // 32) and list(keep_last)[-1][0].shape[0] == N % 32


def test_normalised_batches_have_zero_mean_unit_std(data) -> None:
    loader = _loader(data, batch_size=N, drop_last=False)
    x, _ = next(iter(loader))
    per_channel = x.transpose(0, 1).flatten(1)
    assert torch.allclose(per_channel.mean(1), torch.zeros(C), atol=1e-3)
    assert torch.allclose(per_channel.std(1), torch.ones(C), atol=1e-2)


def test_every_sample_exactly_once_per_epoch(data) -> None:
    loader = _loader(data, drop_last=False, shuffle=True)
    seen = torch.cat([_index(_raw(loader, x)) for x, _ in loader])
    assert torch.equal(seen.sort().values, torch.arange(N))
    assert not torch.equal(seen, torch.arange(N))  # shuffled
    dropped = torch.cat([_index(_raw(loader, x)) for x, _ in _loader(data, drop_last=True)])
    assert dropped.unique().numel() == dropped.numel() == (N // 32) * 32


def test_eval_loader_is_in_order_and_unchanged(data) -> None:
    images, labels = data
    mean, std = channel_stats(images)
    loader = DeviceLoader.for_eval(images, labels, batch_size=64, device="cpu", mean=mean, std=std)
    xs, ys = zip(*loader, strict=True)
    assert torch.equal(torch.cat(ys), labels)
    assert torch.equal(_raw(loader, torch.cat(xs)), images.float())


def test_labels_stay_with_their_images_when_shuffled_and_augmented(data) -> None:
    loader = _loader(data, shuffle=True, augment=True)
    for x, y in loader:
        assert torch.equal(_raw(loader, x)[:, 0, H // 2, W // 2], (y * 30).float())


def test_same_seed_same_batches_other_seed_or_epoch_other_batches(data) -> None:
    def epoch(loader: DeviceLoader) -> list[tuple[torch.Tensor, torch.Tensor]]:
        return list(loader)

    a, b = epoch(_loader(data, augment=True, seed=3)), epoch(_loader(data, augment=True, seed=3))
    assert all(torch.equal(xa, xb) and torch.equal(ya, yb) for (xa, ya), (xb, yb) in zip(a, b, strict=True))
    c = epoch(_loader(data, augment=True, seed=4))
    assert not torch.equal(a[0][0], c[0][0])
    loader = _loader(data, augment=True, seed=3)
    first, second = epoch(loader), epoch(loader)
    assert loader.epoch == 2
    assert not torch.equal(first[0][0], second[0][0])
    loader.set_epoch(1)  # resuming at epoch 1 repeats it exactly
    assert all(torch.equal(x1, x2) for (x1, _), (x2, _) in zip(second, epoch(loader), strict=True))


def test_epoch_advances_when_iteration_starts(data) -> None:
    loader = _loader(data)
    it = iter(loader)
    assert loader.epoch == 1  # before the first batch is drawn
    next(it)


def test_augmentation_changes_images_as_crops_and_flips(data) -> None:
    images, labels = data
    plain = torch.cat([x for x, _ in _loader(data, drop_last=False, shuffle=False)])
    loader = _loader(data, drop_last=False, shuffle=False, augment=True)
    aug = torch.cat([x for x, _ in loader])
    assert aug.shape == plain.shape
    changed = (aug != plain).flatten(1).any(1).float().mean()
    assert changed > 0.9  # 1 in 162 (offsets 4,4 and no flip) stays put
    # Every augmented image is a window of the zero-padded, possibly mirrored original.
    padded = torch.nn.functional.pad(plain, (4, 4, 4, 4))
    for i in range(0, N, 23):
        found = False
        for img in (padded[i], padded[i].flip(-1)):
            windows = img.unfold(1, H, 1).unfold(2, W, 1)  # [C, 9, 9, H, W]
            match = (windows == aug[i][:, None, None]).flatten(3).all(3).all(0)
            found |= bool(match.any())
        assert found, f"sample {i} is not a crop of its padded original"


def test_random_crop_flip_exact() -> None:
    x = torch.arange(2 * 1 * 3 * 4, dtype=torch.float32).view(2, 1, 3, 4)
    offsets = torch.tensor([[1, 1], [0, 2]])  # no shift for sample 0; sample 1 moved up-left
    out = random_crop_flip(x, offsets, torch.tensor([False, True]), pad=1)
    assert torch.equal(out[0], x[0])
    expected = torch.nn.functional.pad(x[1], (1, 1, 1, 1))[:, 0:3, 2:6].flip(-1)
    assert torch.equal(out[1], expected)
    # Flips only when asked: with flip=False the loader never mirrors.
    assert torch.equal(random_crop_flip(x, torch.ones(2, 2, dtype=torch.long), torch.zeros(2, dtype=torch.bool), 1), x)


def test_no_flip_for_datasets_where_mirroring_changes_the_class(data) -> None:
    loader = _loader(data, augment=True, flip=False, pad=0, shuffle=False, drop_last=False)
    assert torch.equal(torch.cat([x for x, _ in loader]), torch.cat([x for x, _ in _loader(data, shuffle=False, drop_last=False)]))


def test_streaming_from_the_cpu_gives_the_same_batches(data) -> None:
    resident = _loader(data, augment=True, seed=5)
    streamed = _loader(data, augment=True, seed=5, max_device_bytes=0)
    assert resident.resident and not streamed.resident
    assert all(torch.equal(a, b) and torch.equal(ya, yb) for (a, ya), (b, yb) in zip(resident, streamed, strict=True))
    unshuffled = _loader(data, shuffle=False, max_device_bytes=0, drop_last=False)
    assert torch.equal(torch.cat([y for _, y in unshuffled]), data[1])


def test_channels_last(data) -> None:
    x, _ = next(iter(_loader(data, channels_last=True, augment=True)))
    assert x.is_contiguous(memory_format=torch.channels_last)


def test_fits_on_device() -> None:
    cpu = torch.device("cpu")
    assert fits_on_device(10**12, cpu)
    assert not fits_on_device(1000, cpu, max_device_bytes=999)
    assert fits_on_device(1000, torch.device("meta"), max_device_bytes=1000)


def test_rejects_bad_inputs(data) -> None:
    images, labels = data
    with pytest.raises(ValueError):
        DeviceLoader(images.float(), labels, batch_size=8, device="cpu", mean=(0.5,) * 3, std=(0.2,) * 3,
                     augment=False, seed=0)
    with pytest.raises(ValueError):
        DeviceLoader(images, labels[:-1], batch_size=8, device="cpu", mean=(0.5,) * 3, std=(0.2,) * 3,
                     augment=False, seed=0)
    with pytest.raises(ValueError):
        DeviceLoader(images, labels, batch_size=8, device="cpu", mean=(0.5,), std=(0.2,), augment=False, seed=0)


def test_make_loaders_from_a_bundle() -> None:
    from resviz.data.registry import load_dataset

    bundle = load_dataset("builtin", train_size=500, val_fraction=0.01, image_size=16)
    train, val = make_loaders(bundle, batch_size=100, device="cpu", seed=0)
    assert len(train) == 5 and train.augment and train.flip == bundle.hflip
    assert val.num_samples == bundle.num_val and not val.augment and not val.shuffle
    x, y = next(iter(val))
    assert x.shape == (100, 3, 16, 16) and torch.equal(y, bundle.val_labels[:100])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_resident_and_streamed_agree_with_cpu(data) -> None:
    cpu = list(_loader(data, augment=True, seed=9))
    for budget in (None, 0):  # resident, then pinned streaming
        gpu = list(_loader(data, augment=True, seed=9, device="cuda", max_device_bytes=budget, channels_last=True))
        assert all(torch.allclose(a, b.cpu()) and torch.equal(ya, yb.cpu()) for (a, ya), (b, yb) in zip(cpu, gpu, strict=True))
