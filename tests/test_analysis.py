"""The full analysis of short original works: facts stated in the text reach the output."""

from __future__ import annotations

from ficlens.analysis import analyze_document
from ficlens.ingest import read_bytes

STORY = """Theo Marsh had been an omega all his life, and he had never minded it much.

Idris Vale was an alpha, and a loud one. Everyone at the bakery knew it. Idris was the \
head baker, and Theo was the new apprentice.

“You’re late,” Idris said, not looking up from the dough.

“I’m early,” Theo said. “You’re just always here.”

Theo watched him work. He wondered, not for the first time, whether Idris ever slept. \
He felt the zing the moment their hands touched over the flour, and he knew then that \
Idris was his soulmate.

“Theo,” Idris said softly, and kissed him.
"""


def test_stated_secondary_genders_become_character_attributes() -> None:
    data = analyze_document(read_bytes(STORY.encode("utf-8"), "bakery.txt")).to_dict()
    cast = {c["name"]: c for c in data["characters"]}
    assert {"Theo Marsh", "Idris Vale"} <= set(cast)
    assert cast["Theo Marsh"]["attributes"].get("secondary_gender") == "omega"
    assert cast["Idris Vale"]["attributes"].get("secondary_gender") == "alpha"
    assert "family" not in cast["Theo Marsh"]["attributes"]


def test_the_pair_is_a_romantic_relationship_with_an_ao3_tag() -> None:
    data = analyze_document(read_bytes(STORY.encode("utf-8"), "bakery.txt")).to_dict()
    first = data["relationships"][0]
    assert {first["a"], first["b"]} == {"Theo Marsh", "Idris Vale"}
    assert first["type"] == "romantic"
    assert first["tag"] == "Theo Marsh/Idris Vale"  # AO3 orders by family name
    assert first["evidence"]
