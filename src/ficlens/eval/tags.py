"""Scoring suggested tags against the tags authors gave their own AO3 works.

Each work in a folder of AO3 downloads (any format ficlens reads) is analysed and its
suggested freeform tags are compared with the author's Additional Tags, through the
taxonomy's synonyms: "Soulmate AU" is "Alternate Universe - Soulmates", and a suggestion
matches an author tag that is the same tag or a broader or narrower one ("Mutual Pining"
matches "Pining"). Author tags the taxonomy does not know are reported as outside it and
left out of recall; recall is also given over the tags the taxonomy can detect in a story's
text. Rating, warnings, categories, relationships and characters are compared when the
pipeline produces them. The same work saved in several formats is scored once (the best
format), the other files listed as duplicates. See ``docs/tags.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ficlens import layers
from ficlens.analysis import default_pipeline
from ficlens.document import Document
from ficlens.errors import IngestError
from ficlens.eval.metrics import PRF
from ficlens.ingest import expand_paths, read_path
from ficlens.pipeline import Pipeline
from ficlens.summable import Summable
from ficlens.tags.detect import RELATIONSHIPS, Suggestion, suggestions, tags_stage
from ficlens.tags.taxonomy import CHOSE_NOT_TO_WARN, NOT_RATED, Taxonomy, load_taxonomy, tag_key

FORMAT_RANK = ("ao3-html", "ao3-epub", "ao3-webpage", "ao3-webcopy", "ao3-azw3", "ao3-mobi",
               "ao3-pdf")  # fmt: skip
"""Formats in order of preference when one work was saved in several."""


@dataclass(frozen=True, slots=True)
class TagCount(Summable):
    """How often a tag was suggested, given by authors, and both."""

    suggested: int = 0
    author: int = 0
    matched: int = 0


@dataclass(frozen=True, slots=True)
class WorkResult:
    """One work's comparison.

    ``suggested`` are the freeform suggestions with scores; ``matched`` the author tags
    some suggestion matches; ``missed`` the author tags the taxonomy can detect in a story
    but ficlens did not suggest; ``undetectable`` author tags the taxonomy knows but only
    from the author's notes; ``outside`` author tags the taxonomy does not know; ``extra``
    suggestions that match no author tag. ``freeform`` has precision over suggestions and
    recall over the author's taxonomy tags, ``detectable`` the same with recall over the
    detectable ones. The other scores are None when there is nothing to compare.
    """

    path: str
    format: str
    title: str | None
    key: str
    suggested: tuple[tuple[str, float], ...]
    author: tuple[str, ...]
    matched: tuple[str, ...]
    missed: tuple[str, ...]
    undetectable: tuple[str, ...]
    outside: tuple[str, ...]
    extra: tuple[str, ...]
    freeform: PRF
    detectable: PRF
    rating: tuple[str | None, str | None]
    warnings: PRF | None
    categories: PRF | None
    relationships: PRF | None
    characters: PRF | None
    counts: dict[str, TagCount] = field(default_factory=dict)
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""

        def prf(score: PRF | None) -> dict[str, float] | None:
            return None if score is None else score.to_dict()

        return {
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "duplicate_of": self.duplicate_of,
            "suggested": [{"tag": t, "score": s} for t, s in self.suggested],
            "author": list(self.author),
            "matched": list(self.matched),
            "missed": list(self.missed),
            "undetectable": list(self.undetectable),
            "outside_taxonomy": list(self.outside),
            "extra": list(self.extra),
            "freeform": self.freeform.to_dict(),
            "freeform_detectable": self.detectable.to_dict(),
            "rating": {"author": self.rating[0], "suggested": self.rating[1]},
            "warnings": prf(self.warnings),
            "categories": prf(self.categories),
            "relationships": prf(self.relationships),
            "characters": prf(self.characters),
        }


@dataclass(frozen=True, slots=True)
class TagsReport:
    """Per-file results, totals over distinct works, per-tag counts and unreadable files."""

    works: tuple[WorkResult, ...]
    errors: tuple[str, ...] = ()
    min_score: float = 0.5

    @property
    def scored(self) -> tuple[WorkResult, ...]:
        """The works counted in the totals: one file per work, with author tags."""
        return tuple(w for w in self.works if w.duplicate_of is None and w.author)

    def total(self, name: str) -> PRF | None:
        """Micro-averaged `name` score (``freeform``, ``detectable``, ``warnings``, ...)."""
        scores = [s for w in self.scored if (s := getattr(w, name)) is not None]
        return sum(scores, PRF()) if scores else None

    @property
    def rating_agreement(self) -> tuple[int, int]:
        """Works whose suggested rating is the author's, and works with an author rating."""
        rated = [w for w in self.scored if w.rating[0] is not None]
        return sum(w.rating[0] == w.rating[1] for w in rated), len(rated)

    @property
    def counts(self) -> dict[str, TagCount]:
        """Per canonical tag: suggested, given by authors, matched; over the scored works."""
        out: dict[str, TagCount] = {}
        for work in self.scored:
            for tag, count in work.counts.items():
                out[tag] = out.get(tag, TagCount()) + count
        return dict(sorted(out.items(), key=lambda kv: (-kv[1].author - kv[1].suggested, kv[0])))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``works``, ``total``, ``tags`` and ``errors``."""

        def prf(name: str) -> dict[str, float] | None:
            score = self.total(name)
            return None if score is None else score.to_dict()

        agree, rated = self.rating_agreement
        return {
            "corpus": "ao3-tags",
            "min_score": self.min_score,
            "works": [w.to_dict() for w in self.works],
            "total": {
                "works": len(self.scored),
                "freeform": prf("freeform"),
                "freeform_detectable": prf("detectable"),
                "outside_taxonomy": sum(len(w.outside) for w in self.scored),
                "undetectable": sum(len(w.undetectable) for w in self.scored),
                "rating": {"agree": agree, "rated": rated},
                "warnings": prf("warnings"),
                "categories": prf("categories"),
                "relationships": prf("relationships"),
                "characters": prf("characters"),
            },
            "tags": {
                tag: {"suggested": c.suggested, "author": c.author, "matched": c.matched}
                for tag, c in self.counts.items()
            },
            "errors": list(self.errors),
        }


def _set_prf(predicted: Iterable[str], gold: Iterable[str]) -> PRF:
    """Exact-match scores of two sets of tag names, compared by `tag_key`."""
    return PRF.from_sets({tag_key(p) for p in predicted}, {tag_key(g) for g in gold})


def _work_key(doc: Document) -> str:
    """What identifies a work across formats: its AO3 URL, else title and authors."""
    meta = doc.meta
    if meta.url:
        return meta.url.rstrip("/").split("://")[-1]
    return f"{meta.title}|{'|'.join(meta.authors)}" if meta.title else doc.source.path


def score_work(doc: Document, taxonomy: Taxonomy, min_score: float = 0.5) -> WorkResult:
    """Compare an analysed document's ``tags`` (and relationships, cast) with its metadata;
    freeform suggestions scored below `min_score` are left out."""
    found = suggestions(doc)
    free = [s for s in found if s.type == "freeform" and s.score >= min_score]
    meta = doc.meta
    author = list(dict.fromkeys(meta.freeform))
    canon = {a: taxonomy.canonical(a) for a in author}
    dynamic = {tag_key(s.tag): s.tag for s in free if taxonomy.tag(s.tag) is None}

    def matches(suggestion: str, written: str) -> bool:
        name = canon[written]
        if name is None:
            return dynamic.get(tag_key(written)) == suggestion
        return taxonomy.related(suggestion, name)

    matched = [a for a in author if any(matches(s.tag, a) for s in free)]
    in_taxonomy = [a for a in author if canon[a] is not None]
    detectable = [a for a in in_taxonomy if _detectable(taxonomy, canon[a])]
    correct = [s for s in free if any(matches(s.tag, a) for a in author)]
    counts: dict[str, TagCount] = {}
    for s in free:
        hit = any(matches(s.tag, a) for a in author)
        counts[s.tag] = counts.get(s.tag, TagCount()) + TagCount(1, 0, int(hit))
    for a in in_taxonomy:
        name = canon[a] or a
        counts[name] = counts.get(name, TagCount()) + TagCount(0, 1, 0)
    hits = set(matched)
    return WorkResult(
        path=doc.source.path,
        format=doc.source.format,
        title=meta.title,
        key=_work_key(doc),
        suggested=tuple((s.tag, s.score) for s in free),
        author=tuple(author),
        matched=tuple(matched),
        missed=tuple(a for a in detectable if a not in hits),
        undetectable=tuple(a for a in in_taxonomy if a not in detectable and a not in hits),
        outside=tuple(a for a in author if canon[a] is None and a not in hits),
        extra=tuple(s.tag for s in free if s not in correct),
        freeform=PRF(len(correct), len(free), len(set(in_taxonomy) & hits), len(in_taxonomy)),
        detectable=PRF(len(correct), len(free), len(set(detectable) & hits), len(detectable)),
        rating=(
            meta.rating if meta.rating and meta.rating != NOT_RATED else None,
            next((s.tag for s in found if s.type == "rating"), None),
        ),
        warnings=_warnings(meta.warnings, found),
        categories=_typed(meta.categories, found, "category"),
        relationships=_layer_prf(doc, RELATIONSHIPS, meta.relationships, "tag"),
        characters=_layer_prf(doc, layers.CAST, meta.characters, "canon"),
        counts=counts,
    )


def _detectable(taxonomy: Taxonomy, name: str | None) -> bool:
    """Whether the canonical tag `name` can be found in a story's text."""
    tag = taxonomy.tag(name) if name else None
    return tag is not None and tag.detectable


