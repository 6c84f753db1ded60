"""Tiny corpora in the LitBank and PDNC formats, written for these tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

TINY = "1_tiny"
TINY_TEXT = (
    "THE TINY TALE\n\n"
    'Mr. Bennet looked at his wife. "Where is Jane?" he asked.\n\n'
    '"She went out," said Mrs. Bennet. Her daughter was away.\n\n'
    '"Nothing else," the end said.\n'
)
# One sentence per row: (token, entity tags innermost layer first).
TINY_TOKENS: list[list[tuple[str, ...]]] = [
    [("THE", "O"), ("TINY", "B-FAC"), ("TALE", "I-FAC")],
    [
        ("Mr.", "B-PER", "B-PER"),
        ("Bennet", "O", "I-PER"),
        ("looked", "O"),
        ("at", "O"),
        ("his", "B-PER"),
        ("wife", "I-PER"),
        (".", "O"),
    ],
    [
        ('"', "O"),
        ("Where", "O"),
        ("is", "O"),
        ("Jane", "B-PER"),
        ("?", "O"),
        ('"', "O"),
        ("he", "O"),
        ("asked", "O"),
        (".", "O"),
    ],
    [
        ('"', "O"),
        ("She", "O"),
        ("went", "O"),
        ("out", "O"),
        (",", "O"),
        ('"', "O"),
        ("said", "O"),
        ("Mrs.", "B-PER"),
        ("Bennet", "I-PER"),
        (".", "O"),
    ],
    [("Her", "B-PER"), ("daughter", "I-PER"), ("was", "O"), ("away", "O"), (".", "O")],
]
TINY_COREF = """\
COREF\tT1\tMr_Bennet-0
MENTION\tT1\t1\t0\t1\t1\tMr. Bennet\tPER\tPROP
MENTION\tT2\t1\t4\t1\t4\this\tPER\tPRON
MENTION\tT3\t1\t4\t1\t5\this wife\tPER\tNOM
MENTION\tT4\t2\t3\t2\t3\tJane\tPER\tPROP
MENTION\tT5\t2\t6\t2\t6\the\tPER\tPRON
MENTION\tT6\t3\t1\t3\t1\tShe\tPER\tPRON
MENTION\tT7\t3\t7\t3\t8\tMrs. Bennet\tPER\tPROP
MENTION\tT8\t4\t0\t4\t0\tHer\tPER\tPRON
MENTION\tT9\t4\t0\t4\t1\tHer daughter\tPER\tNOM
MENTION\tT10\t0\t1\t0\t2\tTINY TALE\tFAC\tNOM
MENTION\tT11\t1\t0\t1\t0\tMr.\tPER\tNOM
COREF\tT2\tMr_Bennet-0
COREF\tT3\tMrs_Bennet-1
COREF\tT4\tJane-2
COREF\tT5\tMr_Bennet-0
COREF\tT6\tJane-2
COREF\tT7\tMrs_Bennet-1
COREF\tT8\tMrs_Bennet-1
COREF\tT9\tJane-2
COREF\tT10\tTale-3
APPOS\tT11\tT1
"""
TINY_QUOTES = """\
QUOTE\tQ0\t2\t0\t2\t5\t" Where is Jane ? "
QUOTE\tQ1\t3\t0\t3\t5\t" She went out , "
ATTRIB\tQ0\tMr_Bennet-0
ATTRIB\tQ1\tMrs_Bennet-1
"""


def write_litbank(root: Path) -> Path:
    """A LitBank folder with one tiny work, all of whose layers agree with `TINY_TEXT`."""
    sentences = "".join(" ".join(t[0] for t in s) + "\n" for s in TINY_TOKENS)
    layered = "\n".join(
        "".join(f"{t[0]}\t" + "\t".join([*t[1:], "O", "O"][:3]) + "\t\n" for t in s)
        for s in TINY_TOKENS
    )
    files = {
        f"original/{TINY}.txt": TINY_TEXT,
        f"quotations/tsv/{TINY}_brat.txt": sentences,
        f"quotations/tsv/{TINY}_brat.ann": TINY_QUOTES,
        f"entities/tsv/{TINY}_brat.tsv": layered,
        f"coref/tsv/{TINY}_brat.txt": sentences,
        f"coref/tsv/{TINY}_brat.ann": TINY_COREF,
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


NOVEL = "Tiny"
NOVEL_TEXT = '"Hello there," said Anne. "Fine day."\n\n"Yes," Fred replied. "Quite. "\n\n"Who?"\n'
NOVEL_INDEX = (
    "Novel Code,Novel Title,Narrative Person,Folder Name\n"
    "TINY,A Tiny Novel,3.0,Tiny\n"
    "GONE,Not Yet Annotated,1.0,\n"
)
NOVEL_CHARACTERS = """\
Character ID,Main Name,Aliases,Gender,Category
0,Anne Elliot,"{'Anne', 'Anne Elliot'}",F,major
1,Fred Wentworth,"['Fred', 'Freddy']",M,intermediate
2,_unknowable,['_unknowable'],X,minor
"""
NOVEL_QUOTES = [
    {  # spoken by an alias ("Freddy"); the second span has a stray space; type in lower case
        "quoteID": "Q1",
        "quoteText": "Yes, Quite.",
        "subQuotationList": "['Yes,', 'Quite.']",
        "quoteByteSpans": "[[40, 44], [61, 68]]",
        "speaker": "Freddy",
        "addressees": "['Anne']",
        "quoteType": "explicit",
        "referringExpression": "Fred replied",
        "mentionTextsList": "[[], []]",
        "mentionSpansList": "[[], []]",
        "mentionEntitiesList": "[[], []]",
    },
    {
        "quoteID": "Q0",
        "quoteText": "Hello there, Fine day.",
        "subQuotationList": "['Hello there,', 'Fine day.']",
        "quoteByteSpans": "[[1, 13], [27, 36]]",
        "speaker": "Anne Elliot",
        "addressees": "['Fred']",
        "quoteType": "Explicit",
        "referringExpression": "said Anne",
        "mentionTextsList": "[['there'], []]",
        "mentionSpansList": "[[[7, 12]], []]",
        "mentionEntitiesList": "[[['Fred Wentworth']], []]",
    },
    {
        "quoteID": "Q2",
        "quoteText": "Who?",
        "subQuotationList": "['Who?']",
        "quoteByteSpans": "[[72, 76]]",
        "speaker": "_unknowable",
        "addressees": "[]",
        "quoteType": "nan",
        "referringExpression": "nan",
        "mentionTextsList": "[[]]",
        "mentionSpansList": "[[]]",
        "mentionEntitiesList": "[[]]",
    },
]


def write_pdnc(root: Path) -> Path:
    """A PDNC root with its index and one tiny novel folder."""
    folder = root / "data" / NOVEL
    folder.mkdir(parents=True)
    (root / "PDNC-Novel-Index.csv").write_text(NOVEL_INDEX, encoding="utf-8")
    (folder / "novel_text.txt").write_text(NOVEL_TEXT, encoding="utf-8")
    (folder / "character_info.csv").write_text(NOVEL_CHARACTERS, encoding="utf-8")
    with (folder / "quotation_info.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(NOVEL_QUOTES[0]))
        writer.writeheader()
        writer.writerows(NOVEL_QUOTES)
    return root


@pytest.fixture
def litbank_dir(tmp_path: Path) -> Path:
    """A LitBank-format folder with one tiny annotated work."""
    return write_litbank(tmp_path / "litbank")


@pytest.fixture
def pdnc_dir(tmp_path: Path) -> Path:
    """A PDNC-format root with one tiny novel."""
    return write_pdnc(tmp_path / "pdnc")
