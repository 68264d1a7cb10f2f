"""How OpenMP's idle threads wait, set before torch loads (it reads the environment once).

resviz trains small networks: a step of a half-width CIFAR net is hundreds of tiny parallel
regions, a few microseconds each. Threads that go to sleep the moment a region ends
(``OMP_WAIT_POLICY=PASSIVE``) pay a futex wake-up on every one of them: a step of plain-56 at
24×24, batch 32, on two threads took 84.6 ms that way against 35.6 ms spinning, slower than one
thread (53.0 ms; ``benchmarks/bench_openmp.py``, README). Spinning 10,000 rounds is as fast as
GNU OpenMP's default of 300,000, and threads that are really idle (a paused run, a window that
is only looked at) go to sleep after a spin 30 times shorter than the default's.
"""

from __future__ import annotations

import os

SPIN_COUNT = "10000"


def configure_openmp() -> None:
    """Short spinning for GNU OpenMP's threads, unless the user chose a wait policy or count."""
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)
