"""How OpenMP's idle threads wait, set before torch loads (it reads the environment once).

resviz trains small networks: a step of a half-width CIFAR net is hundreds of tiny parallel
regions, a few microseconds each. Threads that go to sleep the moment a region ends
(``OMP_WAIT_POLICY=PASSIVE``) pay a futex wake-up on every one of them: plain-56 at 24×24,
batch 32, two threads took 84 ms a step that way against 35 ms with GNU OpenMP's default
spinning, slower than one thread (54 ms). Spinning a short while (``GOMP_SPINCOUNT``) keeps the
default's speed (35-37 ms at 3,000 spins; 300 spins: 72 ms) while threads that are really idle,
as when a run is paused or the window is only being looked at, sleep within microseconds rather
than the default's 300,000 spins. ``benchmarks/bench_openmp.py`` measures it.
"""

from __future__ import annotations

import os

SPIN_COUNT = "10000"


def configure_openmp() -> None:
    """Short spinning for GNU OpenMP's threads, unless the user chose a wait policy or count."""
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)
