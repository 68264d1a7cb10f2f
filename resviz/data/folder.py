"""The user's own images: one subfolder per class, every image cropped to a square and resized."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from resviz.data.standard import RawSet
from resviz.errors import DatasetError
from resviz.i18n import N_, _

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})
_LAYOUT_HINT = N_("Make one subfolder per class holding its images, e.g. {root}/cat/001.jpg and {root}/dog/001.jpg.")


def _is_visible(path: Path) -> bool:
    return not path.name.startswith(".")


def _images_in(folder: Path) -> list[Path]:
    """Image files anywhere below ``folder``, in a stable order; other and hidden files are ignored."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_image_folder(root: Path, image_size: int) -> RawSet:
    """Reads ``root/<class>/**/<image>`` into RGB uint8 [N, 3, image_size, image_size]."""
    hint = _(_LAYOUT_HINT).format(root=root)
    if not root.exists():
        raise DatasetError(_("image folder {root} does not exist").format(root=root), hint)
    if not root.is_dir():
        raise DatasetError(_("{root} is a file, not a folder of class subfolders").format(root=root), hint)
    class_dirs = sorted(d for d in root.iterdir() if d.is_dir() and _is_visible(d))
    files = {d.name: _images_in(d) for d in class_dirs}
    empty = [name for name, paths in files.items() if not paths]
    if empty:
        raise DatasetError(
            _("class folder(s) without images in {root}: {names}").format(root=root, names=', '.join(empty)),
            _("Add images ({names}) to them or remove them.").format(names=', '.join(sorted(IMAGE_SUFFIXES))),
        )
    if len(files) < 2:
        loose = [p for p in root.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES]
        found = (_("found {folders} class folder(s) and {images} loose image(s)") if loose else
                 _("found {folders} class folder(s)")).format(folders=len(files), images=len(loose))
        raise DatasetError(_("{root} needs at least two class subfolders; {found}").format(root=root, found=found), hint)

    from PIL import Image, ImageOps

    resample = Image.Resampling.BILINEAR
    arrays: list[np.ndarray] = []
    labels: list[int] = []
    for label, paths in enumerate(files.values()):
        for path in paths:
            try:
                with Image.open(path) as img:
                    # JPEG decoders can shrink while decoding, which is much faster for photos.
                    img.draft("RGB", (image_size * 2, image_size * 2))
                    # Crop to the centred square first so shapes are not squashed, then resize.
                    fitted = ImageOps.fit(img.convert("RGB"), (image_size, image_size), resample)
                    arrays.append(np.asarray(fitted, dtype=np.uint8))
            except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
                raise DatasetError(
                    _("cannot read image {path}: {exc}").format(path=path, exc=exc),
                    _("Remove or replace the file; it is damaged or not an image."),
                ) from exc
            labels.append(label)
    images = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()
    return RawSet(images, torch.tensor(labels, dtype=torch.int64), list(files), str(root))
