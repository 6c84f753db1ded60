"""Detecting a file's format from its content, never from its name alone."""

from __future__ import annotations

import re

from ficlens.errors import IngestError

# Binary formats we do not read, named so the error message can say what the file is.
_FOREIGN = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio file"),
    (b"RIFF", "a RIFF audio/video file"),
)

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|h[1-6]|title)\b",
    re.I | re.S,
)
_HTML_ANY = re.compile(r"<(?:p|div|br|body)\b[^>]*>", re.I)
_WEBCOPY_FIRST = re.compile(r"^\s*(?:Chapter Text|Work Text:?|Work Header|Rating:)\s*$", re.M)
_FFF_LABEL = re.compile(r"^(?:Story URL|Publisher|Packaged|Author URL):", re.M)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)


def sniff_binary(data: bytes, path: str) -> str | None:
    """Format of a binary file (``pdf``, ``zip``, ``mobi``), or None for text-like data."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or (b"%PDF-" in head and not head.lstrip().startswith(b"<")):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data[60:68] in (b"BOOKMOBI", b"TEXtREAd"):
        return "mobi"
    for magic, what in _FOREIGN:
        if head.startswith(magic):
            raise IngestError(path, f"this is {what}, not a story file", code="binary")
    return None


def sniff_text(text: str, path: str) -> str:
    """Format of a decoded text file: one of the contract's text/HTML ``source.format`` values,
    or ``html`` for markup that the reader classifies further."""
    head = text[:65536]
    if _HTML_START.match(head) or len(_HTML_ANY.findall(head)) >= 3:
        return classify_html(head)
    first = next((ln.strip() for ln in head.splitlines() if ln.strip()), "")
    opens = _WEBCOPY_FIRST.match(first) or re.search(r"^\s*Work Header\s*$", head[:4000], re.M)
    if opens and re.search(r"^\s*(?:Chapter Text|Work Text:?)\s*$", head, re.M):
        return "ao3-webcopy"
    tail = text[-400:]
    if "End file." in tail and len(_FFF_LABEL.findall(head[:8000])) >= 2:
        return "fff-txt"
    if path.lower().endswith((".md", ".markdown")) or len(_MD_HEADING.findall(head)) >= 2:
        return "markdown"
    return "text"


def classify_html(head: str) -> str:
    """Which kind of HTML a page is, from landmarks in its first 64 KB."""
    if 'id="preface"' in head and "Archive of Our Own" in head:
        return "ao3-html"
    if re.search(r'class="[^"]*\bwork meta group\b', head) or 'class="landmark heading"' in head:
        return "ao3-webpage"
    if (
        "FanFicFare" in head
        or re.search(r'<table[^>]*class="full"', head)
        or re.search(r'<a name="section\d{4}">', head)
    ):
        return "fff-html"
    return "html"
