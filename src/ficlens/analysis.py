"""The analysis of one work and its public JSON form (schema ``ficlens.analysis/1``)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ficlens import layers
from ficlens.cast import persons_stage
from ficlens.cast.stage import cast_stage
from ficlens.dialogue import speech_stage
from ficlens.dialogue.attribution import attribution_stage, linked_mentions
from ficlens.document import Document
from ficlens.errors import IngestError
from ficlens.fandoms import PackIndex, load_packs
from ficlens.ingest import expand_paths, read_path
from ficlens.narrative import narrative_stages, scene_tenses
from ficlens.narrative.pov import pov_stage
from ficlens.pipeline import Pipeline, Stage
from ficlens.relations import (
    character_network,
    interactions_stage,
    relationships,
    relationships_stage,
)
from ficlens.structure import structure_stages
from ficlens.tags import load_taxonomy, suggestions, tags_stage
from ficlens.textstats import count_words
from ficlens.world import world_stage
from ficlens.writing import writing_stage

SCHEMA = "ficlens.analysis/1"


def reading_stages(packs: PackIndex | None = None) -> list[Stage]:
    """The stages that read the story (everything but the writer report and the tags), in
    the order that lets optional inputs be used: stages that can use a layer without
    requiring it (the cast uses ``speech``, world facts use ``mentions``, relationships use
    ``pov``) come after the stage that provides it.

    `packs` are the fandom packs (default: the built-in ones plus ``$FICLENS_PACKS``).
    """
    packs = packs if packs is not None else load_packs()
    return [
        *structure_stages(),
        speech_stage(),
        persons_stage,
        cast_stage(packs),
        world_stage(),
        *narrative_stages(),
        pov_stage(),
        attribution_stage(),
        interactions_stage(),
        relationships_stage(packs),
    ]


def default_pipeline(packs: PackIndex | None = None) -> Pipeline:
    """Every analysis stage ficlens ships: the reading stages, the writer report, and the
    tags last, because they use whatever layers came before them."""
    return Pipeline([*reading_stages(packs), writing_stage, tags_stage(load_taxonomy())])


@dataclass(frozen=True, slots=True)
class Analysis:
    """A fully analysed document and how long the analysis took."""

    document: Document
    seconds: float

    def story_words(self) -> int:
        """Words in the story text: body paragraphs only, not notes, headings or front matter."""
        doc = self.document
        return sum(
            count_words(doc.text[p.start : p.end])
            for p in doc.layer(layers.PARAGRAPHS)
            if p.label == layers.ROLE_BODY
        )

    def to_dict(self, *, include_text: bool = False, mentions: bool = False) -> dict[str, Any]:
        """The contract object; `include_text` adds ``text``, `mentions` the mention list."""
        doc = self.document
        linked = _mentions(doc)
        counts = Counter(who for _, _, who, _ in linked)
        meta = doc.meta
        words = self.story_words()
        chapters = [
            {
                "index": int(c.attrs.get("index", i + 1)),
                "title": c.label or None,
                "start": c.start,
                "end": c.end,
            }
            for i, c in enumerate(doc.layer(layers.CHAPTERS))
        ]
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": {
                "path": doc.source.path,
                "format": doc.source.format,
                "sha256": doc.source.sha256,
            },
            "work": {
                "title": meta.title,
                "authors": list(meta.authors),
                "url": meta.url,
                "language": meta.language,
                "rating": meta.rating,
                "warnings": list(meta.warnings),
                "categories": list(meta.categories),
                "fandoms": list(meta.fandoms),
                "relationships": list(meta.relationships),
                "characters": list(meta.characters),
                "freeform": list(meta.freeform),
                "series": [{"title": s.title, "part": s.part} for s in meta.series],
                "summary": meta.summary,
                "published": meta.published,
                "updated": meta.updated,
                "completed": meta.completed,
                "words": words,
                "chapters_posted": meta.chapters_posted or len(chapters),
                "chapters_expected": meta.chapters_expected,
            },
            "chapters": chapters,
            "notes": [
                {"kind": n.label, "chapter": n.attrs.get("chapter"), "start": n.start, "end": n.end}
                for n in doc.layer(layers.NOTES)
            ],
            "scenes": _scenes(doc),
            "characters": _characters(doc, counts),
            "quotes": _quotes(doc),
            "relationships": [r.to_dict() for r in relationships(doc)],
            "network": character_network(doc, counts),
            "tags": [t.to_dict() for t in suggestions(doc)] if doc.has(layers.TAGS) else [],
            "writing": [
                {
                    "start": w.start,
                    "end": w.end,
                    "type": w.label,
                    "message": w.attrs["message"],
                    "suggestion": w.attrs["suggestion"],
                    "rule": w.attrs["rule"],
                }
                for w in doc.layer(layers.WRITING)
            ],
            "world": [_fact(f.start, f.end, f.label, f.attrs) for f in doc.layer(layers.WORLD)],
            "stats": {
                "words": words,
                "dialogue_share": _dialogue_share(doc),
                "seconds": round(self.seconds, 4),
            },
        }
        if mentions:
            out["mentions"] = [
                {"start": s, "end": e, "character": who, "kind": kind} for s, e, who, kind in linked
            ]
        if include_text:
            out["text"] = doc.text
        return out


def _scenes(doc: Document) -> list[dict[str, Any]]:
    """Scenes with their narrative person and narration tense."""
    persons = {(p.start, p.end): p for p in doc.layer(layers.PERSON)}
    povs = {(p.start, p.end): p for p in doc.layer(layers.POV)}
    tenses = {(t.start, t.end): t for t in scene_tenses(doc)}
    out = []
    for s in doc.layer(layers.SCENES):
        person = persons.get((s.start, s.end))
        pov = povs.get((s.start, s.end))
        tense = tenses.get((s.start, s.end))
        out.append(
            {
                "start": s.start,
                "end": s.end,
                "chapter": s.attrs.get("chapter"),
                "pov": (pov.label or None) if pov else None,
                "person": (person.label or None) if person else None,
                "tense": tense.label if tense and tense.label != "none" else None,
                "confidence": round(float(pov.attrs["score"]), 3) if pov else 0.0,
            }
        )
    return out


# World-fact keys that relate two people or state a rule; they belong to relationships.
RELATIONAL_KEYS = frozenset({"rule", "family", "family_role", "soulmate", "job_interview", "other"})


def _characters(doc: Document, counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """The cast as the contract describes it. A character's attributes are the pack's canon
    attributes, overridden by what this text states about them: for each key, the value
    whose world facts resolved to that character add up to the highest score."""
    votes: dict[str, dict[str, dict[str, float]]] = {}
    for fact in doc.layer(layers.WORLD):
        who = fact.attrs.get("character")
        key, _, value = fact.label.partition("=")
        if who and value and key not in RELATIONAL_KEYS:
            by_value = votes.setdefault(str(who), {}).setdefault(key, {})
            by_value[value] = by_value.get(value, 0.0) + float(fact.attrs.get("score", 0.0))
    out = []
    for c in doc.layer(layers.CAST):
        attrs = {str(k): str(v) for k, v in dict(c.attrs.get("attributes", {})).items()}
        for key, by_value in votes.get(c.label, {}).items():
            attrs[key] = max(by_value, key=lambda v: by_value[v])
        out.append(
            {
                "id": c.label,
                "name": c.attrs["name"],
                "aliases": list(c.attrs.get("aliases", ())),
                "gender": c.attrs.get("gender", "unknown"),
                "mentions": counts.get(c.label, 0),
                "canon": c.attrs.get("canon"),
                "attributes": attrs,
            }
        )
    return out


def _mentions(doc: Document) -> list[tuple[int, int, str, str]]:
    """Every mention ``(start, end, character, kind)`` in text order, the pronouns of
    quotes and their tags as speaker attribution links them."""
    return [(m.start, m.end, str(m.attrs["character"]), m.label) for m in linked_mentions(doc)]


def _quotes(doc: Document) -> list[dict[str, Any]]:
    """Quotes with their kind, speaker, addressees and the confidence of the attribution."""
    kinds = {(k.start, k.end): k.label for k in doc.layer(layers.SPEECH)}
    speakers = {(w.start, w.end): w for w in doc.layer(layers.SPEAKERS)}
    out = []
    for q in doc.layer(layers.QUOTES):
        who = speakers.get((q.start, q.end))
        out.append(
            {
                "start": q.start,
                "end": q.end,
                "text": doc.text[q.start : q.end],
                "kind": kinds.get((q.start, q.end), "speech"),
                "speaker": (who.label or None) if who else None,
                "addressees": list(who.attrs.get("addressees", ())) if who else [],
                "confidence": round(float(who.attrs.get("confidence", 0.0)), 3) if who else 0.0,
                "reason": who.attrs.get("reason") if who else None,
            }
        )
    return out


def _fact(start: int, end: int, label: str, attrs: Any) -> dict[str, Any]:
    """A world fact: ``key=value`` split, with its subject span and character when known."""
    key, _, value = label.partition("=")
    subject = attrs.get("subject")
    return {
        "start": start,
        "end": end,
        "key": key,
        "value": value,
        "subject": list(subject) if subject else None,
        "character": attrs.get("character"),
        "score": round(float(attrs.get("score", 0)), 3),
        "cue": attrs.get("cue"),
    }


def _dialogue_share(doc: Document) -> float:
    body = [p for p in doc.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_BODY]
    total = sum(p.end - p.start for p in body)
    if not total:
        return 0.0
    quoted = sum(q.end - q.start for q in doc.layer(layers.QUOTES))
    return round(min(1.0, quoted / total), 4)


def analyze_document(doc: Document, pipeline: Pipeline | None = None) -> Analysis:
    """Run the pipeline over an already read document."""
    t0 = time.perf_counter()
    done = (pipeline or default_pipeline())(doc)
    return Analysis(done, time.perf_counter() - t0)


def analyze(path: str | Path, pipeline: Pipeline | None = None) -> Analysis:
    """Read and analyse one work; raises `IngestError` if the file cannot be read."""
    t0 = time.perf_counter()
    doc = read_path(path)
    done = (pipeline or default_pipeline())(doc)
    return Analysis(done, time.perf_counter() - t0)


def analyze_many(
    paths: Iterable[str | Path], pipeline: Pipeline | None = None
) -> Iterator[Analysis | IngestError]:
    """Analyse files (folders expanded) one at a time, yielding an `IngestError` in place of
    each file that cannot be read so the rest of the batch goes on."""
    pipe = pipeline or default_pipeline()
    for path in expand_paths(paths):
        try:
            yield analyze(path, pipe)
        except IngestError as exc:
            yield exc
