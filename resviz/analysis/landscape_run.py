"""The loss landscape of a stored run, on a fixed subset of its training images."""

from __future__ import annotations

import json
from pathlib import Path

from resviz.analysis.landscape import Landscape, Progress, surface
from resviz.analysis.run_model import load_trained, normalised
from resviz.data import DataBundle
from resviz.errors import StoreError
from resviz.i18n import _
from resviz.train.session import load_data


def landscape_for_run(run_id: int, *, store_dir: str | Path | None = None, grid: int = 11, images: int = 500,
                      span: float = 1.0, seed: int = 0, data: DataBundle | None = None,
                      progress: Progress | None = None) -> Landscape:
    """The first ``images`` training images (unaugmented), the same for every run of a dataset."""
    run = load_trained(run_id, store_dir)
    data = data if data is not None else load_data(run.config)
    n = min(images, len(data.train_labels))
    x = normalised(data.train_images[:n], data)
    result = surface(run.model, x, data.train_labels[:n].long(), grid=grid, span=span, seed=seed, progress=progress)
    folder = run.store_dir / "runs" / str(run_id)
    if folder.is_dir():  # kept with the run, as lesion.json is
        try:
            (folder / "landscape.json").write_text(json.dumps(result.to_dict()), encoding="utf-8")
        except OSError as exc:
            raise StoreError(_("cannot write {path}: {reason}").format(path=folder, reason=exc.strerror or exc),
                             _("check that you may write to the store folder")) from None
    return result


def save_landscape(result: Landscape, title: str, stem: Path) -> list[Path]:
    """Contour plot as PNG and SVG, and the numbers as CSV."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from resviz.analysis.lesion_figure import _fonts

    with matplotlib.rc_context({"font.family": _fonts()}):
        fig = Figure(figsize=(6, 5), layout="constrained", facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        c = np.array(result.coords)
        # Log levels: the loss spans decades across the plane, and the valley is what matters.
        z = np.log10(np.maximum(np.array(result.loss), 1e-6))
        filled = ax.contourf(c, c, z, levels=20, cmap="viridis")
        ax.contour(c, c, z, levels=20, colors="white", linewidths=0.4)
        fig.colorbar(filled, ax=ax, label=_("training loss (log10)"))
        ax.plot([0], [0], marker="*", color="#d62728", markersize=10)
        ax.set_xlabel(_("direction 1 (filter-normalised)"))
        ax.set_ylabel(_("direction 2 (filter-normalised)"))
        ax.set_title(title)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg"), stem.with_suffix(".csv")]
    fig.savefig(paths[0], dpi=150)
    fig.savefig(paths[1])
    paths[2].write_text(result.csv(), encoding="utf-8")
    return paths
