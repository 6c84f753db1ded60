"""The Palm database container of MOBI/AZW3 e-books: records, headers and text decompression.

Layout (all integers big-endian):

* PalmDB header (78 bytes): name, dates, type+creator at 60 (``BOOKMOBI`` or ``TEXtREAd``),
  record count at 76, then 8 bytes per record (data offset, attributes, unique id).
* Record 0: the PalmDOC header (compression, text length, text record count and size,
  encryption), then for MOBI the ``MOBI`` header (encoding, version, full name, EXTH flag,
  extra-data flags; for KF8 the FDST, fragment and skeleton index records) and the
  optional ``EXTH`` metadata block.
* Records 1..N: the text, each record compressed on its own and followed by trailing
  entries that must be stripped before decompression.
* KF8 only: INDX index records (TAGX tag table, IDXT entry offsets) locating the
  skeletons and fragments the XHTML files were cut into, and the FDST flow table.

Every malformed structure raises `PalmDBError` with a specific message; nothing here indexes
past the end of the data.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

NULL_INDEX = 0xFFFFFFFF
COMPRESSION_NONE = 1
COMPRESSION_PALMDOC = 2
COMPRESSION_HUFF = 17480

EXTH_AUTHOR = 100
EXTH_PUBLISHER = 101
EXTH_DESCRIPTION = 103
EXTH_SUBJECT = 105
EXTH_PUBLISHED = 106
EXTH_KF8_BOUNDARY = 121
EXTH_UPDATED_TITLE = 503
EXTH_LANGUAGE = 524

_HEADER_SIZE = 78
_ENCODINGS = {65001: "utf-8", 1252: "cp1252"}

# One PalmDOC token: a run of literal bytes, a counted run of 1-8 raw bytes, a two-byte
# back-reference, or a space+character pair. Matching the whole record with one pattern keeps
# the per-token work in C; a gap between matches means a truncated token.
_TOKEN = re.compile(
    rb"([\x00\x09-\x7f]+)"
    rb"|(" + b"|".join(b"\\x%02x[\\x00-\\xff]{%d}" % (n, n) for n in range(1, 9)) + rb")"
    rb"|([\x80-\xbf][\x00-\xff])"
    rb"|([\xc0-\xff])",
)


class PalmDBError(ValueError):
    """The data is not a well-formed (or not a readable) MOBI book; the message says why.

    `code` is the `IngestError` code the reader reports: ``damaged`` for malformed data,
    ``drm`` and ``unsupported`` for books that are well-formed but cannot be read.
    """

    def __init__(self, message: str, code: str = "damaged") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class PalmDB:
    """A parsed Palm database: its type+creator and the byte ranges of its records."""

    kind: bytes
    ranges: tuple[tuple[int, int], ...]
    data: bytes

    def __len__(self) -> int:
        return len(self.ranges)

    def record(self, index: int) -> bytes:
        """The bytes of record `index`; `PalmDBError` when the book has no such record."""
        if not 0 <= index < len(self.ranges):
            raise PalmDBError(f"record {index} does not exist (the book has {len(self.ranges)})")
        start, end = self.ranges[index]
        return self.data[start:end]


def parse_palmdb(data: bytes) -> PalmDB:
    """Read the record list; offsets must be increasing and inside the data."""
    if len(data) < _HEADER_SIZE:
        raise PalmDBError(f"truncated Palm database header ({len(data)} bytes)")
    kind = data[60:68]
    (count,) = struct.unpack_from(">H", data, 76)
    if count == 0:
        raise PalmDBError("the book has no records")
    table_end = _HEADER_SIZE + 8 * count
    if table_end > len(data):
        raise PalmDBError(f"truncated record list ({count} records declared)")
    offsets = [struct.unpack_from(">L", data, _HEADER_SIZE + 8 * i)[0] for i in range(count)]
    offsets.append(len(data))
    for i in range(count):
        if offsets[i] < table_end or offsets[i] > len(data):
            raise PalmDBError(
                f"record {i} starts at byte {offsets[i]}, outside the file ({len(data)} bytes)"
            )
        if offsets[i + 1] < offsets[i]:
            raise PalmDBError(f"record {i + 1} starts before record {i}")
    ranges = tuple((offsets[i], offsets[i + 1]) for i in range(count))
    return PalmDB(kind, ranges, data)


@dataclass(frozen=True, slots=True)
class BookHeader:
    """What record 0 says about the text: how it is stored and the book's own metadata."""

    compression: int
    text_length: int
    text_records: int
    record_size: int
    encryption: int
    is_mobi: bool = False
    version: int = 0
    encoding: str = "cp1252"
    full_name: str = ""
    extra_flags: int = 0
    fdst_index: int = NULL_INDEX
    fragment_index: int = NULL_INDEX
    skeleton_index: int = NULL_INDEX
    exth: Mapping[int, tuple[bytes, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def exth_text(self, key: int) -> tuple[str, ...]:
        """EXTH values of type `key`, decoded with the book's encoding."""
        return tuple(v.decode(self.encoding, "replace").strip() for v in self.exth.get(key, ()))

    def exth_int(self, key: int) -> int | None:
        """The first EXTH value of type `key` read as a 32-bit integer, if present."""
        values = self.exth.get(key, ())
        if not values or len(values[0]) != 4:
            return None
        value: int = struct.unpack(">L", values[0])[0]
        return value


def parse_book_header(record0: bytes) -> BookHeader:
    """Read the PalmDOC header, and the MOBI header and EXTH block when present."""
    if len(record0) < 16:
        raise PalmDBError(f"record 0 is too short for a PalmDOC header ({len(record0)} bytes)")
    compression, _, text_length, text_records, record_size, encryption = struct.unpack_from(
        ">HHLHHH", record0, 0
    )
    if record0[16:20] != b"MOBI":
        return BookHeader(compression, text_length, text_records, record_size, encryption)
    if len(record0) < 24:
        raise PalmDBError("truncated MOBI header")
    (header_length,) = struct.unpack_from(">L", record0, 20)
    mobi_end = 16 + header_length
    if header_length < 0x74 or mobi_end > len(record0):
        raise PalmDBError(f"the MOBI header length ({header_length}) does not fit record 0")
    text_encoding, _, version = struct.unpack_from(">LLL", record0, 28)
    encoding = _ENCODINGS.get(text_encoding)
    if encoding is None:
        raise PalmDBError(f"unknown text encoding {text_encoding}")
    name_offset, name_length = struct.unpack_from(">LL", record0, 0x54)
    (exth_flags,) = struct.unpack_from(">L", record0, 0x80) if mobi_end >= 0x84 else (0,)
    extra_flags = 0
    if mobi_end >= 0xF4 and version >= 5:
        (extra_flags,) = struct.unpack_from(">H", record0, 0xF2)
    fdst_index = fragment_index = skeleton_index = NULL_INDEX
    if version >= 8 and mobi_end >= 0x100:
        fdst_index, fdst_count = struct.unpack_from(">LL", record0, 0xC0)
        if fdst_count <= 1:
            fdst_index = NULL_INDEX
        fragment_index, skeleton_index = struct.unpack_from(">LL", record0, 0xF8)
    full_name = ""
    if name_length > 0 and name_offset + name_length <= len(record0):
        raw_name = record0[name_offset : name_offset + name_length]
        full_name = raw_name.decode(encoding, "replace").strip()
    exth = _parse_exth(record0, mobi_end) if exth_flags & 0x40 else {}
    return BookHeader(
        compression,
        text_length,
        text_records,
        record_size,
        encryption,
        is_mobi=True,
        version=version,
        encoding=encoding,
        full_name=full_name,
        extra_flags=extra_flags,
        fdst_index=fdst_index,
        fragment_index=fragment_index,
        skeleton_index=skeleton_index,
        exth=MappingProxyType(exth),
    )


def _parse_exth(record0: bytes, start: int) -> dict[int, tuple[bytes, ...]]:
    """EXTH records after the MOBI header. Metadata is not worth losing the text over, so a
    damaged block yields the records before the damage."""
    found: dict[int, list[bytes]] = {}
    if record0[start : start + 4] == b"EXTH" and start + 12 <= len(record0):
        (count,) = struct.unpack_from(">L", record0, start + 8)
        pos = start + 12
        for _ in range(count):
            if pos + 8 > len(record0):
                break
            key, size = struct.unpack_from(">LL", record0, pos)
            if size < 8 or pos + size > len(record0):
                break
            found.setdefault(key, []).append(record0[pos + 8 : pos + size])
            pos += size
    return {k: tuple(v) for k, v in found.items()}


def palmdoc_decompress(data: bytes, limit: int) -> bytes:
    """Expand PalmDOC LZ77 data; `PalmDBError` when it is corrupt or exceeds `limit` bytes."""
    out = bytearray()
    pos = 0
    for m in _TOKEN.finditer(data):
        if m.start() != pos:
            raise PalmDBError("corrupt PalmDOC data (truncated token)")
        pos = m.end()
        kind = m.lastindex
        if kind == 1:
            out += m.group(1)
        elif kind == 2:
            out += data[m.start() + 1 : pos]
        elif kind == 3:
            pair = (data[m.start()] << 8) | data[m.start() + 1]
            distance = (pair >> 3) & 0x7FF
            length = (pair & 7) + 3
            if distance == 0 or distance > len(out):
                raise PalmDBError("corrupt PalmDOC data (back-reference before the start)")
            begin = len(out) - distance
            if distance >= length:
                out += out[begin : begin + length]
            else:
                run = out[begin:]
                out += (run * (length // distance + 1))[:length]
        else:
            out += b" "
            out.append(data[m.start()] ^ 0x80)
        if len(out) > limit:
            raise PalmDBError(f"a text record expands beyond {limit} bytes")
    if pos != len(data):
        raise PalmDBError("corrupt PalmDOC data (truncated token)")
    return bytes(out)


def _trailing_size(record: bytes, flags: int) -> int:
    """Bytes of trailing entries at the end of a text record, per the extra-data flags."""
    size = 0
    bits = flags >> 1
    while bits:
        if bits & 1:
            # Each entry ends with its own size as a backward-encoded variable-width integer:
            # the last byte holds the low 7 bits; the byte with the high bit set is the first.
            value = 0
            shift = 0
            end = len(record) - size
            for i in range(end - 1, max(end - 5, -1), -1):
                byte = record[i]
                value |= (byte & 0x7F) << shift
                shift += 7
                if byte & 0x80:
                    break
            size += value
            if size > len(record):
                raise PalmDBError("a text record's trailing entries are larger than the record")
        bits >>= 1
    if flags & 1 and size < len(record):
        size += (record[len(record) - size - 1] & 0x3) + 1
    return min(size, len(record))


def text_records(db: PalmDB, header: BookHeader, first: int = 1) -> Iterator[bytes]:
    """The raw (trailing entries stripped, still compressed) text records starting at `first`."""
    last = first + header.text_records
    if header.text_records == 0:
        raise PalmDBError("the book has no text records")
    if last > len(db):
        raise PalmDBError(
            f"the header claims {header.text_records} text records but the book has {len(db)}"
        )
    for index in range(first, last):
        record = db.record(index)
        yield record[: len(record) - _trailing_size(record, header.extra_flags)]


def book_text(db: PalmDB, header: BookHeader, limit: int, first: int = 1) -> bytes:
    """The decompressed text stream of the book section whose record 0 is ``first - 1``."""
    if header.compression == COMPRESSION_HUFF:
        raise PalmDBError("HUFF/CDIC-compressed MOBI is not supported", "unsupported")
    if header.compression not in (COMPRESSION_NONE, COMPRESSION_PALMDOC):
        raise PalmDBError(f"unknown compression type {header.compression}", "unsupported")
    # A record never expands past its declared size; the slack tolerates sloppy writers.
    per_record = max(header.record_size, 4096) * 2
    parts: list[bytes] = []
    total = 0
    for raw in text_records(db, header, first):
        if header.compression == COMPRESSION_PALMDOC:
            part = palmdoc_decompress(raw, per_record)
        else:
            part = raw
        total += len(part)
        if total > limit:
            raise PalmDBError(f"the text expands beyond the {limit // 2**20} MB limit", "too-large")
        parts.append(part)
    return b"".join(parts)


def fdst_sections(record: bytes) -> tuple[tuple[int, int], ...]:
    """The (start, end) byte ranges of a KF8 text stream's flows, from its FDST record."""
    if record[:4] != b"FDST" or len(record) < 12:
        raise PalmDBError("the KF8 section-table (FDST) record is missing or damaged")
    _, count = struct.unpack_from(">LL", record, 4)
    if 12 + 8 * count > len(record):
        raise PalmDBError("truncated KF8 section table (FDST)")
    return tuple(struct.unpack_from(">LL", record, 12 + 8 * i) for i in range(count))


def _forward_vwi(data: bytes, pos: int) -> tuple[int, int]:
    """A forward variable-width integer at `pos` (high bit marks the last byte): value, end."""
    value = 0
    for i in range(pos, min(pos + 5, len(data))):
        value = (value << 7) | (data[i] & 0x7F)
        if data[i] & 0x80:
            return value, i + 1
    raise PalmDBError("truncated index entry")


def read_index(db: PalmDB, first: int) -> list[tuple[bytes, dict[int, list[int]]]]:
    """Entries (name, tag -> values) of the INDX index whose header record is `first`.

    The header record holds the TAGX table (tag, values per entry, mask, end flag); the
    entry records follow it, each with an IDXT table of entry offsets. Each entry is a
    length-prefixed name, control bytes, then the tags' values as variable-width integers.
    """
    head = db.record(first)
    if head[:4] != b"INDX" or len(head) < 0xC0:
        raise PalmDBError(f"record {first} is not an index (INDX) record")
    header_length, _, _, _, _, entry_records = struct.unpack_from(">LLLLLL", head, 4)
    tagx = head[header_length:]
    if tagx[:4] != b"TAGX" or len(tagx) < 12:
        raise PalmDBError(f"index record {first} has no tag table (TAGX)")
    tagx_length, control_bytes = struct.unpack_from(">LL", tagx, 4)
    tagx_length = min(tagx_length, len(tagx))
    table = [tuple(tagx[i : i + 4]) for i in range(12, tagx_length - 3, 4)]
    entries: list[tuple[bytes, dict[int, list[int]]]] = []
    for index in range(first + 1, first + 1 + entry_records):
        record = db.record(index)
        if record[:4] != b"INDX" or len(record) < 28:
            raise PalmDBError(f"record {index} is not an index (INDX) record")
        idxt, count = struct.unpack_from(">LL", record, 20)
        if record[idxt : idxt + 4] != b"IDXT" or idxt + 4 + 2 * count > len(record):
            raise PalmDBError(f"index record {index} has a damaged entry table (IDXT)")
        starts = [struct.unpack_from(">H", record, idxt + 4 + 2 * i)[0] for i in range(count)]
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < count else idxt
            entries.append(_index_entry(record[start:end], table, control_bytes))
    return entries


def _index_entry(
    entry: bytes, table: list[tuple[int, ...]], control_bytes: int
) -> tuple[bytes, dict[int, list[int]]]:
    if not entry or 1 + entry[0] + control_bytes > len(entry):
        raise PalmDBError("truncated index entry")
    name_end = 1 + entry[0]
    name = entry[1:name_end]
    controls = entry[name_end : name_end + control_bytes]
    pos = name_end + control_bytes
    # First pass: how many values (or bytes of values) each present tag has.
    present: list[tuple[int, int, int | None, int]] = []
    control = 0
    for tag, per_entry, mask, end_flag in table:
        if end_flag & 1:
            control += 1
            continue
        if control >= len(controls):
            raise PalmDBError("index entry has fewer control bytes than its tag table needs")
        value = controls[control] & mask
        if not value:
            continue
        if value == mask and mask.bit_count() > 1:
            byte_count, pos = _forward_vwi(entry, pos)
            present.append((tag, 0, byte_count, per_entry))
        else:
            present.append((tag, value >> ((mask & -mask).bit_length() - 1), None, per_entry))
    tags: dict[int, list[int]] = {}
    for tag, count, size, per_entry in present:
        values: list[int] = []
        if size is None:
            for _ in range(count * per_entry):
                value, pos = _forward_vwi(entry, pos)
                values.append(value)
        else:
            stop = pos + size
            while pos < stop:
                value, pos = _forward_vwi(entry, pos)
                values.append(value)
        tags[tag] = values
    return name, tags


# Bytes moved while inserting KF8 fragments; normal books move little (fragments go near
# the end of their skeleton), a hostile one inserting at the front each time could move
# gigabytes.
_KF8_MOVE_BUDGET = 1 << 30


def kf8_parts(db: PalmDB, header: BookHeader, base: int, text: bytes) -> list[bytes]:
    """The XHTML files of a KF8 text flow: each skeleton with its fragments inserted.

    The flow stores, per file, the skeleton (the tags around the content) followed by its
    fragments; the fragment index names each fragment's insert position in the assembled file.
    `base` is the record number of the KF8 section's record 0.
    """
    if NULL_INDEX in (header.skeleton_index, header.fragment_index):
        return [text]
    skeletons = read_index(db, base + header.skeleton_index)
    fragments = iter(read_index(db, base + header.fragment_index))
    parts: list[bytes] = []
    moved = 0
    for _, tags in skeletons:
        count = tags.get(1, [0])[0]
        start, length = [*tags.get(6, []), 0, 0][:2]
        if start + length > len(text):
            raise PalmDBError("a KF8 skeleton lies outside the text")
        assembled = bytearray(text[start : start + length])
        cursor = start + length
        for _ in range(count):
            name, frag_tags = next(fragments, (b"", {}))
            size = [*frag_tags.get(6, []), 0, 0][1]
            insert = int(name) - start if name.isdigit() else -1
            if not 0 <= insert <= len(assembled) or cursor + size > len(text):
                raise PalmDBError("a KF8 fragment lies outside its skeleton or the text")
            moved += len(assembled) - insert
            if moved > _KF8_MOVE_BUDGET:
                raise PalmDBError("the KF8 fragment layout is too complex to assemble")
            assembled[insert:insert] = text[cursor : cursor + size]
            cursor += size
        parts.append(bytes(assembled))
    return parts
