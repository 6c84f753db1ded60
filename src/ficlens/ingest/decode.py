"""Turning bytes into text: BOMs, UTF-16 without BOM, UTF-8, then a maintained detector."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from ficlens.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LATIN_SCRIPT = frozenset(
    [
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin_1",
        "iso8859_1",
        "iso8859_2",
        "iso8859_3",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_15",
        "iso8859_16",
        "mac_latin2",
        "mac_roman",
        "mac_iceland",
        "mac_turkish",
        "cp437",
        "cp850",
    ]
)
_WESTERN_MARKS = frozenset("“”‘’‚„–—…•€™«»¡¿°·ŒœŸ")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1c\x1d\x1e\x85")
_SAMPLE = 1 << 16


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode `data` and name the encoding used; `IngestError` for binary or undecodable data.

    The BOM is not part of the returned text, so offsets index the content a reader sees.
    """
    if not data.strip():
        raise IngestError(path, "the file contains only whitespace", code="empty")
    encoding = _guess(data, path)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(
            path,
            f"cannot decode the text as {encoding} ({exc})",
            code="encoding",
        ) from exc
    if _looks_binary(text):
        raise IngestError(path, "binary data, not text or a known e-book format", code="binary")
    if not text.strip():
        raise IngestError(path, "the file contains only whitespace", code="empty")
    return text, encoding


def _guess(data: bytes, path: str) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:_SAMPLE]
    if b"\x00" in head:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        half = len(head) / 2
        if odd > 0.3 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.3 * half and odd < 0.05 * half:
            return "utf-16-be"
        raise IngestError(path, "binary data, not text or a known e-book format", code="binary")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = from_bytes(data[: 1 << 20]).best()
    if (best is None or best.encoding in _LATIN_SCRIPT) and _western(data):
        # Short Western text is often guessed as another Latin code page (cp1250,
        # mac_latin2); cp1252, a superset of Latin-1's printable range, is what Windows writes.
        return "cp1252"
    if best is None:
        raise IngestError(path, "the text is in no encoding ficlens can recognise", code="encoding")
    return best.encoding


def _western(data: bytes) -> bool:
    """Whether the bytes read as cp1252 give Western European letters and typography."""
    try:
        text = data[: 1 << 20].decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return True
    good = sum(1 for ch in high if ("À" <= ch <= "ÿ" and ch not in "×÷") or ch in _WESTERN_MARKS)
    return good >= 0.9 * len(high)


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    bad = sum(
        1
        for ch in sample
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}
    )
    return bad > max(2, len(sample) // 200)
