"""`python -m bot parse`: readable output, JSON output and the same error sentence as the bot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli_parse import main

DATA = Path(__file__).parents[1] / "data" / "motions"


def test_prints_kind_title_signatories_and_numbered_yrkanden_in_swedish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(DATA / "02-skolbibliotek.txt")]) == 0
    out = capsys.readouterr().out
    assert "Typ: motion" in out
    assert "Rubrik: Bemannade skolbibliotek på alla grundskolor" in out
    assert "Undertecknare: Anna Lindqvist (V), Jonas Berg (V)" in out
    assert "Språk: svenska" in out
    assert "Yrkanden (3):" in out
    assert "  3. att frågan om finansiering hanteras i budgetberedningen inför 2028." in out


def test_lang_en_switches_the_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(DATA / "06-interpellation.txt"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Kind: interpellation or question" in out
    assert "Questions (2):" in out


@pytest.mark.parametrize(
    "name", ["05-forslag-till-beslut.pdf", "02-skolbibliotek.docx", "08-english.txt"]
)
def test_json_has_a_top_level_list_of_yrkanden(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(DATA / name), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert isinstance(parsed["yrkanden"], list)
    assert all(isinstance(y, str) for y in parsed["yrkanden"])
    assert len(parsed["yrkanden"]) >= 2
    assert set(parsed) >= {"kind", "title", "signatories", "language", "questions", "body"}


@pytest.mark.parametrize(
    ("filename", "data", "sentence"),
    [
        ("motion.exe", b"MZ", "Den filtypen kan Yrka inte läsa"),
        ("motion.txt", b"", "Dokumentet är tomt"),
        ("motion.pdf", b"%PDF-1.4 broken", "går inte att öppna"),
    ],
)
def test_unreadable_file_prints_the_bots_sentence_and_returns_1(
    tmp_path: Path, filename: str, data: bytes, sentence: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    assert main([str(path)]) == 1
    captured = capsys.readouterr()
    assert sentence in captured.err
    assert captured.out == ""


def test_missing_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "finns-inte.pdf"), "--lang", "en"]) == 1
    assert "Found no file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [[], ["a.txt", "b.txt"], ["a.txt", "--bogus"], ["a.txt", "--lang", "de"]]
)
def test_wrong_usage_prints_usage_and_returns_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "python -m bot parse" in capsys.readouterr().err


def test_json_adds_yrkanden_detail_confidence_and_cue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "yrkande.txt"
    path.write_text(
        "Yrkande\n\nOm bussar\n\nVi yrkar\n\natt motionen avslås,\n\natt ärendet återremitteras.",
        encoding="utf-8",
    )
    assert main([str(path), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["yrkanden"] == ["att motionen avslås", "att ärendet återremitteras."]
    assert parsed["yrkanden_detail"] == [
        {"text": "att motionen avslås", "kind": "avslag"},
        {"text": "att ärendet återremitteras.", "kind": "aterremiss"},
    ]
    assert (parsed["confidence"], parsed["cue"], parsed["genre"]) == ("high", "Vi yrkar", "yrkande")
