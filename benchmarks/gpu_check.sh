#!/usr/bin/env bash
# Everything resviz has to prove on a CUDA GPU, in one call of at most ~8 minutes:
#   1. the CUDA tests (trainer in fp32 / bf16 and fp16 autocast / channels_last, probes, two runs
#      at once on one card; the device-resident loader);
#   2. the trainer against a bare loop on the card, ResNet-20 and ResNet-56 at 32×32, batch 128,
#      fp32 and bf16 AMP (channels_last), default probes and probes every step;
#   3. the degradation demo's GPU setting (the four runs at once, as the queue trains them there):
#      its wall time and the four final training losses;
#   4. bench_concurrent: total throughput of 4 runs at once against one.
# Each step's output goes to $OUT/<step>.txt (OUT defaults to ./gpu_check_out) and to stdout.
#
#   bash benchmarks/gpu_check.sh            # on a machine with CUDA
#   DRY=1 bash benchmarks/gpu_check.sh      # anywhere: what needs CUDA is skipped and says so;
#                                           # the rest runs tiny on the CPU, to prove the script works
#                                           # (the time limits are the GPU's: a loaded CPU may hit them)
# The device machine has torch, numpy and pytest but not platformdirs (the run store imports it):
# before the call, here: python3 -m pip download --no-deps --only-binary=:all: platformdirs -d .whl
# (with .whl in .git/info/exclude), and name .whl in the call's carry; this script installs it.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu_check_out}
mkdir -p "$OUT"
PY=${PY:-python3}
export PYTHONUNBUFFERED=1 RESVIZ_LANG=en
if ls .whl/*.whl >/dev/null 2>&1 && ! $PY -c "import platformdirs" 2>/dev/null; then
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/resviz-site .whl/*.whl
    export PYTHONPATH=/tmp/resviz-site
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
export RESVIZ_STORE=$(mktemp -d)

CUDA=$($PY -c "import torch; print(int(torch.cuda.is_available()))" 2>/dev/null || echo 0)
if [ "${DRY:-0}" = 1 ] || [ "$CUDA" != 1 ]; then
    DRY=1
    echo "dry run: no CUDA here (or DRY=1); the steps that need a GPU are skipped and say so"
fi

step() {  # step NAME SECONDS COMMAND...: time-limited, output kept
    local name=$1 limit=$2
    shift 2
    echo "== $name (at most ${limit} s)" | tee "$OUT/$name.txt"
    local t0=$SECONDS
    timeout "$limit" "$@" 2>&1 | tee -a "$OUT/$name.txt"
    local rc=${PIPESTATUS[0]}
    echo "-- $name: exit $rc after $((SECONDS - t0)) s$([ "$rc" = 124 ] && echo ' (time limit)')" | tee -a "$OUT/$name.txt"
}

{
    date -u
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null || echo "no nvidia-smi"
    $PY -c "import torch, sys; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU')"
    $PY -c "import platformdirs" 2>/dev/null || echo "platformdirs is missing: the run store cannot load (see this script's header)"
    nproc
} 2>&1 | tee "$OUT/env.txt"

# 1. CUDA tests (they skip themselves without CUDA: the dry run shows them skipped).
step tests 120 $PY -m pytest -q -p no:cacheprovider -rs tests/test_train_cuda.py tests/test_path_split.py \
    "tests/test_data_loader.py::test_cuda_resident_and_streamed_agree_with_cpu"

# 2. The trainer against the bare loop on the card.
if [ "$DRY" = 1 ]; then
    echo "== trainer: skipped (needs CUDA); a tiny CPU round checks the benchmark itself" | tee "$OUT/trainer.txt"
    step trainer_dry 300 $PY benchmarks/bench_trainer.py --device cpu --quick --ratios-only --rounds 1 \
        --steps 10 --archs resnet20 --precisions fp32
else
    step trainer 220 $PY benchmarks/bench_trainer.py --device cuda --ratios-only --rounds 3 --steps 30
fi

# 3. The degradation demo's GPU setting, the four runs at once.
DEMO=$(cat <<'EOF'
import sys, threading, time, tempfile
import torch
from resviz.runs import open_store
from resviz.train.demo import demo_runs, measure
from resviz.train.session import load_data, train
dry = sys.argv[1] == "1"
device = "cpu" if dry else "cuda"
# Dry: the GPU setting's recipe on a slice of the data, 3 steps, only to prove the code path.
runs = demo_runs("cuda", steps=3, device=device, train_size=1024, max_val_images=64) if dry else demo_runs("cuda")
cfg = runs[0][2]
print(f"setting: {cfg.image_size}x{cfg.image_size}, batch {cfg.batch_size}, {cfg.steps} steps, {cfg.optimizer} lr {cfg.lr}, "
      f"schedule {cfg.schedule}, precision {cfg.precision}, on {device}" + (" (dry: 3 steps on the CPU)" if dry else ""))
data = load_data(cfg)
store_dir = tempfile.mkdtemp()
ids = {}
def one(name, spec, c):
    ids[name] = train(spec, c, store_dir=store_dir, name=name, data=data).run_id
t0 = time.perf_counter()
threads = [threading.Thread(target=one, args=r) for r in runs]
[t.start() for t in threads]; [t.join() for t in threads]
wall = time.perf_counter() - t0
store = open_store(store_dir)
for r in measure(store, [ids[name] for name, _, _ in runs]):
    print(f"{r.arch:9} {r.status:9} final training loss {r.final_loss:.3f}")
print(f"wall time, four runs at once: {wall:.0f} s")
EOF
)
step demo 200 $PY -c "$DEMO" "$DRY"

# 4. Several runs at once against one.
if [ "$DRY" = 1 ]; then
    step concurrent_dry 200 $PY benchmarks/bench_concurrent.py --device cpu --quick --runs 2 --rounds 1 --steps 4
else
    step concurrent 150 $PY benchmarks/bench_concurrent.py --runs 4 --rounds 2
fi
echo "results in $OUT"
