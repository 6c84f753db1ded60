"""MOBI/AZW3 reading: the PalmDOC codec, the container, KF8 reassembly and damaged books.

Books are built here by a small test-only writer (PalmDB records, MOBI/EXTH headers, a
greedy PalmDOC compressor, KF8 INDX/FDST records) around texts written for these tests.
"""

from __future__ import annotations

import contextlib
import random
import re
import struct
from pathlib import Path

import pytest

from ficlens import layers
from ficlens.document import Document
from ficlens.errors import IngestError
from ficlens.ingest import read_bytes, read_path
from ficlens.ingest.palmdb import PalmDBError, palmdoc_decompress
from ficlens.textstats import count_words

NULL = 0xFFFFFFFF
_WS = re.compile(r"\s+")


# --- a test-only MOBI writer -------------------------------------------------------------


def compress(data: bytes) -> bytes:
    """Greedy PalmDOC LZ77: back-references to the latest 3-byte match, space+char pairs,
    counted runs for bytes that cannot stand alone."""
    out = bytearray()
    last: dict[bytes, int] = {}
    i, n = 0, len(data)
    while i < n:
        j = last.get(data[i : i + 3], -1) if i + 3 <= n else -1
        length = 0
        if j >= 0 and 0 < i - j <= 2047:
            length = 3
            while length < 10 and i + length < n and data[j + length] == data[i + length]:
                length += 1
        step = length or 1
        for k in range(i, min(i + step, n - 2)):
            last[data[k : k + 3]] = k
        if length:
            out += struct.pack(">H", 0x8000 | ((i - j) << 3) | (length - 3))
            i += length
            continue
        c = data[i]
        if c == 0x20 and i + 1 < n and 0x40 <= data[i + 1] <= 0x7F:
            out.append(data[i + 1] ^ 0x80)
            if i + 3 <= n:
                last[data[i + 1 : i + 4]] = i + 1
            i += 2
        elif c == 0 or 0x09 <= c <= 0x7F:
            out.append(c)
            i += 1
        else:
            run = data[i : i + 8]
            out.append(len(run))
            out += run
            for k in range(i, min(i + len(run), n - 2)):
                last[data[k : k + 3]] = k
            i += len(run)
    return bytes(out)


def vwi(value: int) -> bytes:
    """Forward variable-width integer: 7 bits per byte, high bit on the last byte."""
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(value & 0x7F)
        value >>= 7
    groups.reverse()
    groups[-1] |= 0x80
    return bytes(groups)


def trailing_entry(payload: bytes) -> bytes:
    """A TBS-style trailing entry: payload, then its total size written backwards."""
    size = len(payload) + 1
    if size + 1 > 127:
        size += 1
        return payload + bytes([0x80 | (size >> 7), size & 0x7F])
    return payload + bytes([0x80 | size])


