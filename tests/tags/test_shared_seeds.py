"""The tags a careful AO3 tagger would give the two seed works, and agreement with the author
of the shared AO3 download (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

from ficlens.analysis import default_pipeline
from ficlens.document import Document
from ficlens.eval.tags import evaluate_tags
from ficlens.ingest import read_path
from ficlens.layers import TAGS
from ficlens.pipeline import Pipeline
from ficlens.tags import Suggestion, load_taxonomy, suggestions, tags_stage
from ficlens.tags.detect import fold_text


def analysed(path: Path) -> tuple[Document, dict[str, Suggestion]]:
    pipeline = default_pipeline()
    if TAGS not in pipeline.provides:
        pipeline = Pipeline([*pipeline.stages, tags_stage(load_taxonomy())])
    doc = pipeline(read_path(path))
    return doc, {s.tag: s for s in suggestions(doc)}


def of_type(tags: dict[str, Suggestion], kind: str) -> set[str]:
    return {t for t, s in tags.items() if s.type == kind}


def test_abo_soulmates_seed(shared: Path) -> None:
    doc, tags = analysed(shared / "seeds" / "office-soulmates-abo.txt")
    free = of_type(tags, "freeform")
    assert {"Alpha/Beta/Omega Dynamics", "Alternate Universe - Soulmates"} <= free
    assert "Denial of Feelings" in free
    assert not free & {"Mutual Pining", "First Date", "Love Confessions", "Fluff", "Jealousy"}
    assert of_type(tags, "rating") == {"Teen And Up Audiences"}  # it swears, once or twice
    assert of_type(tags, "warning") == {"No Archive Warnings Apply"}
    words = {fold_text(doc.text[s:e]) for s, e, _ in tags["Alpha/Beta/Omega Dynamics"].evidence}
    assert {"alpha", "omega"} & words


def test_the_job_seed(shared: Path) -> None:
    doc, tags = analysed(shared / "seeds" / "office-the-job-alt-pov.txt")
    free = of_type(tags, "freeform")
    assert {"Mutual Pining", "First Date", "Love Confessions", "Fluff"} <= free
    assert "Alternating Points of View" in free  # the author's note says so
    assert not free & {"Jealousy", "Alpha/Beta/Omega Dynamics", "Pranks", "First Kiss"}
    assert of_type(tags, "rating") <= {"General Audiences", "Teen And Up Audiences"}
    dates = [fold_text(doc.text[s:e]) for s, e, _ in tags["First Date"].evidence]
    assert any("date" in d for d in dates)


def test_author_tags_of_the_shared_download(shared: Path) -> None:
    report = evaluate_tags([shared / "data" / "ao3"])
    work = next(w for w in report.scored if w.path.endswith("work-23009290.html"))
    assert {"Hurt/Comfort", "Stabbing", "Angst with a Happy Ending"} <= set(work.matched)
    assert set(work.undetectable) == {"Future Fic", "Id Fic"}
    assert work.rating[0] == work.rating[1] == "Teen And Up Audiences"
    assert work.warnings is not None and work.warnings.f1 == 1.0
    copies = [w for w in report.works if "work-23009290" in w.path]
    assert len(copies) == 5 and sum(w.duplicate_of is None for w in copies) == 1
    assert {w.matched for w in copies} == {work.matched}  # every format reads the same
