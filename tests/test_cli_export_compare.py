"""`resviz runs export A B …` and `resviz compare --runs A B …`: what a researcher gets out of
the store to compare runs, and the summary columns that tell block variants apart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from resviz.arch.presets import cifar_net
from resviz.arch.spec import to_dict
from resviz.cli.main import run_cli
from resviz.runs import RunStore, open_store
from resviz.train.session import run_summary
from tests.fixtures.synthetic_runs import add_synthetic_run

# The summary's columns before activation and width were added: readers rely on this order.
EARLIER_HEADERS = ["Name", "Final train loss", "Final train error (%)", "Best val acc (%)", "Run", "Architecture",
                   "Depth", "Type", "Block", "Shortcut", "Params", "Dataset", "Status", "Steps", "Time (s)",
                   "Precision"]
ADDED_HEADERS = ["Activation", "Width", "Stage widths", "Seed"]


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    s = open_store(tmp_path / "store")
    yield s
    s.close()


def _variant(store: RunStore, name: str, *, width: int, activations: tuple[str, str, str], seed: int,
             summary_activation: bool = True) -> int:
    """A ResNet-20 variant: stage widths width/2w/4w, one activation placement per stage."""
    spec = cifar_net(3, width=width)
    for stage, activation in zip(spec.stages, activations, strict=True):
        for block in stage.blocks:
            block.activation = activation  # type: ignore[assignment]
    summary = run_summary(spec)
    if not summary_activation:  # a run stored before the summary recorded it: read from the spec
        del summary["activation"]
    run_id = store.create_run(name, spec=to_dict(spec), config={"seed": seed, "steps": 10}, dataset="builtin",
                              summary=summary)
    store.insert_metric_rows(run_id, [(key, step, value, 1000.0 + step) for step in range(1, 11)
                                      for key, value in (("train/loss", 2.0 - step / 10),
                                                         ("train/acc", 0.8 if step == 10 else 0.5))])
    store.set_status(run_id, "finished")
    return run_id


def _export(store: RunStore, *args: str) -> int:
    return run_cli(["runs", "--store", str(store.dir), "export", *args])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_several_runs_export_a_folder_each_and_a_summary_that_tells_variants_apart(
        store: RunStore, tmp_path: Path) -> None:
    a = _variant(store, "resnet20 original", width=16, activations=("original",) * 3, seed=0)
    b = _variant(store, "resnet20 preact wide", width=32, activations=("full_preact",) * 3, seed=3)
    c = _variant(store, "old mixed", width=8, activations=("original", "relu_preact", "original"), seed=1,
                 summary_activation=False)
    out = tmp_path / "out"
    assert _export(store, str(a), str(b), str(c), "--csv", str(out)) == 0
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == [f"run-{a}-resnet20-original", f"run-{b}-resnet20-preact-wide", f"run-{c}-old-mixed"]
    for folder in folders:
        assert _rows(out / folder / "metrics.csv")[0]["train/loss"]
    with (out / "summary.csv").open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == EARLIER_HEADERS + ADDED_HEADERS  # new columns appended, the old ones where they were
    rows = {row["Run"]: row for row in _rows(out / "summary.csv")}
    assert [rows[str(i)]["Name"] for i in (a, b, c)] == ["resnet20 original", "resnet20 preact wide", "old mixed"]
    picked = {k: [rows[str(i)][k] for i in (a, b, c)] for k in ADDED_HEADERS + ["Block", "Depth"]}
    assert picked == {"Activation": ["original", "full_preact", "original/relu_preact"],
                      "Width": ["16", "32", "8"], "Stage widths": ["16 32 64", "32 64 128", "8 16 32"],
                      "Seed": ["0", "3", "1"], "Block": ["basic"] * 3, "Depth": ["20"] * 3}
    assert rows[str(a)]["Final train error (%)"] == "20.00"  # from the stored train/acc, as the app shows it


def test_one_run_exports_as_before_and_several_default_to_one_folder(
        store: RunStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _variant(store, "a", width=16, activations=("original",) * 3, seed=0)
    b = _variant(store, "b", width=16, activations=("original",) * 3, seed=1)
    monkeypatch.chdir(tmp_path)
    assert _export(store, str(a), "--csv", "one") == 0
    assert (tmp_path / "one" / "metrics.csv").exists() and not (tmp_path / "one" / "summary.csv").exists()
    assert _export(store, str(a)) == 0
    assert (tmp_path / f"run-{a}" / "run.json").exists()
    assert _export(store, str(a), str(b), str(a)) == 0  # an id given twice is exported once
    folder = tmp_path / f"runs-{a}-{b}"
    assert len(_rows(folder / "summary.csv")) == 2
    assert (folder / f"run-{b}-b" / "grad_norms.csv").exists()


def test_several_runs_as_json_one_file_each_that_imports(store: RunStore, tmp_path: Path) -> None:
    a = _variant(store, "a", width=16, activations=("original",) * 3, seed=0)
    b = _variant(store, "b", width=8, activations=("full_preact",) * 3, seed=1)
    assert _export(store, str(a), str(b), "--json", str(tmp_path / "js")) == 0
    files = sorted((tmp_path / "js").iterdir())
    assert [f.name for f in files] == [f"run-{a}-a.json", f"run-{b}-b.json"]
    assert json.loads(files[1].read_text(encoding="utf-8"))["run"]["name"] == "b"
    with open_store(tmp_path / "other") as other:
        assert run_cli(["runs", "--store", str(other.dir), "import", str(files[1])]) == 0
        assert other.get_run(1).name == "b"


def test_an_unknown_id_is_named_and_nothing_is_exported(
        store: RunStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _variant(store, "a", width=16, activations=("original",) * 3, seed=0)
    out = tmp_path / "out"
    assert _export(store, str(a), "98", "99", "--csv", str(out)) == 2
    err = capsys.readouterr().err
    assert "No runs #98, #99 in this store" in err and "nothing was exported" in err
    assert not out.exists()
    assert _export(store, "98", str(a), "--json", str(out)) == 2
    assert "No run #98 in this store" in capsys.readouterr().err and not out.exists()


def test_compare_stored_runs_draws_the_figure_with_their_names(
        store: RunStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [add_synthetic_run(store, preset, steps=200, steps_per_epoch=20, gradcam=False, name=name)
           for preset, name in (("plain20", "baseline plain"), ("resnet20", "variant residual"))]
    svg = tmp_path / "fig.svg"
    assert run_cli(["compare", "--store", str(store.dir), "--runs", *map(str, ids), "--figure", str(svg)]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(("baseline plain", "variant residual"))]
    assert len(lines) == 2 and all("finished" in line for line in lines)
    text = svg.read_text(encoding="utf-8")  # fonts are kept as text: the key's labels can be read
    assert "baseline plain" in text and "variant residual" in text and "stroke-dasharray" in text
    png = tmp_path / "fig.png"
    assert run_cli(["compare", "--store", str(store.dir), "--runs", *map(str, ids), "--figure", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--runs", "1", "77"], "No run #77 in this store"),
    (["plain20", "--runs", "1"], "not both"),
    ([], "name the networks to train, or stored runs with --runs"),
    (["--runs", "1", "--figure", "fig.jpg"], "cannot write a figure as"),
])
def test_compare_says_what_is_wrong_and_draws_nothing(
        store: RunStore, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    _variant(store, "a", width=16, activations=("original",) * 3, seed=0)
    figure = [] if "--figure" in args else ["--figure", str(tmp_path / "fig.png")]
    assert run_cli(["compare", "--store", str(store.dir), *args, *figure]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("fig.*"))


def test_a_folder_that_is_a_file_is_refused_with_a_message_not_a_traceback(
        store: RunStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [str(_variant(store, name, width=16, activations=("original",) * 3, seed=0)) for name in ("a", "b")]
    afile = tmp_path / "afile"
    afile.write_text("")
    for args in (["--csv", str(afile)], ["--json", str(afile)]):
        assert _export(store, *ids, *args) == 2
        assert "Cannot write" in capsys.readouterr().err
    assert run_cli(["compare", "--store", str(store.dir), "--runs", *ids, "--figure", str(afile / "fig.png")]) == 2
    err = capsys.readouterr().err
    assert "cannot write a figure in" in err and "a file of that name is in the way" in err  # not "File exists"
    from resviz import i18n

    i18n.set_language("zh_CN")
    try:
        assert run_cli(["compare", "--store", str(store.dir), "--runs", *ids, "--figure", str(afile / "fig.png")]) == 2
    finally:
        i18n.set_language("en")
    assert "已有同名文件" in capsys.readouterr().err  # the system's own words are English


def test_a_queued_run_compares_with_empty_cells_not_nan(
        store: RunStore, capsys: pytest.CaptureFixture[str]) -> None:
    done = _variant(store, "done", width=16, activations=("original",) * 3, seed=0)
    queued = store.create_run("waiting", spec=to_dict(cifar_net(3)), config={"seed": 0})
    assert run_cli(["compare", "--store", str(store.dir), "--runs", str(done), str(queued)]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out and "waiting" in out and "1.0000" in out  # the finished run's last-tenth loss


def test_weights_go_with_a_json_export(store: RunStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _variant(store, "a", width=16, activations=("original",) * 3, seed=0)
    assert _export(store, str(a), "--weights", "--csv", str(tmp_path / "out")) == 2
    assert "--weights adds the trained weights to a JSON export" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    # A run without a checkpoint is refused, not exported without them under the flag that promised them.
    assert _export(store, str(a), "--json", str(tmp_path / "a.json"), "--weights") == 2
    assert "run #1 has no trained weights to export" in capsys.readouterr().err
    assert not (tmp_path / "a.json").exists()