def text_records(text: bytes, *, compression: int = 2, extra_flags: int = 3) -> list[bytes]:
    records = []
    for start in range(0, len(text), 4096):
        chunk = text[start : start + 4096]
        record = compress(chunk) if compression == 2 else chunk
        if extra_flags & 1:
            record += b"\xe2\x80" + b"\x02"  # two overlap bytes, count in the low bits
        if extra_flags & 2:
            record += trailing_entry(b"\x01\x02\x03" * (start // 4096 % 3))
        if extra_flags & 4:
            record += trailing_entry(b"\x07" * 140)  # a two-byte size
        records.append(record)
    return records


def record0(
    *,
    text_length: int,
    text_count: int,
    exth: dict[int, list[bytes]],
    title: bytes = b"A Test Book",
    compression: int = 2,
    encryption: int = 0,
    version: int = 6,
    encoding: int = 65001,
    extra_flags: int = 3,
    indexes: tuple[int, int, int] = (NULL, NULL, NULL),
) -> bytes:
    """PalmDOC + MOBI header (+ EXTH); `indexes` are KF8's (FDST, fragment, skeleton)."""
    header_length = 0x108
    rec = bytearray(16 + header_length)
    struct.pack_into(">HHLHHH", rec, 0, compression, 0, text_length, text_count, 4096, encryption)
    rec[16:20] = b"MOBI"
    struct.pack_into(">LLLLL", rec, 20, header_length, 2, encoding, 4242, version)
    struct.pack_into(">L", rec, 0x50, text_count + 1)
    items = [struct.pack(">LL", k, 8 + len(v)) + v for k, vs in exth.items() for v in vs]
    block = b"EXTH" + struct.pack(">LL", 12 + sum(map(len, items)), len(items)) + b"".join(items)
    struct.pack_into(">LL", rec, 0x54, len(rec) + len(block), len(title))
    struct.pack_into(">L", rec, 0x80, 0x40 if exth else 0)
    fdst, fragment, skeleton = indexes
    struct.pack_into(">LL", rec, 0xC0, fdst, 2 if fdst != NULL else 0)
    struct.pack_into(">H", rec, 0xF2, extra_flags)
    struct.pack_into(">LL", rec, 0xF8, fragment, skeleton)
    return bytes(rec) + (block if exth else b"") + title + b"\0\0"


def palmdb(records: list[bytes], kind: bytes = b"BOOKMOBI") -> bytes:
    header = bytearray(78)
    header[:9] = b"test-book"
    header[60:68] = kind
    struct.pack_into(">H", header, 76, len(records))
    offset = 78 + 8 * len(records) + 2
    table = bytearray()
    for i, rec in enumerate(records):
        table += struct.pack(">LL", offset, 2 * i)
        offset += len(rec)
    return bytes(header + table + b"\0\0" + b"".join(records))


def mobi6_records(
    markup: bytes,
    exth: dict[int, list[bytes]] | None = None,
    *,
    compression: int = 2,
    extra_flags: int = 3,
    encryption: int = 0,
    encoding: int = 65001,
) -> list[bytes]:
    texts = text_records(markup, compression=compression, extra_flags=extra_flags)
    head = record0(
        text_length=len(markup),
        text_count=len(texts),
        exth=exth or {},
        compression=compression,
        extra_flags=extra_flags,
        encryption=encryption,
        encoding=encoding,
    )
    return [head, *texts, b"\xe9\x8e\r\n"]


def make_mobi(markup: bytes, exth: dict[int, list[bytes]] | None = None, **kw: int) -> bytes:
    return palmdb(mobi6_records(markup, exth, **kw))


def index_records(tagx: list[tuple[int, int, int, int]], entries: list[bytes]) -> list[bytes]:
    """An INDX header record (with its TAGX table) and one record of entries."""
    head = bytearray(0xC0)
    head[:4] = b"INDX"
    struct.pack_into(">LLLLLL", head, 4, 0xC0, 0, 0, 0, 0, 1)
    struct.pack_into(">L", head, 36, len(entries))
    head += b"TAGX" + struct.pack(">LL", 12 + 4 * len(tagx), 1) + b"".join(map(bytes, tagx))
    body = bytearray(0xC0)
    body[:4] = b"INDX"
    offsets = []
    for entry in entries:
        offsets.append(len(body))
        body += entry
    idxt = len(body)
    body += b"IDXT" + b"".join(struct.pack(">H", o) for o in offsets)
    struct.pack_into(">LL", body, 20, idxt, len(entries))
    return [bytes(head), bytes(body)]


def kf8_records(
    files: list[tuple[bytes, list[tuple[int, int]]]],
    css: bytes,
    exth: dict[int, list[bytes]],
) -> list[bytes]:
    """A KF8 section. Each file is its full XHTML and the (start, end) ranges to store as
    fragments; the rest of it is the skeleton."""
    flow = bytearray()
    skeleton_entries = []
    fragment_entries = []
    sequence = 0
    for number, (page, cuts) in enumerate(files):
        skeleton = bytearray()
        kept = 0
        for start, end in cuts:
            skeleton += page[kept:start]
            kept = end
        skeleton += page[kept:]
        position = len(flow)
        flow += skeleton
        for start, end in cuts:
            name = b"%010d" % (position + start)
            values = vwi(0) + vwi(number) + vwi(sequence) + vwi(0) + vwi(end - start)
            fragment_entries.append(bytes([len(name)]) + name + b"\x0f" + values)
            flow += page[start:end]
            sequence += 1
        name = b"SKEL%010d" % number
        values = vwi(len(cuts)) + vwi(position) + vwi(len(skeleton))
        skeleton_entries.append(bytes([len(name)]) + name + b"\x05" + values)
    stream = bytes(flow) + css
    texts = text_records(stream)
    first_index = 1 + len(texts)
    fragments = index_records(
        [(2, 1, 0x01, 0), (3, 1, 0x02, 0), (4, 1, 0x04, 0), (6, 2, 0x08, 0), (0, 0, 0, 1)],
        fragment_entries,
    )
    skeletons = index_records([(1, 1, 0x03, 0), (6, 2, 0x0C, 0), (0, 0, 0, 1)], skeleton_entries)
    fdst = b"FDST" + struct.pack(">LLLLLL", 12, 2, 0, len(flow), len(flow), len(stream))
    head = record0(
        text_length=len(stream),
        text_count=len(texts),
        exth=exth,
        version=8,
        indexes=(first_index + 4, first_index, first_index + 2),
    )
    return [head, *texts, *fragments, *skeletons, fdst, b"\xe9\x8e\r\n"]


# --- texts written for these tests --------------------------------------------------------

GENERIC = (
    b"<html><head><guide></guide></head><body>"
    b'<p align="center"><font size="5"><b>Salt Roads</b></font></p><p>A novella.</p>'
    b"<mbp:pagebreak/>"
    b'<p><font size="4"><b>One: The Ferry</b></font></p>'
    b"<p>The ferry left at noon, caf\xc3\xa9 lights still burning on the quay.</p>"
    b"<p>Ines counted the gulls.</p><p>* * *</p><p>Later the rain came.</p>"
    b"<mbp:pagebreak/>"
    b'<p><font size="4"><b>Two: The Island</b></font></p>'
    b"<p>The island had one road and two dogs.</p>"
    b"<mbp:pagebreak/>"
    b'<p><font size="5"><b>Table of Contents</b></font></p>'
    b"<p><a filepos=0000000100>One: The Ferry</a></p><p><a filepos=0000000300>Two</a></p>"
    b"</body></html>"
)
GENERIC_EXTH = {
    100: [b"Ada Quill"],
    103: [b"<p>Two friends take a <i>slow</i> boat.</p>"],
    105: [b"Travel", b"Friendship"],
    503: [b"Salt Roads"],
    524: [b"en"],
}

AO3_FLAT = (
    b"<html><head><guide></guide></head><body>"
    b'<p align="center"> <b>The Lamp Room</b><br></br> Posted originally on the '
    b'<a href="https://archiveofourown.org/">Archive of Our Own</a> at '
    b'<a href="https://archiveofourown.org/works/1000001">'
    b"https://archiveofourown.org/works/1000001</a>. </p>"
    b"<p><b>Rating:</b></p><blockquote><a>General Audiences</a></blockquote>"
    b"<p><b>Archive Warning:</b></p><blockquote><a>No Archive Warnings Apply</a></blockquote>"
    b"<p><b>Category:</b></p><blockquote><a>Gen</a></blockquote>"
    b"<p><b>Fandom:</b></p><blockquote><a>Original Work</a></blockquote>"
    b"<p><b>Characters:</b></p><blockquote><a>Mara</a>, <a>Old Tom</a></blockquote>"
    b"<p><b>Additional Tags:</b></p><blockquote><a>Lighthouses</a>, <a>Storms</a></blockquote>"
    b"<p><b>Language:</b></p><blockquote>English</blockquote>"
    b"<p><b>Stats:</b></p><blockquote> Published: 2021-01-02 Words: 30 Chapters: 2/2 "
    b"</blockquote><mbp:pagebreak></mbp:pagebreak>"
    b'<p align="center"><font size="5"><b>The Lamp Room</b></font></p>'
    b'<p align="center">by <a href="https://archiveofourown.org/users/keeper">keeper</a></p>'
    b"<p>Summary</p><blockquote>A keeper and a storm.</blockquote>"
    b"<mbp:pagebreak></mbp:pagebreak>"
    b'<p><font size="4"><b>Chapter 1: The Storm</b></font></p>'
    b"<p>Chapter Notes</p><blockquote>Written on a windy day.</blockquote>"
    b"<p>The wind rose over the cape.</p><p>Mara lit the lamp and waited.</p>"
    b"<mbp:pagebreak></mbp:pagebreak>"
    b'<p><font size="4"><b>Chapter 2: Morning</b></font></p>'
    b"<p>The sea was calm at dawn, and Old Tom brought bread.</p>"
    b"<p>Chapter End Notes</p><blockquote>Thanks for reading.</blockquote>"
    b"<mbp:pagebreak></mbp:pagebreak>"
    b"<p>End Notes</p><blockquote>The end, for now.</blockquote>"
    b'<p align="center">Please <a>drop by the Archive and comment</a> to let the creator '
    b"know if you enjoyed their work!</p><mbp:pagebreak/>"
    b'<p><font size="5"><b>Table of Contents</b></font></p>'
    b"<p><a filepos=0000000100>Preface</a></p></body></html>"
)

KF8_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    b'<head><title>x</title><link href="kindle:flow:0001?mime=text/css"/></head>'
)
KF8_FILES = [
    KF8_HEAD + b'<body aid="0"><h1 aid="1">First Light</h1>'
    b'<div class="text" aid="2"><p aid="3">Dawn came slowly.</p>'
    b'<p aid="4">The birds argued.</p></div><div aid="5"><p aid="6">Noon.</p></div>'
    b"</body></html>",
    KF8_HEAD + b'<body aid="7"><h1 aid="8">Last Light</h1><div aid="9">'
    b'<p aid="A">Dusk, and the lamps.</p></div></body></html>',
]


def _cuts(page: bytes, *pieces: bytes) -> list[tuple[int, int]]:
    out = []
    for piece in pieces:
        start = page.index(piece)
        out.append((start, start + len(piece)))
    return out


KF8_BOOK = kf8_records(
    [
        (
            KF8_FILES[0],
            _cuts(
                KF8_FILES[0],
                b'<h1 aid="1">First Light</h1>',
                b'<p aid="3">Dawn came slowly.</p><p aid="4">The birds argued.</p>',
                b'<p aid="6">Noon.</p>',
            ),
        ),
        (KF8_FILES[1], _cuts(KF8_FILES[1], b'<p aid="A">Dusk, and the lamps.</p>')),
    ],
    b"p { color: red } .hidden-css-marker { }",
    {100: [b"Ada Quill"], 503: [b"Lights"]},
)


def _body(doc: Document) -> list[str]:
    return [
        doc.text[p.start : p.end]
        for p in doc.layer(layers.PARAGRAPHS)
        if p.label == layers.ROLE_BODY
    ]


# --- PalmDOC LZ77 -------------------------------------------------------------------------


def test_decompress_hand_made_tokens() -> None:
    stream = (
        b"ab"  # literals
        + struct.pack(">H", 0x8000 | (2 << 3) | 3)  # distance 2, length 6: overlapping copy
        + b"\x03\x80\xff\x01"  # three raw bytes that could not stand alone
        + b"\xe1"  # space + "a" (0x61 ^ 0x80)
        + b"\x00\x09z"
    )
    assert palmdoc_decompress(stream, 100) == b"abababab\x80\xff\x01 a\x00\tz"


def test_decompress_round_trip() -> None:
    rng = random.Random(7)
    words = ["lamp", "storm", "Mara", "caf\u00e9", "sea", "\u201cno\u201d", "\u2014", "the"]
    text = " ".join(rng.choice(words) for _ in range(3000)).encode()
    for start in range(0, len(text), 4096):
        chunk = text[start : start + 4096]
        packed = compress(chunk)
        assert len(packed) < len(chunk)
        assert palmdoc_decompress(packed, 8192) == chunk


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        (b"ab" + struct.pack(">H", 0x8000 | (5 << 3)), "back-reference before the start"),
        (struct.pack(">H", 0x8000 | (1 << 3)), "back-reference before the start"),
        (b"abc\x80", "truncated token"),
        (b"abc\x05xy", "truncated token"),
    ],
)
def test_decompress_rejects_corrupt_streams(stream: bytes, message: str) -> None:
    with pytest.raises(PalmDBError, match=message):
        palmdoc_decompress(stream, 100)


