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
