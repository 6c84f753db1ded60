"""Gender of a character: from the pronouns the text uses for them, titles and canon.

Evidence is weighed in this order: a clear pronoun majority (several pronouns, far more of
one kind), a gendered title ("Mrs.", "Sir"), the fandom pack, a small pronoun majority;
otherwise "unknown". A name alone never decides: "Sam" or "Alex" stays unknown until the
text or the pack says.
"""

from __future__ import annotations

from collections.abc import Mapping

MALE = "male"
FEMALE = "female"
NONBINARY = "nonbinary"
UNKNOWN = "unknown"

PRONOUN_GENDER: Mapping[str, str] = {
    **dict.fromkeys(("he", "him", "his", "himself"), MALE),
    **dict.fromkeys(("she", "her", "hers", "herself"), FEMALE),
    **dict.fromkeys(("they", "them", "their", "theirs", "themself", "themselves"), NONBINARY),
}
"""Third-person pronouns and the gender they agree with (they: singular they)."""

NOUN_GENDER: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "man", "men", "boy", "guy", "gentleman", "lad", "husband", "father", "dad",
            "brother", "son", "uncle", "nephew", "grandfather", "grandpa", "king", "prince",
            "lord", "sir", "duke", "count", "baron", "emperor", "monk", "priest", "waiter",
            "actor", "host", "boyfriend", "fiance", "groom", "bachelor", "widower",
            "gentlemen", "mister", "daddy", "papa", "stepfather", "godfather", "sire",
            "fellow", "chap", "dude", "bloke", "businessman", "husband-to-be",
        ),
        MALE,
    ),
    **dict.fromkeys(
        (
            "woman", "women", "girl", "lady", "gal", "lass", "wife", "mother", "mom", "mum",
            "sister", "daughter", "aunt", "niece", "grandmother", "grandma", "queen",
            "princess", "duchess", "countess", "baroness", "empress", "nun", "waitress",
            "actress", "hostess", "girlfriend", "fiancee", "fiancée", "bride", "widow",
            "maid", "madam", "mistress", "mommy", "mama", "stepmother", "godmother",
            "ladies", "businesswoman", "heroine", "matron", "spinster",
        ),
        FEMALE,
    ),
}  # fmt: skip
"""Person nouns that carry gender ("the older man", "the girl")."""

STRONG_VOTES = 3
STRONG_MARGIN = 4.0
WEAK_MARGIN = 2.0


def noun_gender(noun: str) -> str | None:
    """Gender a person noun carries: listed nouns, then ``-man``/``-woman``/``-tress`` words."""
    word = noun.casefold()
    found = NOUN_GENDER.get(word)
    if found is not None:
        return found
    if word.endswith(("woman", "women")):
        return FEMALE
    if word.endswith(("man", "men")) and len(word) > 4 and not word.endswith("human"):
        return MALE
    if word.endswith("tress"):
        return FEMALE
    return None


def fits(gender: str | None, wanted: str | None) -> bool:
    """Whether a character of `gender` (None: unknown) can be referred to as `wanted`."""
    return gender is None or wanted is None or gender == wanted


def decide_gender(
    votes: Mapping[str, int], title: str | None = None, canon: str | None = None
) -> tuple[str, str]:
    """The gender of a character and why, from pronoun `votes`, `title` and `canon` gender."""
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    top, count = ranked[0] if ranked else (UNKNOWN, 0)
    second = ranked[1][1] if len(ranked) > 1 else 0
    if count >= STRONG_VOTES and count >= STRONG_MARGIN * second:
        return top, f"pronouns: {_tally(ranked)}"
    if title is not None:
        return title, "gendered title"
    if canon is not None:
        return canon, "canon gender"
    if count >= 1 and count >= WEAK_MARGIN * second + 1:
        return top, f"pronouns: {_tally(ranked)}"
    return UNKNOWN, "no pronoun majority, title or canon gender"


def _tally(ranked: list[tuple[str, int]]) -> str:
    return ", ".join(f"{n} {g}" for g, n in ranked if n)