def test_decompress_output_is_bounded() -> None:
    bomb = b"a" + struct.pack(">H", 0x8000 | (1 << 3) | 7) * 1000
    with pytest.raises(PalmDBError, match="expands beyond"):
        palmdoc_decompress(bomb, 4096)


# --- whole books --------------------------------------------------------------------------


def test_generic_mobi_chapters_and_metadata() -> None:
    doc = read_bytes(make_mobi(GENERIC, GENERIC_EXTH), "salt.mobi")
    assert doc.source.format == "html"
    meta = doc.meta
    assert (meta.title, meta.authors, meta.language) == ("Salt Roads", ("Ada Quill",), "en")
    assert meta.summary == "Two friends take a slow boat."
    assert meta.extra["subjects"] == "Travel, Friendship"
    chapters = doc.layer(layers.CHAPTERS)
    assert [c.label for c in chapters] == ["One: The Ferry", "Two: The Island"]
    assert "café lights" in doc.text
    assert "Table of Contents" not in doc.text
    assert len(doc.layer(layers.BREAKS)) >= 1
    assert _body(doc)[-1] == "The island had one road and two dogs."


@pytest.mark.parametrize("flags", [0, 1, 2, 3, 7])
def test_trailing_entries_are_stripped(flags: int) -> None:
    markup = GENERIC.replace(b"A novella.", b"A novella. " * 900)
    doc = read_bytes(make_mobi(markup, GENERIC_EXTH, extra_flags=flags), "salt.mobi")
    assert doc.text.count("A novella.") == 900
    assert "\ufffd" not in doc.text


