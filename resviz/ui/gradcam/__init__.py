"""Grad-CAM view: validation images with their class-activation maps (类激活图)."""

from resviz.ui.gradcam.panel import GradCamPanel

__all__ = ["GradCamPanel"]
