"""The training loop and what listens to it: probes, Grad-CAM, checkpoints, the run recorder."""