def test_uncompressed_cp1252_mobi() -> None:
    markup = GENERIC.replace(b"caf\xc3\xa9", b"caf\xe9")
    doc = read_bytes(make_mobi(markup, GENERIC_EXTH, compression=1, encoding=1252), "x.mobi")
    assert "café lights" in doc.text


def test_palmdoc_text_book() -> None:
    text = b"A Short Tale\r\n\r\nOnce there was a fox.\r\n\r\nThe end."
    records = [
        struct.pack(">HHLHHH", 2, 0, len(text), 1, 4096, 0) + b"\0" * 4,
        compress(text),
    ]
    doc = read_bytes(palmdb(records, b"TEXtREAd"), "tale.pdb")
    assert doc.source.format == "text"
    assert _body(doc) == ["A Short Tale", "Once there was a fox.", "The end."]


def test_ao3_flat_mobi_with_chapters_and_notes() -> None:
    exth = {100: [b"keeper"], 101: [b"Archive of Our Own"], 503: [b"The Lamp Room"]}
    doc = read_bytes(make_mobi(AO3_FLAT, exth), "lamp.mobi")
    meta = doc.meta
    assert doc.source.format == "ao3-mobi"
    assert (meta.title, meta.authors) == ("The Lamp Room", ("keeper",))
    assert meta.url == "https://archiveofourown.org/works/1000001"
    assert (meta.rating, meta.warnings, meta.categories) == (
        "General Audiences",
        ("No Archive Warnings Apply",),
        ("Gen",),
    )
    assert meta.characters == ("Mara", "Old Tom")
    assert meta.freeform == ("Lighthouses", "Storms")
    assert (meta.words_stated, meta.chapters_posted, meta.summary) == (
        30,
        2,
        "A keeper and a storm.",
    )
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["The Storm", "Morning"]
    notes = [(n.label, n.attrs["chapter"], doc.span_text(n)) for n in doc.layer(layers.NOTES)]
    assert notes == [
        ("work_summary", None, "A keeper and a storm."),
        ("chapter_notes", 1, "Written on a windy day."),
        ("chapter_end_notes", 2, "Thanks for reading."),
        ("work_end_notes", None, "The end, for now."),
    ]
    assert _body(doc) == [
        "The wind rose over the cape.",
        "Mara lit the lamp and waited.",
        "The sea was calm at dawn, and Old Tom brought bread.",
    ]


