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
      with any title: "Mr. Bennet") or ``nominal`` ("the receptionist", "her mother");
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