def _warnings(author: Sequence[str], found: Sequence[Suggestion]) -> PRF | None:
    """Warning scores; None when the author gave none or chose not to warn."""
    if not author or CHOSE_NOT_TO_WARN in author:
        return None
    return _typed(author, found, "warning")


def _typed(author: Sequence[str], found: Sequence[Suggestion], kind: str) -> PRF | None:
    """Scores of the suggestions of one type against the author's tags of that type."""
    predicted = [s.tag for s in found if s.type == kind]
    return _set_prf(predicted, author) if author and predicted else None


def _layer_prf(doc: Document, name: str, author: Sequence[str], attr: str) -> PRF | None:
    """Scores of a layer's tag names (attr `attr`, else the label) against the author's."""
    if not author or not doc.has(name):
        return None
    predicted = {str(v) for s in doc.layer(name) if (v := s.attrs.get(attr, s.label))}
    return _set_prf(predicted, author)


def evaluate_tags(
    paths: Iterable[str | Path],
    *,
    pipeline: Pipeline | None = None,
    taxonomy: Taxonomy | None = None,
    min_score: float = 0.5,
    dedupe: bool = True,
    progress: Callable[[object], None] | None = None,
) -> TagsReport:
    """Analyse every work under `paths` and compare its suggested tags with the author's.

    Freeform suggestions below `min_score` are ignored (a rating and warnings are always
    suggested, and compared). With `dedupe`, a work saved in several
    formats (same AO3 URL, or same title and authors) is scored once, from its best
    format. Unreadable files are listed in the report's errors.
    """
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    pipe = pipeline or default_pipeline()
    if layers.TAGS not in pipe.provides:
        pipe = Pipeline([*pipe.stages, tags_stage(tax)])
    results: list[WorkResult] = []
    errors: list[str] = []
    for path in expand_paths(paths):
        try:
            results.append(score_work(pipe(read_path(path)), tax, min_score))
        except IngestError as exc:
            errors.append(str(exc))
        if progress is not None:
            progress(path)
    if dedupe:
        results = _dedupe(results)
    return TagsReport(tuple(results), tuple(errors), min_score)


def _dedupe(results: Sequence[WorkResult]) -> list[WorkResult]:
    """Mark all but the best-format file of each work as a duplicate of it."""

    def rank(w: WorkResult) -> tuple[int, str]:
        order = FORMAT_RANK.index(w.format) if w.format in FORMAT_RANK else len(FORMAT_RANK)
        return order, w.path

    best: dict[str, WorkResult] = {}
    for work in results:
        if work.key not in best or rank(work) < rank(best[work.key]):
            best[work.key] = work
    return [
        work if best[work.key] is work else replace(work, duplicate_of=best[work.key].path)
        for work in results
    ]
