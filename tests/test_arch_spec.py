"""Specs: JSON round trip, validation messages, and fuzzing that only SpecError escapes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resviz.arch.analysis import analyze, validate
from resviz.arch.presets import cifar_net, get_preset
from resviz.arch.spec import (
    ACTIVATIONS,
    BLOCK_KINDS,
    SHORTCUTS,
    SPEC_VERSION,
    BlockSpec,
    NetworkSpec,
    StageSpec,
    from_dict,
    from_json,
    load_spec_file,
    save_spec_file,
    to_dict,
)
from resviz.errors import SpecError


def test_json_round_trip_keeps_every_field(tmp_path) -> None:
    spec = get_preset("preact_resnet164")
    spec.stages[1].blocks[3].shortcut = "exclusive_gating"
    spec.stages[1].blocks[3].gate_bias = -2.5
    spec.stages[2].blocks[0].padding = 1
    path = tmp_path / "net.json"
    save_spec_file(spec, path)
    again = load_spec_file(path)
    assert to_dict(again) == to_dict(spec)
    assert json.loads(path.read_text())["version"] == 1  # no custom branch: readable by version-1 resviz


def _one_block(**block: Any) -> dict[str, Any]:
    return {"stages": [{"blocks": [{"channels": 16, **block}]}]}


def test_identity_shortcut_across_a_shape_change_names_block_shapes_and_fix() -> None:
    spec = cifar_net(3)
    spec.stages[1].blocks[0].shortcut = "identity"
    with pytest.raises(SpecError) as err:
        analyze(spec)
    e = err.value
    assert e.where == "stage 2, block 1"
    assert "32×16×16" in e.message and "16×32×32" in e.message
    assert "option A" in e.hint and "B" in e.hint


def test_identity_with_stride_only_suggests_stride_1() -> None:
    spec = cifar_net(3)
    spec.stages[0].blocks[1].stride = 2
    spec.stages[0].blocks[1].shortcut = "identity"
    with pytest.raises(SpecError) as err:
        analyze(spec)
    assert "stride 1" in err.value.hint


def test_kernel_that_shrinks_the_branch_is_caught() -> None:
    spec = cifar_net(3)
    spec.stages[0].blocks[1].kernel = 5
    spec.stages[0].blocks[1].padding = 1
    with pytest.raises(SpecError) as err:
        analyze(spec)
    assert err.value.where == "stage 1, block 2"
    assert "16×28×28" in err.value.message and "16×32×32" in err.value.message
    assert "padding" in err.value.hint


def test_shrinking_kernel_is_fine_in_a_plain_block() -> None:
    spec = cifar_net(3, residual=False)
    spec.stages[0].blocks[1].kernel = 5
    spec.stages[0].blocks[1].padding = 1
    assert analyze(spec).blocks[1].out_shape == (16, 28, 28)


def test_option_a_cannot_drop_channels() -> None:
    spec = cifar_net(3)
    spec.stages[2].blocks[0].channels = 8
    with pytest.raises(SpecError, match="option A can only add channels") as err:
        analyze(spec)
    assert "option B" in err.value.hint


def test_plain_block_with_shortcut_is_refused() -> None:
    with pytest.raises(SpecError, match="plain block has no shortcut"):
        validate(_one_block(kind="plain", shortcut="B"))


def test_feature_map_that_vanishes_is_refused() -> None:
    spec = cifar_net(3, residual=False, image_size=4)  # stage 3 sees a 1×1 map
    spec.stages[2].blocks[1].padding = 0
    with pytest.raises(SpecError, match="leaves no feature map") as err:
        analyze(spec)
    assert err.value.where == "stage 3, block 2"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ([], "JSON object"),
        ({"version": SPEC_VERSION + 1}, "newer resviz"),
        ({"format": "something.else"}, "not a resviz network spec"),
        ({"stages": "x"}, "'stages' must be a list"),
        (_one_block(kind="triple"), "unknown block kind"),
        (_one_block(shortcut="D"), "unknown shortcut"),
        (_one_block(activation="late"), "unknown activation"),
        (_one_block(channels="16"), "whole number"),
        (_one_block(channels=-3), "between 1 and"),
        (_one_block(stride=0), "stride must be between"),
        (_one_block(batch_norm=1), "true or false"),
        (_one_block(colour="red"), "unknown field 'colour'"),
        ({"stages": []}, "no blocks"),
        ({"stages": [{"blocks": []}]}, "no blocks"),
        ({"input": {"classes": 1}, **_one_block()}, "at least 2 classes"),
        (_one_block(scale=float("nan")), "finite"),
        ({"stages": [{"blocks": [{}] * 2001}]}, "more than resviz can build"),
    ],
)
def test_malformed_specs_are_refused_with_a_message(data: Any, text: str) -> None:
    with pytest.raises(SpecError, match=text):
        validate(data)


def test_not_json_is_refused() -> None:
    with pytest.raises(SpecError, match="not valid JSON"):
        from_json("{ nope")


def test_missing_file_and_folder(tmp_path) -> None:
    with pytest.raises(SpecError, match="no such file"):
        load_spec_file(tmp_path / "missing.json")
    with pytest.raises(SpecError, match="folder"):
        load_spec_file(tmp_path)


def test_hand_built_spec_with_wrong_types_raises_spec_error() -> None:
    spec = NetworkSpec(stages=[StageSpec(blocks=[BlockSpec(channels="wide")])])  # type: ignore[arg-type]
    with pytest.raises(SpecError):
        analyze(spec)


# --- fuzzing ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
FIELDS = ["kind", "channels", "stride", "kernel", "padding", "shortcut", "activation", "batch_norm",
          "expansion", "scale", "scale_branch", "gate_bias", "dropout"]
block_values = {
    "kind": st.sampled_from(BLOCK_KINDS) | json_values,
    "shortcut": st.sampled_from(SHORTCUTS) | json_values,
    "activation": st.sampled_from(ACTIVATIONS) | json_values,
    "channels": st.integers(-4, 10**7) | json_values,
    "stride": st.integers(-1, 9),
    "kernel": st.integers(-1, 17),
    "padding": st.none() | st.integers(-1, 9),
    "batch_norm": st.booleans() | json_values,
    "expansion": st.integers(0, 20),
    "scale": st.floats(allow_nan=True, allow_infinity=True),
    "gate_bias": st.floats(-100, 100),
    "dropout": st.floats(-1, 2),
}
blocks = st.fixed_dictionaries({}, optional=block_values) | json_values
specs = st.fixed_dictionaries(
    {},
    optional={
        "version": st.integers(-2, 3) | json_values,
        "name": st.text(max_size=5) | json_values,
        "input": st.fixed_dictionaries({}, optional={k: st.integers(-2, 5000) | json_values for k in ("channels", "height", "width", "classes")}) | json_values,
        "stem": st.fixed_dictionaries({}, optional={"channels": st.integers(-1, 99), "kernel": st.integers(-1, 20), "stride": st.integers(-1, 9), "maxpool": st.booleans()}) | json_values,
        "stages": st.lists(st.fixed_dictionaries({"blocks": st.lists(blocks, max_size=6)}) | json_values, max_size=4) | json_values,
        "head": st.fixed_dictionaries({}, optional={"final_bn_relu": st.booleans(), "dropout": st.floats()}) | json_values,
        "extra": json_values,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs)
def test_validation_raises_only_spec_error(data: dict[str, Any]) -> None:
    try:
        a = analyze(data)
    except SpecError as exc:
        assert str(exc)  # a message for the user, never empty
        return
    assert a.params > 0 and a.depth >= 3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=50).map(lambda b: b.decode("latin-1")))
def test_parsing_arbitrary_text_raises_only_spec_error(text: str) -> None:
    try:
        from_json(text)
    except SpecError:
        pass


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, 3))))
def test_absurd_depth_is_refused_or_counted(args: tuple[int, int]) -> None:
    n, stages = args
    data = {"stages": [{"blocks": [{"channels": 16}] * (n * 400)}] * stages}
    try:
        a = analyze(data)
    except SpecError as exc:
        assert "more than resviz can build" in str(exc)
        return
    assert len(a.blocks) == n * 400 * stages


def test_spec_dict_round_trip_preserves_analysis() -> None:
    spec = get_preset("resnet110")
    assert analyze(from_dict(to_dict(spec))) == analyze(spec)


def test_a_fix_in_several_steps_names_each_block_and_reads_as_one_plan() -> None:
    """A bottleneck in stage 2 leaves its next block (option A) and stage 3's first (identity)
    unable to add their shortcuts: the fix printed "use shortcut option B; use shortcut option B"."""
    from resviz.arch.fixes import apply_fix

    spec = get_preset("resnet20")
    spec.stages[1].blocks[0].kind = "bottleneck"
    spec.stages[1].blocks[0].shortcut = "C"
    spec.stages[2].blocks[0].shortcut = "identity"
    with pytest.raises(SpecError) as err:
        analyze(spec)
    hint = err.value.hint
    assert ", and then in stage 3, block 1, " in hint and hint.count("option B") == 2
    assert err.value.fix is not None and analyze(apply_fix(spec, err.value.fix)).params > 0
