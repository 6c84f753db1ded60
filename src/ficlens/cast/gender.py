"""Gender of a character: from titles, canon, given names and the pronouns used for them.

Evidence is weighed in this order: a gendered title ("Mrs.", "Sir"), the fandom pack, a
common given name of one gender ("Henry", "Annie"), a clear pronoun majority (several
pronouns, far more of one kind), a small pronoun majority; otherwise "unknown". The name's
own evidence comes before pronouns because pronoun resolution errs far more often than
"Mrs." or "Annie" does; a given name both sexes bear ("Sam", "Alex") tells nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ficlens.cast.features import word_set

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
            "grandpapa", "granddad", "grandad", "gramps", "grandpop", "pappy", "laddie",
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
            "grandmamma", "grandmama", "granny", "nanna", "mammy", "missy",
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
    votes: Mapping[str, int],
    title: str | None = None,
    canon: str | None = None,
    given: str | None = None,
) -> tuple[str, str]:
    """The gender of a character and why, from its `title`, `canon` gender, the gender of
    its `given` name and pronoun `votes`."""
    if title is not None:
        return title, "gendered title"
    if canon is not None:
        return canon, "canon gender"
    if given is not None:
        return given, "given name"
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    top, count = ranked[0] if ranked else (UNKNOWN, 0)
    second = ranked[1][1] if len(ranked) > 1 else 0
    if count >= STRONG_VOTES and count >= STRONG_MARGIN * second:
        return top, f"pronouns: {_tally(ranked)}"
    if count >= 1 and count >= WEAK_MARGIN * second + 1:
        return top, f"pronouns: {_tally(ranked)}"
    return UNKNOWN, "no title, canon gender, given name or pronoun majority"


def _tally(ranked: list[tuple[str, int]]) -> str:
    return ", ".join(f"{n} {g}" for g, n in ranked if n)


_MALE_GIVEN = word_set(
    "aaron abraham adam adrian alan albert alexander alfred allan andrew anthony antonio archibald",
    "archie arnold arthur augustus austin barnaby bartholomew basil ben benedict benjamin bernard",
    "bertie bill billy bob bobby boris brian bruce bryan carl carlos cecil cedric charles charlie",
    "christopher clarence claude clement clifford colin conrad cyril dan daniel david dennis derek",
    "dick dmitri donald douglas duncan dwight earl edgar edmund edward edwin eric ernest eugene",
    "ezra felix ferdinand francis frank franz fred freddie frederick fyodor gabriel geoffrey",
    "george",
    "gerald gilbert giovanni godfrey gordon graham gregory guy hans harold harry harvey hector",
    "henry herbert horace howard hubert hugh hugo humphrey ivan jack jacob jake james jasper jeff",
    "jeffrey jeremy jerome jim jimmy joe john johnny jonathan joseph josh joshua julian julius",
    "karl keith ken kenneth kevin lawrence leo leon leonard leopold lewis lionel louis luke",
    "malcolm marcus mark martin matthew maurice max michael mike mikhail morris nathan nathaniel",
    "neville nicholas nick nigel noah norman oliver oscar oswald owen patrick paul percy peter",
    "philip phillip pierre ralph randolph raymond reginald richard robert rodney roger ronald",
    "rupert russell samuel sebastian sergei sidney simon stanley stephen steve steven stuart",
    "theodore thomas tim timothy toby tom tommy tony victor vincent walter wilfred will william",
    "willie willoughby",
    "abdul abe abel ahmed alphonse ambrose amos andre andrei angus anton armand barnabas",
    "cuthbert desmond dudley elias elijah emil enoch enrico ernst eugenio eustace ezekiel",
    "filippo francesco francois fritz gaston gideon giles giuseppe gustav hamid hassan",
    "heinrich henri hercule hiram horatio ibrahim isaac jacques jem jemmy jeremiah jerry",
    "jonas josiah jules karim lancelot lemuel lorenzo lucius luigi marcel mario marco",
    "mohammed montague mordecai mortimer moses muhammad ned nikolai omar otto pablo paolo",
    "pavel pedro percival pyotr raoul reuben roderick rudolf rudolph rufus septimus silas",
    "solomon ted teddy thaddeus tobias ulysses uriah vladimir wilhelm yusuf zachary",
)
_FEMALE_GIVEN = word_set(
    "ada adela adelaide agatha agnes alice alicia amelia amy anna anne annie antoinette arabella",
    "beatrice becky bella bertha beth betsy betty blanche bridget caroline catherine cecilia",
    "cecily charlotte clara clarissa constance cora daisy diana dolly dora doris dorothea dorothy",
    "edith edna eleanor elinor eliza elizabeth ella ellen elsie emily emma esther ethel eugenia",
    "evelyn fanny florence frances gertrude grace gwendolen hannah harriet helen henrietta hester",
    "ida irene isabel isabella jane janet jean jennie jenny jessica jessie joan josephine judith",
    "julia juliet karen kate katharine katherine kathleen katie kitty laura lavinia lily lizzie",
    "lottie louisa louise lucy lydia mabel madeleine maggie margaret maria marian marianne",
    "marie marjorie martha mary matilda maud meg millie minnie miriam molly nancy natasha nell",
    "nellie nora olive olivia pam pamela pauline peggy penelope phoebe polly priscilla rachel",
    "rebecca rosa rosamond rose ruth sally sarah sophia sophie susan susanna sybil sylvia",
    "teresa theresa violet virginia winifred winnie",
    "adele angela anastasia babette babs belinda bessie brenda camilla carrie cassandra",
    "celia cecile clementine colette cordelia cynthia daphne delia dinah elena elsa",
    "emmeline euphemia eva eve evie felicia fiona flora francesca georgiana georgina",
    "gladys gwen hattie hazel helene hetty hilda imogen iris irina jacqueline jemima",
    "joanna julie katerina katya lena leonora letitia lilian lillian lucia lucille lucinda",
    "mamie marguerite masha mildred monica muriel nadia natalia nina norah olga patience",
    "pearl phyllis prudence rhoda rosalind rosie sadie selina simone sissy sonia sonya",
    "sophy stella sylvie tabitha tanya tatiana tessa ursula valerie vanessa vera veronica",
    "viola wilhelmina yvonne",
)
_MALE_ENDINGS = ("ovitch", "evitch", "ovich", "evich", "ovitz")
"""Endings of Russian patronymics of men ("Semyonovitch")."""
_FEMALE_ENDINGS = ("ovna", "evna", "ichna")
"""Endings of Russian patronymics of women ("Petrovna")."""


def name_gender(given: str) -> str | None:
    """The gender a common given name carries ("Henry" male, "Mary" female), else None:
    names given to both ("Sam", "Alex", "Leslie") and rare names tell nothing."""
    word = given.casefold()
    if word in _MALE_GIVEN:
        return MALE
    if word in _FEMALE_GIVEN:
        return FEMALE
    return None


def words_gender(words: Sequence[str]) -> str | None:
    """The gender a name's words carry: its common given name ("Henry"), else a patronymic
    after it ("Arkady Semyonovitch" male, "Lidiya Petrovna" female)."""
    if not words:
        return None
    found = name_gender(words[0])
    if found is not None:
        return found
    for word in words[1:]:
        key = word.casefold()
        if key.endswith(_MALE_ENDINGS):
            return MALE
        if key.endswith(_FEMALE_ENDINGS):
            return FEMALE
    return None
