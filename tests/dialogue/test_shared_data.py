"""The speech stage on the shared material: the user's seed works, PDNC and LitBank.

Seed quotes are picked out by a word or two of their text; the figures PDNC and LitBank
must reach are floors a little under what the stage scores (see `speech_eval`), not tuned
to pass.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ficlens.document import Document, Span
from ficlens.ingest import read_path
from ficlens.layers import SPEECH
from tests.dialogue.speech_eval import Counts, evaluate_litbank, evaluate_pdnc, pipeline, ratio


def seed(shared: Path, name: str) -> Document:
    """A seed work read as the CLI reads it, through the structure and speech stages."""
    return pipeline()(read_path(shared / "seeds" / name))


def quote(doc: Document, words: str) -> Span:
    """The only speech span whose text contains `words`."""
    spans = [s for s in doc.layer(SPEECH) if words in doc.span_text(s)]
    assert len(spans) == 1, (words, [doc.span_text(s) for s in spans])
    return spans[0]


def tag_text(doc: Document, span: Span) -> str | None:
    tag = span.attrs["tag"]
    return doc.text[tag[0] : tag[1]] if tag else None


def test_soulmates_seed_thoughts_scare_quote_and_vocative(shared: Path) -> None:
    doc = seed(shared, "office-soulmates-abo.txt")
    first, second = list(doc.layer(SPEECH))[:2]
    assert (first.label, tag_text(doc, first), first.attrs["pattern"]) == (
        "thought",
        "Jim",
        "thought-copula",
    )
    assert (second.label, tag_text(doc, second), second.attrs["verb"]) == (
        "thought",
        "he",
        "thought",
    )
    scare = quote(doc, "omegan")
    assert (scare.label, scare.attrs["tag"], scare.attrs["vocatives"]) == ("scare", None, ())
    asked = quote(doc, "who Dwight")
    assert tag_text(doc, asked) == "Pam"
    assert [doc.text[a:b] for a, b in asked.attrs["vocatives"]] == ["Dwight"]


def test_job_seed_kinds(shared: Path) -> None:
    doc = seed(shared, "office-the-job-alt-pov.txt")
    for words in ("exotic", "Absolutely", "unsells"):
        span = quote(doc, words)
        assert (span.label, span.attrs["tag"]) == ("scare", None), words
    for words in ("famous", "beary"):
        span = quote(doc, words)
        assert (span.label, span.attrs["tag"]) == ("written", None), words
    assert quote(doc, "Popeye").label == "speech"  # a talking-head interview
    kinds = Counter(s.label for s in doc.layer(SPEECH))
    assert kinds["speech"] >= 0.95 * sum(kinds.values())


def test_job_seed_tags_and_vocatives(shared: Path) -> None:
    doc = seed(shared, "office-the-job-alt-pov.txt")
    expected = {
        "gorgeous": ("He", "quote-name-verb"),
        "Probably still": ("He", "beat-before"),
        "A lot happened": ("He", "name-verb-quote"),
        "Back to work": ("Michael", "name-verb-quote"),
        "Big Haircut": ("Andy", "name-verb-quote"),
        "never thought he": ("Jim", "quote-name-verb"),
    }
    for words, (tag, pattern) in expected.items():
        span = quote(doc, words)
        assert (tag_text(doc, span), span.attrs["pattern"]) == (tag, pattern), words
    addressed = {doc.text[a:b] for s in doc.layer(SPEECH) for a, b in s.attrs["vocatives"]}
    assert {"Pam", "Michael", "Karen", "Halpert", "David", "Beesly"} <= addressed


def test_pdnc_tags_and_kinds(shared: Path) -> None:
    total = Counts()
    novels = 0
    for _, counts in evaluate_pdnc(shared / "data" / "pdnc"):
        total.add(counts)
        novels += 1
    t, k, a = total.tags, total.kinds, total.agreement
    assert novels >= 20 and t["Explicit gold"] > 8000
    assert ratio(t, "Explicit correct", "Explicit tagged") >= 0.96
    assert ratio(t, "Explicit correct", "Explicit gold") >= 0.93
    assert ratio(t, "Anaphoric correct", "Anaphoric tagged") >= 0.94
    assert ratio(t, "Anaphoric correct", "Anaphoric gold") >= 0.89
    # Every PDNC quotation is an utterance or a thought.
    assert (k["scare"] + k["written"]) / k["aligned"] <= 0.005
    assert ratio(a, "name agree", "name checked") >= 0.96
    assert ratio(a, "pronoun agree", "pronoun checked") >= 0.96
    assert ratio(total.vocatives, "correct", "predicted") >= 0.8


def test_litbank_tags_point_at_the_speaker(shared: Path) -> None:
    t = evaluate_litbank(shared / "data" / "litbank").tags
    correct = t["verb correct"] + t["beat correct"]
    tagged = t["verb tagged"] + t["beat tagged"]
    assert t["quotes"] > 1000
    assert correct / tagged >= 0.93
    assert correct / t["quotes"] >= 0.62
