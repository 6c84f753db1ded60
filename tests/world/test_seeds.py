"""World facts of the two seed fan works and of LitBank novels (read from ../shared)."""

from __future__ import annotations

from pathlib import Path

from ficlens.document import Document
from ficlens.eval.litbank_data import text_document
from ficlens.ingest import read_path
from ficlens.layers import WORLD
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.world import find_facts, world_stage

ABO = "office-soulmates-abo.txt"
JOB = "office-the-job-alt-pov.txt"
NOVELS = (
    "1023_bleak_house",
    "1260_jane_eyre_an_autobiography",
    "345_dracula",
    "105_persuasion",
    "1661_the_adventures_of_sherlock_holmes",
)
WORLD_KEYS = {"secondary_gender", "lineage", "cycle", "soulmate", "magic"}


def seed(shared: Path, name: str) -> Document:
    """A seed work through the structure and world stages."""
    return Pipeline([*structure_stages(), world_stage()])(read_path(shared / "seeds" / name))


def facts(doc: Document) -> set[tuple[str, str | None]]:
    """(label, subject text) of every world fact."""
    out = set()
    for s in doc.layer(WORLD):
        subject = s.attrs["subject"]
        out.add((s.label, doc.text[subject[0] : subject[1]] if subject else None))
    return out


def test_abo_seed(shared: Path) -> None:
    doc = seed(shared, ABO)
    found = facts(doc)
    expected = {
        ("secondary_gender=alpha", "he"),  # "he was born an alpha"
        ("secondary_gender=alpha", "Dwight"),  # "being a pureblood alpha", "Dwight the alpha"
        ("lineage=pureblood alpha", "Dwight"),
        ("lineage=alpha parents", "Dwight"),
        ("secondary_gender=omega", "David Wallace"),
        ("secondary_gender=omega", "the omega"),  # Jim, once the cast resolves it
        ("secondary_gender=alpha", "my mother"),  # "even as an alpha"
        ("soulmate=recognised", "Jim"),  # the zing he felt
        ("soulmate=unacknowledged", "he"),  # Jim resolves to ignore the bond
        ("soulmate=bond", "his"),
        ("soulmate=bond", "they"),  # "if Dwight knew they were a pair"
        ("job=receptionist", "Pam"),
        ("job=boss", "Michael Scott"),
        ("job=salesman", "he"),  # "despite just being a salesman"
        ("job=salesman", "the salesman"),
        ("family=grandmother", "My"),
    }
    assert expected <= found
    bonds = {
        doc.text[s.attrs["other"][0] : s.attrs["other"][1]]
        for s in doc.layer(WORLD)
        if s.label == "soulmate=bond" and s.attrs["other"]
    }
    assert "Dwight" in bonds  # "how Dwight could possibly be his soulmate"
    rules = [label for label, _ in found if label.startswith("rule=")]
    assert sum("omegas" in rule for rule in rules) >= 4
    un = doc.text.index("un-omegan")
    assert not [s for s in doc.layer(WORLD) if s.start <= un < s.end]
    assert not [s for s in doc.layer(WORLD) if "zing down" in doc.span_text(s)]


def test_job_seed(shared: Path) -> None:
    doc = seed(shared, JOB)
    found = facts(doc)
    expected = {
        ("rank=Regional Manager", "his"),  # "his new position as Regional Manager"
        ("job=assistant", "Hunter"),
        ("job_interview=new job", "Jim"),
        ("job_interview=corporate", "he"),
        ("family=girlfriend", "Jim"),
        ("job=receptionist", "the receptionist"),
    }
    assert expected <= found
    assert not {label for label, _ in found if label.partition("=")[0] in WORLD_KEYS}


def test_litbank_novels_have_few_world_facts(shared: Path) -> None:
    root = shared / "data" / "litbank" / "original"
    pipeline = Pipeline(structure_stages())
    for name in NOVELS:
        path = root / f"{name}.txt"
        doc = pipeline(text_document(path.read_text(encoding="utf-8"), path))
        found = find_facts(doc)
        keys = {f.key for f in found}
        assert not keys & WORLD_KEYS, name  # no omegaverse, soulmates or magic in these
        if name != "345_dracula":
            assert "species" not in keys, name  # only Dracula is among vampires
