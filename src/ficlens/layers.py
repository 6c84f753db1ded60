"""Names and label conventions of the standard layers, shared by readers and stages.

Ingest provides:
  ``paragraphs`` label = role: ``body`` (story text), ``note`` (author's notes, summaries),
      ``heading`` (chapter or section headings), ``front`` (title-page or preface lines).
  ``chapters``   label = chapter title ("" when untitled), attrs ``index`` (1-based).
  ``notes``      label = note kind (contract values: ``work_summary``, ``chapter_notes``, ...),
      attrs ``chapter`` (index or None).
  ``breaks``     scene-break separators (a run of extra blank lines, ``***``, ``<hr>``).
Stages provide:
  ``scenes``     label = "", attrs ``chapter``.
  ``sentences``, ``tokens`` (label = token kind: ``word``, ``punct``, ``num``, ``sym``).
  ``quotes``     label = quote style (``double``, ``single``, ``dash``, ``nested``),
      attrs ``open_end`` (True when the closing mark is missing or the quote reopens in
      the next paragraph).
  ``persons``    person mention candidates (not pronouns): label ``name`` (proper name,
      with any title: "Mr. Bennet") or ``nominal`` ("the receptionist", "her mother",
      with its "of" phrases and short relative clauses: "the wife of the miller");
      attrs ``score``.
  ``cast``       one span per character, at its first mention; label = character id;
      attrs ``name``, ``aliases`` (tuple), ``gender``, ``canon`` (canonical tag or None),
      ``mentions`` (count), ``attributes`` (mapping), ``score``, ``reasons`` (tuple).
  ``mentions``   every resolved mention of a character: label ``name``, ``pronoun`` or
      ``epithet``; attrs ``character`` (id), ``score``, ``reason``.
  ``speech``     parallel to ``quotes`` (same spans): label = kind (``speech``, ``thought``,
      ``written``, ``scare``); attrs ``tag`` ((start, end) of the speaker expression in an
      explicit speech tag or action beat, or None), ``tag_kind`` (``name``, ``pronoun``,
      ``nominal``), ``verb``, ``pattern`` (the rule that found the tag), ``vocatives``
      (tuple of (start, end) names addressed inside the quote).
  ``tense``      one span per body paragraph: label ``past``, ``present``, ``mixed`` or
      ``none`` (narration only, dialogue excluded); attrs verb counts and ``flashback``.
  ``person``     one span per scene: label ``first``, ``second``, ``third`` or "" (too
      little evidence); attrs pronoun counts and ``score``.
  ``writing``    beta-reader findings: label = contract type (``tense_shift``, ...); attrs
      ``rule``, ``message``, ``suggestion``.
  ``speakers``   parallel to ``quotes``: label = speaker character id ("" when unknown);
      attrs ``addressees`` (tuple of ids), ``confidence``, ``reason`` (the sieve or feature
      that decided).
  ``pov``        one span per scene: label = focal character id ("" for none or
      omniscient); attrs ``mode`` (``limited``, ``first``, ``omniscient``, ``unknown``),
      ``score``, ``evidence`` (tuple of (start, end)), ``reasons``.
  ``relationships`` one span per piece of evidence: label = ``a|b`` (the two character ids,
      sorted); attrs ``type`` (romantic, platonic, family, professional, antagonistic),
      ``status``, ``tag`` (AO3 spelling), ``score`` (the pair's overall score), ``cue``.
  ``interactions`` one span per scene or quote linking two characters: label = ``a|b``;
      attrs ``kind`` (``copresent``, ``speaks_to``, ``acts_on``), ``weight``.
  ``world``      world facts stated in the text, one span per piece of evidence: label =
      ``key=value`` (``secondary_gender=omega``, ``soulmate=acknowledged``, ``job=salesman``,
      ``rank=Regional Manager``, ``family=grandmother``, ``species=vampire``); attrs
      ``subject`` ((start, end) of the expression the fact is about, or None), ``character``
      (id when resolved, else None), ``score``, ``cue``.
  ``tags``       AO3-style tag evidence, one span per piece of evidence: label = tag name
      (canonical AO3 spelling); attrs ``type`` (freeform, rating, warning, category),
      ``score`` (the tag's overall score), ``cue`` (what matched).
"""

from __future__ import annotations

PARAGRAPHS = "paragraphs"
CHAPTERS = "chapters"
NOTES = "notes"
BREAKS = "breaks"
SCENES = "scenes"
SENTENCES = "sentences"
TOKENS = "tokens"
QUOTES = "quotes"
PERSONS = "persons"
CAST = "cast"
MENTIONS = "mentions"
SPEECH = "speech"
WORLD = "world"
SPEAKERS = "speakers"
POV = "pov"
RELATIONSHIPS = "relationships"
INTERACTIONS = "interactions"
TAGS = "tags"
TENSE = "tense"
PERSON = "person"
WRITING = "writing"

INGEST_LAYERS = frozenset({PARAGRAPHS, CHAPTERS, NOTES, BREAKS})

ROLE_BODY = "body"
ROLE_NOTE = "note"
ROLE_HEADING = "heading"
ROLE_FRONT = "front"

NOTE_KINDS = frozenset(
    {
        "work_summary",
        "work_notes",
        "work_end_notes",
        "chapter_summary",
        "chapter_notes",
        "chapter_end_notes",
        "authors_note",
    }
)
