"""Time and memory of each export format on a big meeting, each format in a fresh process.

Run as `python -m bench.bench_export` or `python bench/bench_export.py`.
Time is the first (cold) export in the process; memory is the process's max RSS and
the tracemalloc peak of one more export. The meeting: 40 items x 3 yrkanden, 60 members who all voted by name, 500 comments.
Targets: under 2 s and under 200 MB per format.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(ROOT))

from bench.fixtures import big_meeting_record  # noqa: E402
from bot.domain.models import ExportFormat  # noqa: E402

TIME_TARGET_S = 2.0
MEMORY_TARGET_MB = 200.0


def measure(fmt: ExportFormat) -> dict[str, float | int | str]:
    """Export the big record in `fmt` three times: cold, warm, then under tracemalloc."""
    from bot.export import export_files

    record = big_meeting_record()
    started = time.perf_counter()
    files = export_files(record, fmt)  # cold: lazy imports and font registration included
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    export_files(record, fmt)
    warm_seconds = time.perf_counter() - started
    # Linux reports ru_maxrss in KiB (macOS in bytes); read before tracemalloc adds its own.
    rss_unit = 1 if sys.platform == "darwin" else 1024
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * rss_unit
    tracemalloc.start()
    export_files(record, fmt)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "format": fmt.value,
        "seconds": cold_seconds,
        "warm_seconds": warm_seconds,
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "max_rss_mb": max_rss / 2**20,
        "bytes": sum(len(file.data) for file in files),
        "files": len(files),
    }


def run_all() -> list[dict[str, float | int | str]]:
    """Each format measured in its own subprocess so peaks do not add up."""
    results = []
    for fmt in ExportFormat:
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", fmt.value],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        results.append(json.loads(completed.stdout))
    return results


def print_table(results: list[dict[str, float | int | str]]) -> bool:
    """Print one row per format; targets are reported (met/MISSED), never a failure."""
    print(
        f"{'format':<6} {'cold s':>7} {'warm s':>7} {'tracemalloc MB':>15}"
        f" {'max RSS MB':>11} {'size KB':>8}  target"
    )
    for row in results:
        seconds = float(row["seconds"])
        rss = float(row["max_rss_mb"])
        ok = seconds < TIME_TARGET_S and rss < MEMORY_TARGET_MB
        print(
            f"{row['format']!s:<6} {seconds:>7.3f} {float(row['warm_seconds']):>7.3f}"
            f" {float(row['tracemalloc_peak_mb']):>15.1f} {rss:>11.1f}"
            f" {int(row['bytes']) / 1024:>8.0f}  {'met' if ok else 'MISSED'}"
        )
    print(f"targets: cold < {TIME_TARGET_S} s and max RSS < {MEMORY_TARGET_MB:.0f} MB per format")
    print("the targets are reported, not enforced (a slower machine is not a failure)")
    return True


def main(argv: list[str] | None = None) -> int:
    """Parent: run every format in a child and print the table. Child: measure one format."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=[fmt.value for fmt in ExportFormat])
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(ExportFormat(args.child))))
        return 0
    return 0 if print_table(run_all()) else 1


if __name__ == "__main__":
    sys.exit(main())
