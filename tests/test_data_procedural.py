"""The built-in procedural dataset: determinism, layout, truthful boxes, balance, difficulty."""

from __future__ import annotations

import itertools

import pytest
import torch

from resviz.data.procedural import CHUNK, CLASS_NAMES, NUM_CLASSES, generate


@pytest.fixture(scope="module")
def sample():
    return generate(3000, seed=7, image_size=32, with_masks=True)


def test_shapes_and_dtypes(sample) -> None:
    assert sample.images.shape == (3000, 3, 32, 32) and sample.images.dtype == torch.uint8
    assert sample.labels.shape == (3000,) and sample.labels.dtype == torch.int64
    assert sample.boxes.shape == (3000, 4) and sample.boxes.dtype == torch.int64
    assert sample.masks is not None and sample.masks.shape == (3000, 32, 32)
    assert len(sample) == 3000
    assert int(sample.labels.min()) == 0 and int(sample.labels.max()) == NUM_CLASSES - 1


def test_class_names_in_both_languages() -> None:
    from resviz import i18n

    assert len(CLASS_NAMES) == NUM_CLASSES == 10 and len(set(CLASS_NAMES)) == 10
    i18n.set_language(i18n.CHINESE)
    try:
        chinese = [i18n._(name) for name in CLASS_NAMES]
    finally:
        i18n.set_language(i18n.ENGLISH)
    assert len(set(chinese)) == 10 and chinese[0] == "圆盘"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in chinese)


def test_same_seed_same_images_other_seed_other_images() -> None:
    a, b, c = generate(300, seed=1), generate(300, seed=1), generate(300, seed=2)
    assert torch.equal(a.images, b.images) and torch.equal(a.labels, b.labels) and torch.equal(a.boxes, b.boxes)
    assert (a.images != c.images).float().mean() > 0.5
    assert not torch.equal(a.labels, c.labels)


def test_streams_are_independent_and_prefixes_are_stable() -> None:
    train, val = generate(200, seed=3, stream=0), generate(200, seed=3, stream=1)
    assert (train.images != val.images).float().mean() > 0.5
    # Image i depends on (seed, stream, i) only: a shorter set is a prefix, across a chunk border too.
    longer = generate(CHUNK + 50, seed=3)
    assert torch.equal(longer.images[:200], train.images)
    assert torch.equal(generate(CHUNK + 10, seed=3).images, longer.images[: CHUNK + 10])


def test_pixel_values_use_the_range(sample) -> None:
    assert int(sample.images.min()) < 20 and int(sample.images.max()) > 235
    # Not blank: every image has structure.
    assert bool((sample.images.float().flatten(1).std(dim=1) > 5).all())


def test_boxes_are_inside_the_image_and_tight_around_the_object(sample) -> None:
    x0, y0, x1, y1 = sample.boxes.unbind(1)
    assert bool(((0 <= x0) & (x0 < x1) & (x1 <= 32) & (0 <= y0) & (y0 < y1) & (y1 <= 32)).all())
    covered = sample.masks >= 128  # at least half covered, as the boxes are defined
    for i in range(0, 3000, 37):
        ys, xs = torch.nonzero(covered[i], as_tuple=True)
        assert (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1) == tuple(sample.boxes[i].tolist())
    # And objects are big enough to matter: at least 3 pixels on each side.
    assert bool(((x1 - x0 >= 3) & (y1 - y0 >= 3)).all())


def test_the_object_is_what_differs_from_its_surroundings(sample) -> None:
    """Where the mask says the object is, the pixels differ clearly from the background around it."""
    images, masks, boxes = sample.images.float(), sample.masks, sample.boxes
    clear = 0
    for i in range(0, 3000, 11):
        inside = masks[i] == 255
        x0, y0, x1, y1 = boxes[i].tolist()
        ring = torch.zeros_like(inside)
        ring[max(0, y0 - 3) : y1 + 3, max(0, x0 - 3) : x1 + 3] = True
        ring &= masks[i] == 0
        if inside.sum() == 0 or ring.sum() == 0:
            continue
        colour_in = images[i][:, inside].mean(dim=1)
        colour_out = images[i][:, ring].median(dim=1).values
        clear += int((colour_in - colour_out).abs().max() > 25)
    assert clear / len(range(0, 3000, 11)) > 0.9


