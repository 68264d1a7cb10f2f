"""Datasets: the built-in procedural one, the standard ones, image folders; batching on the device.

Importing this package imports neither torch nor torchvision: names load on first use, so the
app can list datasets without paying for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resviz.data.bundle import DataBundle, channel_stats, split_indices
    from resviz.data.loader import DeviceLoader, make_loaders, random_crop_flip
    from resviz.data.procedural import CLASS_NAMES, ProceduralSet, generate
    from resviz.data.registry import (
        DatasetInfo,
        dataset_info,
        default_data_dir,
        list_datasets,
        load_dataset,
    )

_EXPORTS = {
    "DataBundle": "bundle", "channel_stats": "bundle", "split_indices": "bundle",
    "DeviceLoader": "loader", "make_loaders": "loader", "random_crop_flip": "loader",
    "CLASS_NAMES": "procedural", "ProceduralSet": "procedural",
    "generate": "procedural",
    "DatasetInfo": "registry", "dataset_info": "registry", "default_data_dir": "registry",
    "list_datasets": "registry", "load_dataset": "registry",
}

__all__ = [
    "CLASS_NAMES", "DataBundle", "DatasetInfo", "DeviceLoader", "ProceduralSet",
    "channel_stats", "dataset_info", "default_data_dir", "generate", "list_datasets",
    "load_dataset", "make_loaders", "random_crop_flip", "split_indices",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'resviz.data' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"resviz.data.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
