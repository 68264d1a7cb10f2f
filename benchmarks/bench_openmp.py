"""How OpenMP's waiting threads change a training step of the quick setting's networks.

    python benchmarks/bench_openmp.py [--steps 40] [--repeats 3]

Each policy runs in a fresh process (OpenMP reads the environment once, when torch loads): a
bare Adam loop over plain-56 and ResNet-20 at half width, 24×24, batch 32 (the quick setting),
two threads unless named. The table gives the median milliseconds a step and the ratio against
``OMP_WAIT_POLICY=PASSIVE`` (what resviz set before), measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from resviz.openmp import SPIN_COUNT

STEP = """
import sys, time, torch, torch.nn.functional as F
from resviz.arch.builder import build
from resviz.arch.presets import get_preset, scale_width, with_input
from resviz.train.config import QUICK_WIDTH, quick_config
q = quick_config()
steps = int(sys.argv[2])
spec = with_input(scale_width(get_preset(sys.argv[1]), QUICK_WIDTH), 3, q.image_size, q.image_size, 10)
torch.manual_seed(0)
model = build(spec)
opt = torch.optim.Adam(model.parameters(), q.lr)
x, y = torch.randn(q.batch_size, 3, q.image_size, q.image_size), torch.randint(0, 10, (q.batch_size,))

def step():
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()

for _ in range(5):
    step()
t = time.perf_counter()
for _ in range(steps):
    step()
print((time.perf_counter() - t) / steps * 1000)
"""

POLICIES = {
    "PASSIVE (before)": {"OMP_WAIT_POLICY": "PASSIVE"},
    f"GOMP_SPINCOUNT={SPIN_COUNT} (resviz)": {"GOMP_SPINCOUNT": SPIN_COUNT},
    "GNU default (300,000 spins)": {},
    "one thread, PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": "1"},
}
NETS = ("plain56", "resnet20")


def step_ms(arch: str, steps: int, extra: dict[str, str]) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", STEP, arch, str(steps)], env=env | extra,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    # Interleaved, so a change in the machine's load hits every policy alike.
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.repeats):
        for arch in NETS:
            for name, extra in POLICIES.items():
                times.setdefault((name, arch), []).append(step_ms(arch, args.steps, extra))
    print(f"{'policy':<32}" + "".join(f"{arch + ' ms/step':>18}{'×':>7}" for arch in NETS))
    reference = next(iter(POLICIES))
    for name in POLICIES:
        row = f"{name:<32}"
        for arch in NETS:
            ms = statistics.median(times[(name, arch)])
            ref = statistics.median(times[(reference, arch)])
            spread = max(times[(name, arch)]) - min(times[(name, arch)])
            row += f"{ms:>11.1f} ±{spread / 2:<5.1f}{ref / ms:>6.2f}×"
        print(row)
    print(f"(median of {args.repeats}, ± half the range; × = speed against {reference}; {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
