"""Scenes: runs of body paragraphs per chapter, split at breaks, without notes or headings."""

from __future__ import annotations

from ficlens.document import Document, SourceInfo, Span, WorkMeta
from ficlens.ingest.builder import TextBuilder, assemble
from ficlens.layers import ROLE_HEADING, ROLE_NOTE, SCENES
from ficlens.pipeline import Pipeline
from ficlens.structure import scenes, structure_stages

SOURCE = SourceInfo("t.html", "html", "0" * 64, 0)


def scene_texts(doc: Document) -> list[tuple[str, object]]:
    return [(doc.span_text(s), s.attrs["chapter"]) for s in scenes(doc).layer(SCENES)]


def test_scenes_split_at_breaks_and_chapters_and_skip_notes() -> None:
    b = TextBuilder()
    with b.note("work_summary"):
        b.add("Two friends and a lighthouse.", ROLE_NOTE)
    with b.chapter(1, "Arrival"):
        b.add("Arrival", ROLE_HEADING)
        with b.note("chapter_notes", 1):
            b.add("Thanks for reading!", ROLE_NOTE)
        b.add("The ferry was late.")
        b.add("Nobody minded.")
        b.add("* * *")
        b.add("By dusk the lamp was lit.")
        b.scene_break()
        b.add("Morning, grey and wet.")
    with b.chapter(2, "Storm"):
        b.add("Storm", ROLE_HEADING)
        b.add("Thunder all night.")
        with b.note("chapter_end_notes", 2):
            b.add("More soon.", ROLE_NOTE)
    doc = b.build(WorkMeta(), SOURCE)
    assert scene_texts(doc) == [
        ("The ferry was late.\n\nNobody minded.", 1),
        ("By dusk the lamp was lit.", 1),
        ("Morning, grey and wet.", 1),
        ("Thunder all night.", 2),
    ]


def test_scenes_without_chapters_have_no_chapter_index() -> None:
    text = "One.\n\nTwo.\n\n\n\nThree.\n\nA note.\n\nFour."
    doc = assemble(
        text,
        WorkMeta(),
        SOURCE,
        paragraphs=[Span(s, e, "body") for s, e in [(0, 4), (6, 10), (14, 20), (22, 29), (31, 36)]],
        breaks=[Span(10, 14)],
        notes=[Span(22, 29, "authors_note")],  # a note span over a body-labelled paragraph
    )
    assert scene_texts(doc) == [("One.\n\nTwo.", None), ("Three.", None), ("Four.", None)]


def test_structure_stages_run_as_a_pipeline() -> None:
    pipe = Pipeline(structure_stages())
    assert pipe.provides >= {"scenes", "sentences", "tokens", "quotes"}
    doc = pipe(assemble("“Hi,” I said.", WorkMeta(), SOURCE, paragraphs=[Span(0, 13, "body")]))
    assert [doc.span_text(s) for s in doc.layer("sentences")] == ["“Hi,” I said."]
    assert len(doc.layer("tokens")) == 7
    assert [doc.span_text(q) for q in doc.layer("quotes")] == ["“Hi,”"]
