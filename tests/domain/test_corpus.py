"""The reader on real council documents (tests/data/corpus) and `python -m bot parse --eval`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.cli_parse import main
from bot.corpus_eval import exact_line, same_list, score_folder
from bot.domain.motion import parse_motion
from bot.intake import read_document

CORPUS = Path(__file__).parents[1] / "data" / "corpus" / "motions"
# The share of real documents whose list of yrkanden must come out exactly right.
CORPUS_FLOOR = 0.95


def test_the_real_corpus_is_read_exactly_at_or_above_the_floor() -> None:
    results = score_folder(CORPUS)
    assert len(results) == 40
    misses = [result.name for result in results if not result.hit]
    assert sum(result.hit for result in results) / len(results) >= CORPUS_FLOOR, misses


def test_the_ten_shared_samples_are_all_read_exactly() -> None:
    samples = Path(__file__).parents[1] / "data" / "motions"
    expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    hits = 0
    for name, entry in expected.items():
        entry = expected[entry["same_as"]] if "same_as" in entry else entry
        draft = parse_motion(read_document(name, (samples / name).read_bytes()))
        golds = [entry["yrkanden"], *entry.get("also_acceptable", [])]
        hits += any(same_list(draft.yrkanden, gold) for gold in golds)
    assert (hits, len(expected)) == (10, 10)


def test_every_corpus_document_is_read_within_the_time_bound() -> None:
    # CPU seconds of this process: other processes' load must not count against the parser.
    for path in sorted(CORPUS.glob("*.txt")):
        started = time.process_time()
        parse_motion(path.read_text(encoding="utf-8"))
        assert time.process_time() - started < 1.0, path.name


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        (["att  A\ngörs."], ["att A görs."], True),
        (["en kom-munal plan"], ["en kommunal plan"], True),
        (["att A görs."], ["att A görs"], False),
        (["a", "b"], ["a"], False),
    ],
)
def test_lists_are_compared_as_the_corpus_readme_says(
    predicted: list[str], gold: list[str], same: bool
) -> None:
    assert same_list(predicted, gold) is same


def _label(folder: Path, name: str, text: str, yrkanden: list[str]) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(
        json.dumps({"id": name, "yrkanden": yrkanden, "shape": "test shape"}), encoding="utf-8"
    )


def test_eval_prints_each_miss_with_a_diff_and_a_last_exact_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _label(
        tmp_path,
        "001",
        "Rubrik\n\nVi yrkar\n\natt A görs,\n\natt B görs.",
        ["att A görs", "att B görs."],
    )
    _label(tmp_path, "002", "Rubrik\n\nVi yrkar\n\natt C görs.", ["att D görs."])
    assert main(["parse", "--eval", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "MISS 002: expected 1, got 1 (test shape)"
    assert out[1:3] == ["  - 1. att D görs.", "  + 1. att C görs."]
    assert out[-1] == "exact: 1/2 (50.0%)"
    assert not any("001" in line for line in out)


def test_eval_of_a_missing_folder_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--eval", str(tmp_path / "nej")]) == 1
    assert "nej" in capsys.readouterr().err


def test_exact_line_of_an_empty_folder() -> None:
    assert exact_line([]) == "exact: 0/0 (0.0%)"


def test_python_m_bot_parse_eval_scores_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.__main__ import main as bot_main

    assert bot_main(["parse", "--eval", str(CORPUS)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("exact: ") and last.endswith("%)")
