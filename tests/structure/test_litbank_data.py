"""LitBank loading: tokens aligned to the original text, blank-line paragraphs, prefixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval.litbank_data import (
    align_tokens,
    blank_line_paragraphs,
    iter_works,
    litbank_root,
    work_document,
)


def test_align_tokens_and_paragraphs() -> None:
    text = "  Hi ,\nthere!\n\n\n  Next  one.\n"
    starts, ends = align_tokens(text, ["Hi", ",", "there", "!", "Next", "one", "."])
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)][-3:] == ["Next", "one", "."]
    assert [text[p.start : p.end] for p in blank_line_paragraphs(text)] == [
        "Hi ,\nthere!",
        "Next  one.",
    ]
    with pytest.raises(ValueError, match="not found"):
        align_tokens(text, ["Hi", "there"])


def test_litbank_works_align_and_quotes_keep_their_marks(shared: Path) -> None:
    works = list(iter_works(litbank_root(shared)))
    assert len(works) >= 60
    for work in works:
        for i in range(len(work.token_starts)):
            assert not work.text[work.token_starts[i] : work.token_ends[i]].isspace()
        doc = work_document(work)
        assert work.text.startswith(doc.text)
        assert len(doc.text) >= work.annotated_end
    alice = next(w for w in works if w.name.startswith("11_"))
    start, end = alice.token_span(0, 0)
    assert alice.text[start:end] == "CHAPTER"
    quoted = [w.text[q.start : q.end] for w in works for q in w.quotes]
    assert sum(q[0] in "\"“‘'—" for q in quoted) / len(quoted) > 0.95
