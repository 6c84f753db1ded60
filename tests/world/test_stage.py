"""The world stage: its contract, subject resolution, canon priors, data-only lexicons, speed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pytest

from ficlens.document import Document, Layer, SourceInfo, Span, WorkMeta
from ficlens.errors import PipelineError
from ficlens.eval.litbank_data import text_document
from ficlens.ingest.builder import assemble
from ficlens.layers import CAST, MENTIONS, PARAGRAPHS, QUOTES, ROLE_BODY, ROLE_NOTE, WORLD
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.world import find_facts, load_lexicon, world_layer, world_stage
from tests.world.passages import analyse

PASSAGE = (
    "Alphas and omegas shared the valley. Marcus was an omega, and Ilse was his soulmate. "
    "The omega smiled at Ilse, his new boss."
)


def structured(text: str) -> Document:
    """`text` through the structure stages."""
    return Pipeline(structure_stages())(text_document(text, Path("t.txt")))


def test_stage_contract() -> None:
    stage = world_stage()
    assert stage.provides == frozenset({WORLD})
    assert {PARAGRAPHS, QUOTES} <= stage.requires
    bare = text_document("Marcus was an omega.", Path("t.txt"))
    with pytest.raises(PipelineError):
        stage(bare)
    doc = analyse(PASSAGE)
    for span in doc.layer(WORLD):
        key, _, value = span.label.partition("=")
        assert key and value
        assert set(span.attrs) >= {"subject", "character", "score", "cue"}
        assert span.attrs["character"] is None  # no cast stage ran


def test_subjects_resolve_through_mentions_and_canon_priors_raise_scores() -> None:
    doc = structured(PASSAGE)
    text = doc.text

    def at(word: str, nth: int = 0) -> tuple[int, int]:
        """Offsets of the `nth` occurrence of `word`."""
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    mentions = [
        Span(*at("Marcus"), "name", {"character": "Marcus Reed"}),
        Span(*at("his"), "pronoun", {"character": "Marcus Reed"}),
        Span(*at("Ilse"), "name", {"character": "Ilse Berg"}),
        Span(*at("The omega"), "epithet", {"character": "Marcus Reed"}),
        Span(*at("Ilse", 1), "name", {"character": "Ilse Berg"}),
        Span(*at("his", 1), "pronoun", {"character": "Marcus Reed"}),
    ]
    cast = [
        Span(*at("Marcus"), "Marcus Reed", {"attributes": MappingProxyType({})}),
        Span(*at("Ilse"), "Ilse Berg", {"attributes": MappingProxyType({"job": "Boss"})}),
    ]
    doc = doc.with_layers(Layer(MENTIONS, mentions), Layer(CAST, cast))
    layer = world_layer(doc)
    got = {
        (s.label, s.attrs["character"], s.attrs["other_character"], s.attrs["score"]) for s in layer
    }
    assert ("secondary_gender=omega", "Marcus Reed", None, 0.9) in got
    assert ("soulmate=bond", "Marcus Reed", "Ilse Berg", 0.85) in got
    assert ("secondary_gender=omega", "Marcus Reed", None, 0.6) in got  # "The omega"
    assert ("job=boss", "Ilse Berg", "Marcus Reed", 0.95) in got  # 0.85 + canon prior


def test_only_story_paragraphs_are_read() -> None:
    note = "Thanks to my beta, who is an alpha among editors."
    story = "Marcus was an omega. Ilse was an alpha."
    text = f"{note}\n\n{story}"
    source = SourceInfo("t.txt", "text", "0" * 64, len(text))
    paragraphs = [Span(0, len(note), ROLE_NOTE), Span(len(note) + 2, len(text), ROLE_BODY)]
    doc = Pipeline([*structure_stages(), world_stage()])(
        assemble(text, WorkMeta(), source, paragraphs=paragraphs)
    )
    assert all(s.start > len(note) for s in doc.layer(WORLD))
    assert {s.label for s in doc.layer(WORLD)} == {
        "secondary_gender=omega",
        "secondary_gender=alpha",
    }


def test_a_new_vocabulary_is_data_only(tmp_path: Path) -> None:
    builtin = resources.files("ficlens") / "data" / "world"
    for name in ("grammar.toml", "gates.toml"):
        (tmp_path / name).write_text(builtin.joinpath(name).read_text(encoding="utf-8"))
    (tmp_path / "castes.toml").write_text(
        'key = "caste"\nkind = "role"\nrules = true\n\n'
        '[[term]]\nforms = ["thornblood", "ashborn"]\nplurals = ["thornbloods", "ashborns"]\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon(tmp_path)
    doc = structured(
        "Ravi was a thornblood. Thornbloods never forgot a debt. Mei, an ashborn, laughed."
    )
    got = {
        (f.label, doc.text[f.subject[0] : f.subject[1]] if f.subject else None)
        for f in find_facts(doc, lexicon)
    }
    assert got == {
        ("caste=thornblood", "Ravi"),
        ("rule=Thornbloods never forgot a debt", None),
        ("caste=ashborn", "Mei"),
    }


def test_facts_grow_with_the_text() -> None:
    paragraph = (
        "The heat of the day pressed on the town. Her mother was a nurse, and his brother Theo "
        "worked as a clerk. Marcus was an omega; the alpha at the door was his new boss. "
        "Omegas were said to feel the bond first. She said nothing about her soulmate.\n\n"
    )
    small = structured(paragraph * 50)
    large = structured(paragraph * 400)

    assert len(find_facts(large)) == 8 * len(find_facts(small))
