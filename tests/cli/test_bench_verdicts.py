"""`make bench` fails only on correctness and same-run ratios, never on a slow machine."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bench import (
    bench_close,
    bench_export,
    bench_export_db,
    bench_latency,
    bench_reconcile,
    bench_scale,
    bench_votes,
)


def _close(ms: float, items: int) -> dict[str, Any]:
    timings = {"close_ms": ms, "items": items, "brief_open_ms": ms, "brief_closed_ms": ms}
    return {"events": 1, "seed_s": 0.1, "chair": timings, "scheduler": dict(timings)}


@pytest.mark.parametrize(
    ("ms", "items", "passes"),
    [(10.0, 40, True), (50_000.0, 40, True), (10.0, 39, False)],
)
def test_close_bench_fails_on_wrong_count_not_on_slow_time(
    ms: float, items: int, passes: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_close.print_table(_close(ms, items)) is passes
    assert ("MISSED" in capsys.readouterr().out) is (ms >= bench_close.TARGET_MS)


def test_export_benches_report_missed_targets_without_failing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    slow = {"format": "docx", "seconds": 99.0, "warm_seconds": 99.0, "tracemalloc_peak_mb": 1.0}
    assert bench_export.print_table([slow | {"max_rss_mb": 999.0, "bytes": 10}]) is True
    row = {"format": "docx", "build_s": 50.0, "render_s": 50.0, "max_rss_mb": 999.0}
    assert bench_export_db.print_table([row | {"bytes": 10, "votes": 5}], 1.0) is True
    assert capsys.readouterr().out.count("MISSED") == 2


def test_latency_bench_reports_a_slow_p99_without_failing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = {"first": [500.0] * 100, "answer": [900.0] * 100, "rest_per_call": 3, "total_s": 1}
    assert bench_latency.print_table(result) is True
    assert "MISSED" in capsys.readouterr().out


def _reconcile(reads: int, mismatches: int) -> dict[str, Any]:
    return {
        "messages": 150,
        "ready_s": 99.0,
        "reconciled_s": 999.0,
        "kinds": Counter({"GET reactions": 450}),
        "total": 450,
        "max_reads_per_emoji": reads,
        "mismatches": mismatches,
    }


@pytest.mark.parametrize(
    ("reads", "mismatches", "passes"), [(1, 0, True), (2, 0, False), (1, 3, False)]
)
def test_reconcile_bench_fails_on_counts_not_on_time(
    reads: int, mismatches: int, passes: bool
) -> None:
    assert bench_reconcile.print_table(_reconcile(reads, mismatches)) is passes


def _burst(rate: float, mismatches: int = 0, view_ok: bool = True) -> dict[str, Any]:
    return {
        "rate": rate,
        "events": 10_000,
        "send_s": 1.0,
        "commit_s": 1.0,
        "publish_s": 1.0,
        "service_rate": 1.0,
        "mismatches": mismatches,
        "yrkanden": 50,
        "view_ok": view_ok,
        "view_s": 26.5 if view_ok else None,
        "reaction_deletes": 0,
        "tally_edits": 0,
    }


@pytest.mark.parametrize(
    ("bot_rate", "ceiling_rate", "mismatches", "passes"),
    [
        (60.0, 100.0, 0, True),  # a slow machine: both slow, the ratio holds
        (6_000.0, 10_000.0, 0, True),
        (40.0, 100.0, 0, False),  # the same-run ratio missed
        (6_000.0, 10_000.0, 1, False),  # a wrong tally
    ],
)
def test_votes_bench_fails_on_ratio_or_tally_not_on_absolute_rate(
    bot_rate: float, ceiling_rate: float, mismatches: int, passes: bool
) -> None:
    verdict = bench_votes.print_table(_burst(bot_rate, mismatches), _burst(ceiling_rate))
    assert verdict is passes


def _scale(mismatches: int, unchanged_calls: int) -> dict[str, Any]:
    return {
        "groups": 2500,
        "seed_s": 300.0,
        "ready_s": 99.0,
        "reconciled_s": 999.0,
        "routes": Counter({"GET history": 12_500, "GET reaction-users": 1_800}),
        "limited": Counter(),
        "global_limited": 0,
        "max_global": 45,
        "rss_before": 200.0,
        "rss_after": 2000.0,
        "latencies": [5000.0] * 100,
        "probes": 100,
        "probes_while_reconciling": 100,
        "mismatches": mismatches,
        "reconcile_calls": 14_300,
        "unchanged_calls": unchanged_calls,
        "unchanged_motions": 12_000,
        "touched": 500,
        "limited_after": 0,
        "messages": 37_500,
        "changed": 250,
        "db_mb": 50.0,
        "cpu_s": 500.0,
        "reconcile_rate": 40,
        "load": (7.0, 6.0, 5.0),
    }


@pytest.mark.parametrize(
    ("mismatches", "unchanged_calls", "passes"),
    [(0, 12_000, True), (1, 12_000, False), (0, 15_000, False)],
)
def test_scale_bench_fails_on_a_wrong_record_or_cost_not_on_slow_times(
    mismatches: int, unchanged_calls: int, passes: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_scale.print_table(_scale(mismatches, unchanged_calls)) is passes
    out = capsys.readouterr().out
    assert "request floor: 14300 reads at start-up's 40/s" in out  # 357.5 s
    assert "357.5 s" in out and "load average at the end 7.0 / 6.0 / 5.0" in out
    assert "at 2500" in out  # measured, not extrapolated


def test_make_bench_runs_the_scale_bench_at_the_groups_the_environment_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench import __main__ as runner

    monkeypatch.delenv("BENCH_SCALE_GROUPS", raising=False)
    assert runner.timeout_for("bench.bench_scale") == runner.TIMEOUT_S
    monkeypatch.setenv("BENCH_SCALE_GROUPS", "2500")
    assert runner.timeout_for("bench.bench_scale") >= 2500 * 0.5  # the country: ~16 min
    assert runner.timeout_for("bench.bench_votes") == runner.TIMEOUT_S
    seen: list[int] = []

    async def fake_main(groups: int) -> bool:
        seen.append(groups)
        return True

    monkeypatch.setattr(bench_scale, "_main", fake_main)
    assert bench_scale.main([]) == 0
    assert bench_scale.main(["--groups", "7"]) == 0
    assert seen == [2500, 7]
