"""Structure stages on the shared material: the user's seed works and LitBank quotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens.document import Document, SourceInfo, Span, WorkMeta
from ficlens.eval.litbank_data import iter_works, litbank_root, work_document
from ficlens.ingest.builder import assemble
from ficlens.layers import PARAGRAPHS, QUOTES
from ficlens.pipeline import Pipeline
from ficlens.structure import quotes, structure_stages

OPENING = "“\"‘'—–-"
CLOSING = "”\"’'"


def line_document(path: Path) -> Document:
    """A seed as saved by the reader: every non-blank line is a paragraph."""
    text = path.read_text(encoding="utf-8")
    paragraphs = []
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        line = m.group()
        start = m.start() + len(line) - len(line.lstrip())
        paragraphs.append(Span(start, m.start() + len(line.rstrip()), "body"))
    source = SourceInfo(str(path), "text", "0" * 64, len(text))
    return assemble(text, WorkMeta(), source, paragraphs=paragraphs)


@pytest.mark.parametrize("seed", ["office-soulmates-abo.txt", "office-the-job-alt-pov.txt"])
def test_seed_quotes_are_well_formed(shared: Path, seed: str) -> None:
    doc = Pipeline(structure_stages())(line_document(shared / "seeds" / seed))
    paragraphs = doc.layer(PARAGRAPHS)
    found = list(doc.layer(QUOTES))
    assert found
    for q in found:
        text = doc.span_text(q)
        assert text[0] in OPENING, text
        assert text[-1] in CLOSING or q.attrs.get("open_end") or q.label == "dash", text
        para = paragraphs.at(q.start)
        assert para is not None and q.end <= para.end, text
    # Both seeds balance their curly double quotes: each opening mark starts one quote.
    assert sum(q.label == "double" for q in found) == doc.text.count("“")


def test_seed_scare_quote_is_a_quote_span(shared: Path) -> None:
    doc = quotes(line_document(shared / "seeds" / "office-soulmates-abo.txt"))
    texts = [doc.span_text(q) for q in doc.layer(QUOTES)]
    assert "“un-omegan”" in texts


def test_litbank_quote_spans(shared: Path) -> None:
    """Exact-span precision and recall of top-level quotes against LitBank's quotations.

    LitBank marks only direct speech, so scare quotes, titles and quoted thoughts that the
    quotes layer rightly finds count as false positives here; the floor allows for that.
    """
    tp = fp = fn = 0
    for work in iter_works(litbank_root(shared)):
        doc = quotes(work_document(work))
        limit = work.annotated_end
        predicted = {
            (q.start, q.end) for q in doc.layer(QUOTES) if q.label != "nested" and q.end <= limit
        }
        gold = {(q.start, q.end) for q in work.quotes}
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert tp + fn > 1000  # the LitBank quotation set was found and read
    assert recall >= 0.93, (precision, recall, f1)
    assert precision >= 0.8, (precision, recall, f1)
    assert f1 >= 0.87, (precision, recall, f1)
