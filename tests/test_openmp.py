"""OpenMP's waiting threads: resviz asks for short spinning before torch loads, unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from resviz.openmp import SPIN_COUNT, configure_openmp


def test_short_spinning_unless_the_user_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    configure_openmp()
    assert os.environ["GOMP_SPINCOUNT"] == SPIN_COUNT
    monkeypatch.setenv("GOMP_SPINCOUNT", "5")  # the user's count stays
    configure_openmp()
    assert os.environ["GOMP_SPINCOUNT"] == "5"
    monkeypatch.delenv("GOMP_SPINCOUNT")
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")  # a chosen policy is not overridden by a count
    configure_openmp()
    assert "GOMP_SPINCOUNT" not in os.environ


def test_the_command_sets_it_before_torch_loads() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    code = ("import sys, os, resviz.__main__; "
            "print('torch' in sys.modules, os.environ.get('GOMP_SPINCOUNT'))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", SPIN_COUNT]
