"""The whole story, as `make demo` plays it: setup, meeting, motion, votes, deadline, exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.demo import play

pytestmark = pytest.mark.e2e


async def test_the_whole_story_ends_in_minutes_that_open(tmp_path: Path) -> None:
    transcript = await play(tmp_path, echo=False)
    text = "\n".join(transcript.lines)
    assert "Publicerat som ärende 1" in text
    assert "✅ 6 bifall · ❌ 1 avslag · ➖ 1 avstår · 0 har inte röstat" in text
    assert "Gruppens linje: **bifall**" in text

    stem = "protokoll-2026-12-08-regionfullmaktige"
    docx = Document(io.BytesIO((tmp_path / f"{stem}.docx").read_bytes()))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert any("Medlemskap i Klimatkommunerna" in h for h in headings)

    pdf_text = "".join(page.extract_text() for page in PdfReader(tmp_path / f"{stem}.pdf").pages)
    assert "Medlemskap i Klimatkommunerna" in pdf_text and "6 bifall" in pdf_text

    record = json.loads((tmp_path / f"{stem}.json").read_text(encoding="utf-8"))
    voters = [m["name"] for m in record["members"] if m["voting"]]
    assert len(voters) == 8 and "Anna" in voters
    [item] = record["items"]
    [yrkande] = item["yrkanden"]
    assert yrkande["counts"] == {"bifall": 6, "avslag": 1, "avstar": 1, "not_voted": 0}
    assert yrkande["position"] == "bifall"
    assert len(item["comments"]) == 2
    assert (tmp_path / f"{stem}-votes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
