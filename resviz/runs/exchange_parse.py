"""Reading a run's JSON export: every field checked, with what is wrong said in words. Only
JSON is read here; the weights files inside are checked by ``exchange_files``."""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

from resviz.i18n import _
from resviz.runs.exchange_files import InvalidFiles, parse_checkpoint, parse_files
from resviz.runs.series_tables import decode_npz
from resviz.runs.types import STATUSES

EXPORT_FORMAT = "resviz.run"
EXPORT_VERSION = 1
_NONFINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class Invalid(Exception):
    """What is wrong with an imported file, in words."""


def _need(container: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in container:
        raise Invalid(_("{where} has no {key!r}").format(where=where, key=key))
    value = container[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise Invalid(_("{where}.{key} has the wrong type ({type})").format(where=where, key=key, type=type(value).__name__))
    return value


def _unstrict(value: Any) -> Any:
    """Undo _strict: "NaN", "Infinity", "-Infinity" back to floats, recursively."""
    if isinstance(value, list):
        return [_unstrict(item) for item in value]
    if isinstance(value, dict):
        return {key: _unstrict(item) for key, item in value.items()}
    if isinstance(value, str):
        return _NONFINITE.get(value, value)
    return value


def _is_number(value: Any, integer: bool) -> bool:
    if isinstance(value, bool):
        return False
    if integer:
        return isinstance(value, int)
    return value is None or isinstance(value, (int, float))  # None: a NaN another tool wrote


def _numbers(value: Any, where: str, dtype: type = np.float64, ndim: int = 1) -> np.ndarray:
    """A list (of lists, for ndim 2) of numbers as an array; anything else is Invalid."""
    if not isinstance(value, list):
        raise Invalid(_("{where} is not a list").format(where=where))
    if dtype is np.float64:
        value = _unstrict(value)
    flat = [v for row in value for v in row] if ndim == 2 and all(
        isinstance(row, list) for row in value) else value
    # Check before numpy, which would also take "1.5", True, or 2.5 as a step.
    integer = dtype is not np.float64
    if not all(_is_number(v, integer) for v in flat):
        raise Invalid((_("{where} holds something that is not an integer") if integer else _("{where} holds something that is not a number")).format(where=where))
    try:
        array: np.ndarray = np.array(value, dtype=dtype)  # null reads as NaN
    except (ValueError, TypeError, OverflowError):
        raise Invalid(_("{where} is not a list of numbers of equal-length rows").format(where=where)) from None
    if array.ndim != ndim:
        raise Invalid((_("{where} is not a table of numbers") if ndim == 2 else _("{where} is not a list of numbers")).format(where=where))
    return array


def _parse_metrics(data: Any) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    if not isinstance(data, dict):
        raise Invalid(_("metrics is not an object"))
    out = {}
    for key, series in data.items():
        if not isinstance(series, dict):
            raise Invalid(_("metrics[{key!r}] is not an object").format(key=key))
        where = f"metrics[{key!r}]"
        steps = _numbers(_need(series, "steps", list, where), f"{where}.steps", np.int64)
        values = _numbers(_need(series, "values", list, where), f"{where}.values")
        walls = _numbers(_need(series, "wall_times", list, where), f"{where}.wall_times")
        if not len(steps) == len(values) == len(walls):
            raise Invalid(_("{where}: steps, values and wall_times differ in length").format(where=where))
        out[key] = (steps, values, walls)
    return out


def _parse_vectors(data: Any) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    if not isinstance(data, dict):
        raise Invalid(_("vectors is not an object"))
    out = {}
    for kind, series in data.items():
        where = f"vectors[{kind!r}]"
        if not isinstance(series, dict):
            raise Invalid(_("{where} is not an object").format(where=where))
        steps = _numbers(_need(series, "steps", list, where), f"{where}.steps", np.int64)
        rows = _need(series, "values", list, where)
        matrix = _numbers(rows, f"{where}.values", ndim=2) if rows else np.empty((0, 0))
        if len(matrix) != len(steps):
            raise Invalid(_("{where}: steps and values differ in length").format(where=where))
        out[kind] = (steps, matrix)
    return out


def parse_export(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise Invalid(_("it is not marked as format {EXPORT_FORMAT!r}").format(EXPORT_FORMAT=EXPORT_FORMAT))
    version = _need(data, "version", int, "the file")
    if version > EXPORT_VERSION:
        raise Invalid(_("it is format version {version}, newer than this resviz reads ({EXPORT_VERSION}); upgrade resviz").format(version=version, EXPORT_VERSION=EXPORT_VERSION))
    run = _need(data, "run", dict, "the file")
    fields: dict[str, Any] = {
        "name": _need(run, "name", str, "run"),
        "status": _need(run, "status", str, "run"),
        "status_message": run.get("status_message", ""),
        "created_at": float(_need(run, "created_at", (int, float), "run")),
        "spec": _unstrict(_need(run, "spec", dict, "run")),
        "config": _unstrict(_need(run, "config", dict, "run")),
        "dataset": run.get("dataset", ""),
        "device": run.get("device", ""),
        "summary": _unstrict(_need(run, "summary", dict, "run")),
        "tags": _need(run, "tags", list, "run"),
        "notes": run.get("notes", ""),
    }
    for key in ("started_at", "ended_at"):
        value = run.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise Invalid(_("run.{key} is not a time").format(key=key))
        fields[key] = value
    if fields["status"] not in STATUSES:
        raise Invalid(_("run.status {status!r} is not one of {names}").format(status=fields['status'], names=', '.join(STATUSES)))
    for key in ("status_message", "dataset", "device", "notes"):
        if not isinstance(fields[key], str):
            raise Invalid(_("run.{key} is not text").format(key=key))
    if not all(isinstance(tag, str) for tag in fields["tags"]):
        raise Invalid(_("run.tags is not a list of text"))
    names = data.get("layer_names", {})
    if not isinstance(names, dict) or not all(
        isinstance(v, list) and all(isinstance(n, str) for n in v) for v in names.values()
    ):
        raise Invalid(_("layer_names is not an object of lists of text"))
    gradcam = []
    for number, snap in enumerate(data.get("gradcam", [])):
        where = f"gradcam[{number}]"
        if not isinstance(snap, dict):
            raise Invalid(_("{where} is not an object").format(where=where))
        try:
            arrays = decode_npz(base64.b64decode(_need(snap, "npz_base64", str, where),
                                                 validate=True))
        except (ValueError, OSError) as exc:  # binascii.Error is a ValueError
            raise Invalid(_("{where} arrays cannot be read ({exc})").format(where=where, exc=exc)) from None
        gradcam.append({
            "step": _need(snap, "step", int, where), "epoch": _need(snap, "epoch", int, where),
            "layer": _need(snap, "layer", str, where),
            "class_mode": _need(snap, "class_mode", str, where),
            "created_at": float(_need(snap, "created_at", (int, float), where)),
            "arrays": arrays,
        })
    try:
        analyses, weights = parse_files(data)
        checkpoint = parse_checkpoint(data)
    except InvalidFiles as exc:
        raise Invalid(str(exc)) from None
    return {"run": fields, "metrics": _parse_metrics(data.get("metrics", {})),
            "vectors": _parse_vectors(data.get("vectors", {})), "layer_names": names,
            "gradcam": gradcam, "analyses": _unstrict(analyses), "initial_weights": weights,
            "checkpoint": checkpoint}
