"""What a network is: specs, validation by shape inference, presets and the builder.

Importing this package does not import torch; ``build`` does.
"""

from resviz.arch.analysis import Analysis, LayerRow, analyze, validate
from resviz.arch.presets import (
    PRESETS,
    get_preset,
    make_plain,
    make_residual,
    scale_width,
    with_input,
)
from resviz.arch.spec import (
    ACTIVATIONS,
    BLOCK_KINDS,
    SHORTCUTS,
    BlockSpec,
    HeadSpec,
    InputSpec,
    NetworkSpec,
    StageSpec,
    StemSpec,
    from_dict,
    from_json,
    load_spec_file,
    save_spec_file,
    to_dict,
)

__all__ = [
    "ACTIVATIONS", "BLOCK_KINDS", "SHORTCUTS", "PRESETS", "Analysis", "LayerRow", "BlockSpec",
    "HeadSpec", "InputSpec", "NetworkSpec", "StageSpec", "StemSpec", "analyze", "validate",
    "from_dict", "from_json", "to_dict", "load_spec_file", "save_spec_file", "get_preset",
    "make_plain", "make_residual", "scale_width", "with_input",
]
