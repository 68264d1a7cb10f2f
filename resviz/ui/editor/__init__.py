"""The block editor: build plain or residual nets from stem, stages, blocks and head.

``SpecDocument`` is the model (spec, undo stack, file, validity); ``SpecEditor`` the widget.
Nothing here imports torch, so the editor works while torch is still loading.
"""

from resviz.ui.editor.document import SpecDocument, default_autosave_dir
from resviz.ui.editor.widget import SpecEditor

__all__ = ["SpecDocument", "SpecEditor", "default_autosave_dir"]
