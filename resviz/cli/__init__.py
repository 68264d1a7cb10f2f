"""The headless commands, built on the same engine as the app."""
