"""`make bench`: run every bench in turn, each in its own process, and print its table.

    python -m bench                  # all of them
    python -m bench votes latency    # only these (names as in BENCHES)
    python -m bench scale --groups 500   # options after the names go to the benches

Each bench prints its own table (with the machine's core count) and says which targets are
met. Absolute timings are reported against their targets but never fail a run (a slower
machine is not a regression). A bench exits 1 only when a figure it checks exactly is wrong
(a tally mismatch, a count) or a ratio measured in the same run misses its target; this
runner prints a summary and exits 1 if any did.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BENCHES: dict[str, str] = {
    "votes": "bench.bench_votes",
    "latency": "bench.bench_latency",
    "close": "bench.bench_close",
    "reconcile": "bench.bench_reconcile",
    "memory": "bench.bench_memory",
    "export": "bench.bench_export",
    "export_db": "bench.bench_export_db",
    "agenda": "bench.bench_agenda",
    "scale": "bench.bench_scale",
    "burst": "bench.bench_burst",
}
TIMEOUT_S = 300  # each bench is meant to finish well under 2 minutes
# bench_scale with BENCH_SCALE_GROUPS=2500 (the country) takes ~16 min on 2 cores.
SCALE_S_PER_GROUP = 0.6


def timeout_for(module: str) -> float:
    """Seconds a bench may take: bench_scale's grow with BENCH_SCALE_GROUPS."""
    if module == BENCHES["scale"]:
        groups = int(os.environ.get("BENCH_SCALE_GROUPS", "0") or 0)
        return max(TIMEOUT_S, groups * SCALE_S_PER_GROUP)
    return TIMEOUT_S


def run_bench(module: str, args: list[str] | None = None) -> tuple[int, float]:
    """Run one bench module in a fresh interpreter, streaming its output; (exit code, seconds)."""
    started = time.perf_counter()
    timeout = timeout_for(module)
    env = os.environ | {"PYTHONWARNINGS": "ignore::DeprecationWarning"}
    try:
        completed = subprocess.run(
            [sys.executable, "-m", module, *(args or [])],
            cwd=ROOT,
            env=env,
            timeout=timeout,
            check=False,
        )
        code = completed.returncode
    except subprocess.TimeoutExpired:
        print(f"{module} did not finish within {timeout:.0f} s", flush=True)
        code = 124
    return code, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benches (all by default) and print a summary."""
    given = list(argv if argv is not None else sys.argv[1:])
    # Options after the names go to the benches: `python -m bench scale --groups 500`.
    first_option = next((i for i, arg in enumerate(given) if arg.startswith("-")), len(given))
    names, options = given[:first_option] or list(BENCHES), given[first_option:]
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        print(f"unknown bench {unknown}; choose from {list(BENCHES)}")
        return 2
    print(f"Yrka benches on {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    results = []
    for name in names:
        print(f"\n=== {name} ({BENCHES[name]}) ===", flush=True)
        results.append((name, *run_bench(BENCHES[name], options)))
    print("\n=== summary ===")
    print(f"{'bench':<10} {'seconds':>8}  result")
    for name, code, seconds in results:
        verdict = "ok" if code == 0 else f"exit {code}: see its table above"
        print(f"{name:<10} {seconds:>8.1f}  {verdict}")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
