"""Render the README's screenshots from real runs: python assets/make_screenshots.py

Trains plain-20, plain-56, ResNet-20 and ResNet-56 in the quick classroom setting into a
temporary store (a few minutes on a laptop CPU), then photographs the main screens at
1480×900 into assets/screenshots/.

``python assets/make_screenshots.py --languages`` instead trains plain-20 and ResNet-20 for a
short while and photographs the window in Chinese and in English at 1366×768 (window_zh_CN.png,
window_en.png, explorer_zh_CN.png); Chinese needs a CJK font (fonts-noto-cjk).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from resviz.openmp import configure_openmp  # noqa: E402

configure_openmp()  # as `resviz` does, before torch loads

OUT = Path(__file__).resolve().parent / "screenshots"
NETS = ("plain20", "plain56", "resnet20", "resnet56")


def train_runs(store: str) -> dict[str, int]:
    from resviz.arch.presets import get_preset, scale_width
    from resviz.train.config import quick_config
    from resviz.train.session import load_data, train

    cfg = quick_config(gradcam_each_epoch=True)
    data = load_data(cfg)
    ids = {}
    for name in NETS:
        t0 = time.perf_counter()
        out = train(scale_width(get_preset(name), 0.5), cfg, store_dir=store, name=f"{name} · quick", data=data,
                    tags=["screenshots"])
        ids[name] = out.run_id
        print(f"trained {name}: {out.end.status}, loss {out.end.final_train_loss:.3f} ({time.perf_counter() - t0:.0f} s)")
    return ids


def settle(app, seconds: float = 0.5) -> None:  # noqa: ANN001
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    store = tempfile.mkdtemp(prefix="resviz-shots-")
    ids = train_runs(store)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    from resviz.arch.presets import get_preset
    from resviz.train.device import available_devices
    from resviz.ui.main_window import MainWindow

    settings = QSettings(os.path.join(store, "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=store, settings=settings, autosave_dir=None)
    w.resize(1480, 900)
    w.show()
    w.set_engine_ready(available_devices())

    def shot(name: str) -> None:
        settle(app)
        w.grab().save(str(OUT / f"{name}.png"))
        print(f"wrote {OUT / name}.png")

    def show_run(name: str) -> None:
        from resviz.arch.spec import from_dict
        from resviz.runs import open_store

        with open_store(store) as st:
            spec = from_dict(st.get_run(ids[name]).spec)
        w.editor.document.set_spec(spec, f"Load {name}")
        w.open_run(ids[name])

    show_run("resnet56")
    w.tabs.setCurrentWidget(w.curves)
    shot("curves_resnet56")
    show_run("plain56")
    w.tabs.setCurrentWidget(w.gradients)
    shot("gradients_plain56")
    show_run("resnet56")
    w.tabs.setCurrentWidget(w.shortcuts)
    shot("shortcut_share_resnet56")
    w.tabs.setCurrentWidget(w.gradcam)
    shot("gradcam_resnet56")
    w.tabs.setCurrentWidget(w.explorer)
    w.explorer.refresh()
    w.explorer.select_runs(list(ids.values()))
    shot("compare_degradation")
    spec = get_preset("resnet20")
    w.editor.document.set_spec(spec, "Load ResNet-20")
    w.editor.document.set_block_field(1, 0, "shortcut", "identity")
    w.editor.select_module("layer2.0")
    w.tabs.setCurrentWidget(w.curves)
    shot("editor_invalid_block")
    w.editor.document.undo_stack.setClean()
    w.close()


def language_shots(steps: int = 300) -> None:
    """The same window in both languages, switched at run time as a user would."""
    import dataclasses

    OUT.mkdir(parents=True, exist_ok=True)
    store = tempfile.mkdtemp(prefix="resviz-lang-")
    from resviz.arch.presets import get_preset, scale_width
    from resviz.train.config import quick_config
    from resviz.train.session import load_data, train

    cfg = dataclasses.replace(quick_config(gradcam_each_epoch=True), steps=steps)
    data = load_data(cfg)
    ids = {}
    for name in ("plain20", "resnet20"):
        out = train(scale_width(get_preset(name), 0.5), cfg, store_dir=store, name=f"{name} · quick", data=data)
        ids[name] = out.run_id
        print(f"trained {name}: {out.end.status}, loss {out.end.final_train_loss:.3f}")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    from resviz.arch.spec import from_dict
    from resviz.runs import open_store
    from resviz.train.device import available_devices
    from resviz.ui.language import apply_language
    from resviz.ui.main_window import MainWindow

    settings = QSettings(os.path.join(store, "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store_dir=store, settings=settings, autosave_dir=None)
    w.resize(1366, 768)
    w.show()
    w.set_engine_ready(available_devices())
    with open_store(store) as st:
        spec = from_dict(st.get_run(ids["resnet20"]).spec)
    w.editor.document.set_spec(spec, "Load resnet20")
    w.open_run(ids["resnet20"])
    for lang in ("en", "zh_CN"):
        apply_language(lang, app)
        w.open_run(ids["resnet20"])  # the status line too, in the new language
        w.tabs.setCurrentWidget(w.curves)
        settle(app)
        w.grab().save(str(OUT / f"window_{lang}.png"))
        print(f"wrote window_{lang}.png")
    apply_language("zh_CN", app)
    w.tabs.setCurrentWidget(w.explorer)
    w.explorer.refresh()
    w.explorer.select_runs(list(ids.values()))
    settle(app)
    w.grab().save(str(OUT / "explorer_zh_CN.png"))
    print("wrote explorer_zh_CN.png")
    w.editor.document.undo_stack.setClean()
    w.close()


if __name__ == "__main__":
    if "--languages" in sys.argv[1:]:
        language_shots()
    else:
        main()