def test_classes_present_and_balanced(sample) -> None:
    counts = torch.bincount(sample.labels, minlength=NUM_CLASSES)
    # Each full chunk holds every class exactly CHUNK / 10 times.
    assert torch.equal(torch.bincount(sample.labels[:CHUNK]), torch.full((10,), CHUNK // 10))
    assert int(counts.min()) > 0.8 * 300 and int(counts.max()) < 1.2 * 300


def test_colour_alone_does_not_tell_the_class(sample) -> None:
    """A nearest-centroid classifier on colour histograms stays near chance (10%)."""
    feats = []
    for ch in range(3):
        hist = (sample.images[:, ch].flatten(1).long() // 32)  # 8 bins per channel
        feats.append(torch.nn.functional.one_hot(hist, 8).float().mean(dim=1))
    x = torch.cat(feats, dim=1)
    train, test = slice(0, 2000), slice(2000, 3000)
    centroids = torch.stack([x[train][sample.labels[train] == c].mean(0) for c in range(10)])
    pred = torch.cdist(x[test], centroids).argmin(1)
    accuracy = (pred == sample.labels[test]).float().mean().item()
    assert accuracy < 0.25


def test_smaller_images_show_the_same_scene() -> None:
    big, small = generate(50, seed=5, image_size=32), generate(50, seed=5, image_size=16)
    assert small.images.shape == (50, 3, 16, 16)
    assert torch.equal(big.labels, small.labels)
    # Boxes scale with the image (to within a pixel of rounding at each edge).
    assert (big.boxes.float() / 2 - small.boxes.float()).abs().max() <= 1.5


def test_fifty_thousand_images() -> None:
    full = generate(50_000, seed=0, image_size=16)
    assert full.images.shape == (50_000, 3, 16, 16)
    assert torch.bincount(full.labels).tolist() == [5000] * 10


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate(-1)
    with pytest.raises(ValueError):
        generate(10, image_size=4)
    empty = generate(0)
    assert empty.images.shape == (0, 3, 32, 32) and empty.boxes.shape == (0, 4)


class _Block(torch.nn.Module):
    """A basic residual block (He et al. 2015), projection shortcut when the shape changes."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        nn = torch.nn
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
        )
        same = stride == 1 and cin == cout
        self.shortcut = nn.Identity() if same else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                                                 nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.body(x) + self.shortcut(x))


@pytest.mark.slow
def test_a_small_residual_net_learns_it_well_above_chance() -> None:
    """Learnable, but not trivially: 300 steps of a small ResNet reach far above the 10% of guessing."""
    from resviz.data.bundle import channel_stats
    from resviz.data.loader import DeviceLoader

    torch.manual_seed(0)
    steps = 300
    train, val = generate(20_000, seed=0, image_size=16), generate(1000, seed=0, image_size=16, stream=1)
    mean, std = channel_stats(train.images)
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        _Block(16, 16, 1), _Block(16, 32, 2), _Block(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
    )
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=steps)
    loader = DeviceLoader(train.images, train.labels, batch_size=128, device="cpu", mean=mean, std=std,
                          augment=True, seed=0)
    batches = (batch for _ in range(3) for batch in loader)
    for x, y in itertools.islice(batches, steps):
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    net.eval()
    x, y = next(iter(DeviceLoader.for_eval(val.images, val.labels, batch_size=1000, device="cpu", mean=mean, std=std)))
    with torch.no_grad():
        accuracy = (net(x).argmax(1) == y).float().mean().item()
    assert 0.45 < accuracy < 0.95  # a trivial set would be solved by now
