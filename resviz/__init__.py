"""resviz: see why residual connections work."""

__version__ = "0.1.0"
