"""LitBank (Bamman et al., CC BY 4.0) annotations as character spans over its original texts.

LitBank annotates about 2,000 words at the start of each work as whitespace-tokenised
sentences, and its annotations point at ``(sentence, token)`` pairs. The tokens are the
original text with whitespace removed, so walking them through ``original/<work>.txt``
turns every annotation into a ``[start, end)`` span that ficlens layers can be scored
against directly.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ficlens.document import Document, SourceInfo, Span, WorkMeta
from ficlens.ingest.builder import assemble
from ficlens.layers import ROLE_BODY

_SPACE = re.compile(r"\s*")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_QUOTE_SUFFIX = "_brat"


class AlignmentError(ValueError):
    """A LitBank token does not occur where the original text should contain it."""


@dataclass(frozen=True, slots=True)
class LitBankQuote:
    """One annotated quotation: its character span in the original text and its speaker."""

    qid: str
    start: int
    end: int
    speaker: str | None


@dataclass(frozen=True, slots=True)
class LitBankWork:
    """One LitBank work: full original text, its annotated tokens and quotations.

    ``token_starts``/``token_ends`` are the character spans of the annotated tokens;
    ``sentence_starts[i]`` is the index of the first token of sentence ``i``.
    ``annotated_end`` is where the annotated sample stops (end of its last token).
    """

    name: str
    path: Path
    text: str
    token_starts: array[int]
    token_ends: array[int]
    sentence_starts: array[int]
    quotes: tuple[LitBankQuote, ...]

    @property
    def annotated_end(self) -> int:
        """End offset of the last annotated token."""
        return self.token_ends[-1] if self.token_ends else 0

    def token_span(self, sentence: int, token: int) -> tuple[int, int]:
        """Character span of token `token` of sentence `sentence`."""
        i = self.sentence_starts[sentence] + token
        return self.token_starts[i], self.token_ends[i]


def litbank_root(shared: Path) -> Path:
    """The LitBank folder inside the shared evaluation material."""
    return shared / "data" / "litbank"


def work_names(root: Path) -> list[str]:
    """Names (``<gutenberg id>_<title>``) of the works that have quotation annotations."""
    folder = root / "quotations" / "tsv"
    names = (p.name[: -len(_QUOTE_SUFFIX + ".ann")] for p in folder.glob("*.ann"))
    return sorted(n for n in names if (root / "original" / f"{n}.txt").exists())


def align_tokens(text: str, tokens: Sequence[str]) -> tuple[array[int], array[int]]:
    """Character spans of `tokens` found in order in `text`, skipping only whitespace."""
    starts: array[int] = array("i")
    ends: array[int] = array("i")
    pos = 0
    for tok in tokens:
        match = _SPACE.match(text, pos)
        pos = match.end() if match else pos
        if not text.startswith(tok, pos):
            raise AlignmentError(
                f"token {tok!r} not found at offset {pos}: {text[pos : pos + 30]!r}"
            )
        starts.append(pos)
        pos += len(tok)
        ends.append(pos)
    return starts, ends


def _read_sentences(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split() for line in fh]


def load_work(root: Path, name: str) -> LitBankWork:
    """Load work `name`: original text, aligned tokens and quotations with speakers."""
    text_path = root / "original" / f"{name}.txt"
    text = text_path.read_text(encoding="utf-8")
    folder = root / "quotations" / "tsv"
    sentences = _read_sentences(folder / f"{name}{_QUOTE_SUFFIX}.txt")
    sentence_starts: array[int] = array("i")
    flat: list[str] = []
    for sent in sentences:
        sentence_starts.append(len(flat))
        flat.extend(sent)
    starts, ends = align_tokens(text, flat)
    speakers: dict[str, str] = {}
    raw: list[tuple[str, int, int, int, int]] = []
    with (folder / f"{name}{_QUOTE_SUFFIX}.ann").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "QUOTE":
                raw.append((cols[1], int(cols[2]), int(cols[3]), int(cols[4]), int(cols[5])))
            elif cols[0] == "ATTRIB":
                speakers[cols[1]] = cols[2]
    quotes = [
        LitBankQuote(
            qid,
            starts[sentence_starts[s0] + t0],
            ends[sentence_starts[s1] + t1],
            speakers.get(qid),
        )
        for qid, s0, t0, s1, t1 in raw
    ]
    quotes.sort(key=lambda q: (q.start, q.end))
    return LitBankWork(name, text_path, text, starts, ends, sentence_starts, tuple(quotes))


def iter_works(root: Path) -> Iterator[LitBankWork]:
    """Every LitBank work with quotation annotations, loaded one at a time."""
    for name in work_names(root):
        yield load_work(root, name)


def blank_line_paragraphs(text: str) -> list[Span]:
    """Paragraphs of a Project Gutenberg text: blocks of non-blank lines, edges trimmed."""
    spans: list[Span] = []
    for m in _BLOCK.finditer(text):
        block = m.group()
        start = m.start() + len(block) - len(block.lstrip())
        end = m.start() + len(block.rstrip())
        spans.append(Span(start, end, ROLE_BODY))
    return spans


def text_document(text: str, path: Path) -> Document:
    """A ficlens `Document` of a plain text with blank-line paragraphs and no other structure."""
    data = text.encode("utf-8")
    source = SourceInfo(str(path), "text", hashlib.sha256(data).hexdigest(), len(data), "utf-8")
    return assemble(text, WorkMeta(), source, paragraphs=blank_line_paragraphs(text))


def work_document(work: LitBankWork, *, whole: bool = False) -> Document:
    """`work` as a `Document` with blank-line paragraphs.

    By default the text stops at the end of the paragraph holding the last annotated token
    (offsets are unchanged, the text is a prefix), which is all an evaluation needs;
    ``whole=True`` keeps the full novel.
    """
    text = work.text
    if not whole:
        blank = _PARAGRAPH_END.search(text, work.annotated_end)
        text = text[: blank.start()] if blank else text
    return text_document(text, work.path)
