"""Full-length test kallelser in the shapes councils send out, with the answer beside them.

The shared agendas (tests/data/agendas/) are excerpts of about 2,000 characters. A real
kallelse is 30–80 pages: a numbered list of 15–60 ärenden and then one section per ärende
with its diarienummer, the board's "Förslag till beslut" and a description. `build`
writes such a kallelse from a pool of ärenden (deterministic for a seed) and returns
what a careful reader finds in it; `to_pdf` sets it as a PDF with reportlab, with running
headers, page footers and justified text that wraps inside titles and clauses.

Shapes:
- "list": the list of ärenden first ("12. Titel"), then "12. Titel" sections, each with
  "Dnr …", "Kommunstyrelsens förslag till beslut" and "Kommunfullmäktige beslutar att" + dashes,
  "1. att …" clauses, a one-line "Kommunfullmäktige beslutar att …", or a prose
  "Kommunstyrelsen föreslår kommunfullmäktige besluta att …, samt att …".
- "arende": no list; "Ärende 12" on a line of its own with the title below, then the
  section as in "list".
- "tyreso": "12 Titel" without a dot, "Dnr …", "Kommunfullmäktiges förslag till beslut" with
  clauses numbered "1 …" without a dot, then "Beskrivning av ärendet" (no separate list).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from typing import Any

FORMAL = [
    "Upprop",
    "Val av justerare och tid för justering",
    "Godkännande av kungörelse",
]

# (title, kind, clauses, shape) — shape says how the proposal is printed.
DECISIONS: list[tuple[str, str, list[str]]] = [
    (
        "Årsredovisning 2025 för Exempelby kommun",
        "arende",
        [
            "godkänna årsredovisningen för 2025 för Exempelby kommun",
            "överföra resultatet till eget kapital",
        ],
    ),
    (
        "Budget 2027 och ekonomisk plan 2028–2029",
        "arende",
        [
            "fastställa budget för 2027 och ekonomisk plan för 2028–2029 enligt kommunstyrelsens förslag",
            "fastställa skattesatsen för 2027 till 21,99 kronor per skattekrona",
            "ge kommunstyrelsen rätt att under 2027 nyupplåna, det vill säga öka kommunens skulder, med högst 150 miljoner kronor",
            "uppdra åt nämnderna att senast den 31 mars 2027 redovisa hur de ska klara sina ramar",
        ],
    ),
    ("Detaljplan för kvarteret Lärkan 3", "arende", ["anta detaljplanen för kvarteret Lärkan 3"]),
    (
        "Taxa för avfallshantering 2027",
        "arende",
        [
            "fastställa taxa för avfallshantering enligt bilaga 1",
            "taxan ska gälla från och med den 1 januari 2027",
        ],
    ),
    ("Reglemente för socialnämnden", "arende", ["anta reglemente för socialnämnden enligt bilaga"]),
    (
        "Revidering av arbetsordning för kommunfullmäktige",
        "arende",
        [
            "anta reviderad arbetsordning för kommunfullmäktige",
            "arbetsordningen gäller från och med den 1 februari 2027",
        ],
    ),
    (
        "Försäljning av fastigheten Ekbacken 1:12",
        "arende",
        ["sälja fastigheten Ekbacken 1:12 till Exempelby Bostäder AB för 12,5 miljoner kronor"],
    ),
    (
        "Kommunal borgen för Exempelby Bostäder AB",
        "arende",
        [
            "såsom för egen skuld ingå borgen för Exempelby Bostäder AB:s låneförpliktelser upp till ett totalt högsta lånebelopp om 400 miljoner kronor",
            "ta ut en borgensavgift om 0,35 procent av utnyttjat belopp",
        ],
    ),
    (
        "Ny förbundsordning för Räddningstjänsten Mitt",
        "arende",
        [
            "anta ny förbundsordning för Räddningstjänsten Mitt att gälla från och med den 1 januari 2027"
        ],
    ),
    ("Lokalresursplan 2027–2031", "arende", ["anta lokalresursplanen för 2027–2031"]),
    (
        "Policy för hållbar upphandling",
        "arende",
        ["anta policy för hållbar upphandling", "upphäva upphandlingspolicyn från 2019"],
    ),
    (
        "Investeringsram för ny förskola i Västra Mark",
        "arende",
        [
            "utöka investeringsramen för ny förskola i Västra Mark med 18 miljoner kronor",
            "finansiering sker genom upplåning",
        ],
    ),
    (
        "Sammanträdesplan för kommunfullmäktige 2027",
        "arende",
        ["fastställa sammanträdesplan för kommunfullmäktige 2027"],
    ),
    (
        "Delårsrapport januari–augusti 2026",
        "arende",
        ["godkänna delårsrapporten för januari–augusti 2026"],
    ),
    (
        "Ägardirektiv för Exempelby Energi AB",
        "arende",
        [
            "fastställa ägardirektiv för Exempelby Energi AB",
            "uppdra åt kommunens ombud att rösta för ägardirektivet vid bolagsstämman",
        ],
    ),
    (
        "Riktlinjer för bostadsförsörjning 2027–2030",
        "arende",
        ["anta riktlinjer för bostadsförsörjning för 2027–2030"],
    ),
    ("Översiktsplan för Exempelby kommun", "arende", ["anta översiktsplanen för Exempelby kommun"]),
    (
        "Renhållningsföreskrifter för Exempelby kommun",
        "arende",
        ["anta renhållningsföreskrifter enligt bilaga 2"],
    ),
    (
        "Taxa för prövning och tillsyn enligt miljöbalken",
        "arende",
        ["anta taxa för prövning och tillsyn enligt miljöbalken"],
    ),
    (
        "Tilläggsanslag till barn- och utbildningsnämnden för skolskjuts",
        "arende",
        [
            "bevilja barn- och utbildningsnämnden ett tilläggsanslag om 3,2 miljoner kronor för 2026",
            "finansiera tilläggsanslaget ur kommunstyrelsens oförutsedda medel",
        ],
    ),
    (
        "Hyresavtal för nytt kommunhus",
        "arende",
        ["godkänna hyresavtal för nytt kommunhus med Fastighets AB Torget"],
    ),
    (
        "Handlingsprogram för skydd mot olyckor 2027–2030",
        "arende",
        ["anta handlingsprogram för skydd mot olyckor för 2027–2030"],
    ),
    (
        "Arvodesreglemente för förtroendevalda",
        "arende",
        ["anta arvodesreglemente för förtroendevalda att gälla från och med den 1 januari 2027"],
    ),
    (
        "Plan för kommunens krisberedskap",
        "arende",
        ["anta plan för kommunens krisberedskap under mandatperioden"],
    ),
    (
        "Svar på motion från Sara Lind (MP) om solceller på kommunens tak",
        "svar_pa_motion",
        ["anse motionen besvarad"],
    ),
    ("Svar på motion från Omar Haddad (S) om fritidsbank", "svar_pa_motion", ["bifalla motionen"]),
    (
        "Svar på motion från Lena Ek (KD) om trygghetsboende i Norrby",
        "svar_pa_motion",
        ["avslå motionen"],
    ),
    (
        "Motion från Per Holm (SD) om kameraövervakning vid resecentrum",
        "svar_pa_motion",
        ["avslå motionen med hänvisning till kommunstyrelsens yttrande"],
    ),
    ("Medborgarförslag om hundrastgård i Norrby", "medborgarforslag", ["avslå medborgarförslaget"]),
    (
        "Medborgarförslag om fler bänkar längs ån",
        "medborgarforslag",
        ["anse medborgarförslaget besvarat"],
    ),
    (
        "Val av ersättare i socialnämnden efter Kim Nilsson (S)",
        "val",
        ["välja Maria Lund (S) till ersättare i socialnämnden för tiden till och med 2026"],
    ),
    (
        "Avsägelse från Jonas Berg (C) av uppdrag som ledamot i tekniska nämnden",
        "val",
        ["bevilja avsägelsen"],
    ),
    (
        "Entledigande av nämndeman vid Exempelby tingsrätt",
        "val",
        ["entlediga Karin Ström från uppdraget som nämndeman"],
    ),
]
WITHOUT_PROPOSAL: list[tuple[str, str]] = [
    ("Motion från Erik Sund (L) om läxhjälp på biblioteken", "motion"),
    ("Motion från Anna Berg (V) om gratis mensskydd i skolan", "motion"),
    ("Informationsärende: Exempelby Vatten AB:s verksamhet", "arende"),
]
INFORMATIONAL: list[tuple[str, str]] = [
    ("Anmälan av inkomna motioner och medborgarförslag", "anmalan"),
    ("Interpellation från Anna Berg (V) om hemtjänstens bemanning", "interpellation"),
    ("Interpellation från Johan Ek (M) om vinterväghållningen", "interpellation"),
    ("Fråga från Lars Ek (C) om gatubelysningen i Norrby", "fraga"),
    ("Anmälan av revisionsrapporter", "anmalan"),
    ("Redovisning av obesvarade motioner", "anmalan"),
]

BODY_TEXT = (
    "Ärendet har beretts av kommunledningsförvaltningen. Förvaltningen har haft samråd med "
    "berörda nämnder och bolag. Motionären föreslår att kommunen ska utreda frågan vidare, "
    "men förvaltningen bedömer att nuvarande arbete täcker behovet. Ekonomiska konsekvenser "
    "redovisas i tjänsteskrivelsen. Kommunstyrelsens arbetsutskott behandlade ärendet den "
    "3 november 2026."
)


_ORDINALS = ["ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"]


@dataclass
class Kallelse:
    """A generated kallelse: its text and what the agenda reader should find."""

    text: str
    items: list[dict[str, Any]] = field(default_factory=list)
    date: str = "2026-12-14"


def _choose(count: int, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """`count` ärenden in a plausible order: formalia, anmälningar, decisions, motions, questions."""
    formal = [(title, "ovrigt", []) for title in FORMAL]
    rest = count - len(formal)
    informational = [(t, k, []) for t, k in INFORMATIONAL]
    without = [(t, k, []) for t, k in WITHOUT_PROPOSAL]
    decisions = list(DECISIONS)
    rng.shuffle(decisions)
    chosen_info = informational[: max(3, rest // 8)]
    chosen_without = without[: max(1, rest // 15)]
    n_decisions = rest - len(chosen_info) - len(chosen_without)
    pool = decisions
    while len(pool) < n_decisions:  # long agendas repeat the pool with a suffix
        pool = pool + [
            (f"{title}, del {_ORDINALS[len(pool) // len(decisions)]}", kind, clauses)
            for title, kind, clauses in decisions
        ]
    chosen = pool[:n_decisions]
    order = [chosen_info[0], *chosen, *chosen_without, *chosen_info[1:]]
    return formal + order


def build(count: int = 40, *, shape: str = "list", seed: int = 1) -> Kallelse:
    """A kallelse of `count` ärenden (at least 10) in `shape`, with the expected reading."""
    rng = random.Random(seed)
    entries = _choose(count, rng)
    header = [
        "KALLELSE",
        "Kommunfullmäktige i Exempelby",
        "",
        "Tid: Måndagen den 14 december 2026 kl. 18.00",
        "Plats: Fullmäktigesalen, Exempelby kommunhus",
        "",
        "Ledamöter som inte kan delta meddelar kansliet senast fredag kl. 12.00.",
        "",
    ]
    listing: list[str] = []
    sections: list[str] = []
    expected: list[dict[str, Any]] = []
    for index, (title, kind, clauses) in enumerate(entries, start=1):
        dnr = f"KS 2026/{100 + index * 7}"
        formal = kind == "ovrigt"
        if shape == "list":
            listing.append(f"{index}. {title}")
            section, proposal = _section_list(index, title, dnr, clauses, rng)
        elif shape == "arende":
            # "Ärende 12" on a line of its own, the title below it.
            section, proposal = _section_list(index, title, dnr, clauses, rng)
            section[1:2] = [f"Ärende {index}", title]
        else:
            section, proposal = _section_tyreso(index, title, dnr, clauses)
        sections.extend(section)
        expected.append(
            {
                "number": str(index),
                "title": title,
                "kind": kind,
                "formal": formal,
                "dnr": None if formal else dnr,
                "proposal": proposal,
            }
        )
    if shape == "list":
        text = "\n".join([*header, "Ärenden", "", *listing, "", "Handlingar", "", *sections])
    else:
        text = "\n".join([*header, *sections])
    return Kallelse(text=text, items=expected)


def _section_list(
    index: int, title: str, dnr: str, clauses: list[str], rng: random.Random
) -> tuple[list[str], list[str]]:
    lines = ["", f"{index}. {title}"]
    if title in FORMAL:
        return lines, []
    lines.append(f"Dnr {dnr}")
    proposal: list[str] = []
    if clauses:
        style = rng.choice(["dash", "numbered_att", "one_line", "prose"])
        if len(clauses) == 1 and style == "dash":
            style = "one_line"
        if style == "prose":
            joined = ", samt att ".join(clauses)
            lines += ["", f"Kommunstyrelsen föreslår kommunfullmäktige besluta att {joined}."]
            proposal = [f"att {c}" for c in clauses[:-1]] + [f"att {clauses[-1]}."]
        else:
            lines += ["", "Kommunstyrelsens förslag till beslut"]
            if style == "dash":
                lines.append("Kommunfullmäktige beslutar att")
                for number, clause in enumerate(clauses):
                    last = number == len(clauses) - 1
                    lines.append(f"- {clause}{'.' if last else ','}")
                proposal = [*clauses[:-1], f"{clauses[-1]}."]
            elif style == "numbered_att":
                lines.append("Kommunfullmäktige beslutar")
                for number, clause in enumerate(clauses, start=1):
                    last = number == len(clauses)
                    lines.append(f"{number}. att {clause}{'.' if last else ','}")
                proposal = [f"att {c}" for c in clauses[:-1]] + [f"att {clauses[-1]}."]
            else:
                joined = ", samt att ".join(clauses)
                lines.append(f"Kommunfullmäktige beslutar att {joined}.")
                proposal = [f"att {c}" for c in clauses[:-1]] + [f"att {clauses[-1]}."]
    lines += ["", "Sammanfattning", BODY_TEXT, "", "Beslutsunderlag", f"Tjänsteskrivelse {dnr}"]
    return lines, proposal


def _section_tyreso(
    index: int, title: str, dnr: str, clauses: list[str]
) -> tuple[list[str], list[str]]:
    lines = ["", f"{index} {title}", ""]
    if title in FORMAL:
        return [*lines, "Beskrivning av ärendet", "Ordföranden öppnar sammanträdet."], []
    lines += [f"Dnr {dnr}", ""]
    proposal = []
    if clauses:
        lines.append("Kommunfullmäktiges förslag till beslut")
        for number, clause in enumerate(clauses, start=1):
            sentence = f"Kommunfullmäktige beslutar att {clause}."
            lines.append(f"{number} {sentence}")
            proposal.append(sentence)
        lines.append("")
    lines += ["Beskrivning av ärendet", BODY_TEXT]
    return lines, proposal


def to_pdf(kallelse: Kallelse) -> bytes:
    """The kallelse as a PDF: A4, justified paragraphs, a running header and page footers."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from bot.export.pdf import register_fonts

    family = register_fonts()
    body = ParagraphStyle("body", fontName=family, fontSize=10.5, leading=14, alignment=TA_JUSTIFY)
    heading = ParagraphStyle("h", fontName=family + "-Bold", fontSize=12, leading=16, spaceBefore=8)
    buffer = io.BytesIO()

    def furniture(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(family, 8)
        canvas.drawString(20 * mm, 287 * mm, "Kallelse – Kommunfullmäktige 2026-12-14")
        canvas.drawRightString(190 * mm, 10 * mm, f"Sida {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm)
    flow: list[Any] = []
    for line in kallelse.text.split("\n"):
        if not line:
            flow.append(Spacer(1, 6))
            continue
        is_heading = line[:1].isdigit() and not line.startswith(
            ("1 Kommun", "2 Kommun", "3 Kommun", "4 Kommun")
        )
        flow.append(Paragraph(escape(line), heading if is_heading else body))
    document.build(flow, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()