def test_kf8_fragments_are_put_back_in_reading_order() -> None:
    doc = read_bytes(palmdb(KF8_BOOK), "lights.azw3")
    assert doc.source.format == "html"
    assert doc.meta.title == "Lights"
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["First Light", "Last Light"]
    assert _body(doc) == ["Dawn came slowly.", "The birds argued.", "Noon.", "Dusk, and the lamps."]
    assert "hidden-css-marker" not in doc.text


def test_combined_mobi_reads_the_kf8_part() -> None:
    old = mobi6_records(GENERIC, GENERIC_EXTH)
    boundary = len(old)
    head = record0(
        text_length=len(GENERIC),
        text_count=len(old) - 2,
        exth={**GENERIC_EXTH, 121: [struct.pack(">L", boundary)]},
    )
    doc = read_bytes(palmdb([head, *old[1:], b"BOUNDARY", *KF8_BOOK]), "both.mobi")
    assert doc.source.format == "html"
    assert _body(doc)[0] == "Dawn came slowly."


# --- damaged and unreadable books ----------------------------------------------------------


def _error(data: bytes) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_bytes(data, "bad.mobi")
    return info.value


def test_truncated_book() -> None:
    book = make_mobi(GENERIC, GENERIC_EXTH)
    assert "truncated Palm database header" in _error(book[:70]).problem
    assert "truncated record list" in _error(book[:90]).problem
    cut = _error(book[: len(book) // 2])
    assert cut.code == "damaged"
    assert cut.problem.startswith("cannot read this e-book:")


def test_record_offset_past_the_end() -> None:
    book = bytearray(make_mobi(GENERIC, GENERIC_EXTH))
    struct.pack_into(">L", book, 78 + 8 * 2, len(book) + 10)
    err = _error(bytes(book))
    assert "record 2 starts at byte" in err.problem
    assert err.code == "damaged"


def test_zero_records() -> None:
    book = bytearray(make_mobi(GENERIC, GENERIC_EXTH))
    struct.pack_into(">H", book, 76, 0)
    assert "no records" in _error(bytes(book)).problem


def test_more_text_records_than_the_book_has() -> None:
    records = mobi6_records(GENERIC, GENERIC_EXTH)
    head = bytearray(records[0])
    struct.pack_into(">H", head, 8, 50)
    assert "claims 50 text records" in _error(palmdb([bytes(head), *records[1:]])).problem


def test_corrupt_text_record() -> None:
    records = mobi6_records(GENERIC, GENERIC_EXTH, extra_flags=0)
    records[1] = b"ab" + struct.pack(">H", 0x8000 | (9 << 3)) + records[1]
    assert "back-reference before the start" in _error(palmdb(records)).problem


def test_drm_and_huff_are_refused_clearly() -> None:
    err = _error(make_mobi(GENERIC, GENERIC_EXTH, encryption=2))
    assert "DRM-protected" in err.problem
    assert err.code == "drm"
    err = _error(make_mobi(GENERIC, GENERIC_EXTH, compression=17480))
    assert "HUFF/CDIC-compressed MOBI is not supported" in err.problem
    assert err.code == "unsupported"


def test_unknown_encoding() -> None:
    assert "unknown text encoding 932" in _error(make_mobi(GENERIC, encoding=932)).problem


def test_damaged_exth_keeps_the_text_and_earlier_metadata() -> None:
    records = mobi6_records(GENERIC, {503: [b"Salt Roads"], 100: [b"Ada Quill"]})
    head = bytearray(records[0])
    second = 16 + 0x108 + 12 + 8 + len(b"Salt Roads")
    struct.pack_into(">L", head, second + 4, 0xFFFF)  # the author record's size
    doc = read_bytes(palmdb([bytes(head), *records[1:]]), "x.mobi")
    assert (doc.meta.title, doc.meta.authors) == ("Salt Roads", ())
    assert len(doc.layer(layers.CHAPTERS)) == 2


def test_no_text_records() -> None:
    records = mobi6_records(GENERIC, GENERIC_EXTH)
    head = bytearray(records[0])
    struct.pack_into(">H", head, 8, 0)
    assert "no text records" in _error(palmdb([bytes(head), *records[1:]])).problem


def test_broken_kf8_index() -> None:
    records = list(KF8_BOOK)
    records[-3] = b"NOTINDX" + records[-3][7:]
    assert "index" in _error(palmdb(records)).problem


def test_damage_anywhere_gives_ingest_errors_only() -> None:
    rng = random.Random(3)
    for book in (make_mobi(AO3_FLAT, {101: [b"Archive of Our Own"]}), palmdb(KF8_BOOK)):
        for cut in range(0, len(book), max(1, len(book) // 150)):
            with contextlib.suppress(IngestError):
                read_bytes(book[:cut] or b"\0", "cut.mobi")
        for _ in range(300):
            damaged = bytearray(book)
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(60 if rng.random() < 0.5 else 78, len(damaged))] = (
                    rng.randrange(256)
                )
            damaged[60:68] = b"BOOKMOBI"
            with contextlib.suppress(IngestError):
                read_bytes(bytes(damaged), "flipped.mobi")


# --- the real AO3 downloads (shared data) -------------------------------------------------


def _chapter_texts(doc: Document) -> list[str]:
    body = [p for p in doc.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_BODY]
    return [
        _WS.sub(" ", " ".join(doc.span_text(p) for p in body if c.start <= p.start < c.end))
        for c in doc.layer(layers.CHAPTERS)
    ]


@pytest.mark.parametrize("ext", ["mobi", "azw3"])
def test_real_ao3_ebook_matches_html_download(shared: Path, ext: str) -> None:
    folder = shared / "data" / "ao3"
    reference = read_path(folder / "work-23009290.html")
    doc = read_path(folder / f"work-23009290.{ext}")
    assert doc.source.format == f"ao3-{ext}"
    assert doc.meta.title == reference.meta.title
    assert doc.meta.authors == reference.meta.authors
    assert _chapter_texts(doc) == _chapter_texts(reference)
    for name in ("rating", "warnings", "categories", "fandoms", "relationships", "characters"):
        assert getattr(doc.meta, name) == getattr(reference.meta, name), name
    assert doc.meta.freeform == reference.meta.freeform
    stated = reference.meta.words_stated
    assert stated
    assert abs(sum(count_words(t) for t in _body(doc)) - stated) <= 0.01 * stated


@pytest.mark.parametrize("ext", ["mobi", "azw3"])
def test_real_ao3_ebook_survives_truncation(shared: Path, ext: str) -> None:
    data = (shared / "data" / "ao3" / f"work-23009290.{ext}").read_bytes()
    for cut in range(100, len(data), len(data) // 40):
        try:
            read_bytes(data[:cut], f"cut.{ext}")
        except IngestError as exc:
            assert exc.problem
