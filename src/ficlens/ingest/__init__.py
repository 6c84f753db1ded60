"""Reading every format fans save stories in into one `Document`.

`read_path` sniffs the content (never trusting the extension), decodes text, and hands the
data to the reader for that format. Every failure is an `IngestError` naming the file.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ficlens.document import Document, SourceInfo
from ficlens.errors import IngestError
from ficlens.ingest.decode import decode
from ficlens.ingest.limits import MAX_INPUT_BYTES
from ficlens.ingest.sniff import sniff_binary, sniff_text

TextReader = Callable[[str, SourceInfo], Document]
BinaryReader = Callable[[bytes, SourceInfo], Document]

# format -> (module, function); imported lazily so a reader's dependencies load only when used.
_TEXT_READERS = {
    "text": ("ficlens.ingest.plaintext", "read_text"),
    "markdown": ("ficlens.ingest.plaintext", "read_markdown"),
    "ao3-webcopy": ("ficlens.ingest.webcopy", "read_webcopy"),
    "fff-txt": ("ficlens.ingest.fff", "read_fff_txt"),
    "fff-html": ("ficlens.ingest.fff", "read_fff_html"),
    "ao3-html": ("ficlens.ingest.ao3_html", "read_ao3_html"),
    "ao3-webpage": ("ficlens.ingest.ao3_webpage", "read_ao3_webpage"),
    "html": ("ficlens.ingest.generic_html", "read_html"),
}
_BINARY_READERS = {
    "zip": ("ficlens.ingest.epub", "read_epub"),
    "mobi": ("ficlens.ingest.mobi", "read_mobi"),
    "pdf": ("ficlens.ingest.pdf", "read_pdf"),
}

READABLE_SUFFIXES = frozenset(
    [
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".xhtml",
        ".epub",
        ".mobi",
        ".azw3",
        ".azw",
        ".prc",
        ".pdf",
    ]
)


def _load(spec: tuple[str, str]) -> Callable[..., Document]:
    module = importlib.import_module(spec[0])
    func: Callable[..., Document] = getattr(module, spec[1])
    return func


def read_path(path: str | Path) -> Document:
    """Read one file into a `Document`."""
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise IngestError(name, f"cannot open the file ({exc.strerror})", code="missing") from exc
    if p.is_dir():
        raise IngestError(name, "is a folder, not a file", code="missing")
    if size > MAX_INPUT_BYTES:
        raise IngestError(
            name,
            f"the file is too large ({size / 1e6:.0f} MB; limit {MAX_INPUT_BYTES / 1e6:.0f} MB)",
            code="too-large",
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"cannot read the file ({exc.strerror})", code="missing") from exc
    return read_bytes(data, name)


def read_bytes(data: bytes, path: str = "<bytes>") -> Document:
    """Read a work from its raw bytes; `path` is used for messages and the source record."""
    if not data:
        raise IngestError(path, "the file is empty", code="empty")
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError(path, "the file is too large", code="too-large")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff_binary(data, path)
    if kind is not None:
        source = SourceInfo(path=path, format=kind, sha256=sha, size=len(data))
        return _load(_BINARY_READERS[kind])(data, source)
    text, encoding = decode(data, path)
    fmt = sniff_text(text, path)
    source = SourceInfo(path=path, format=fmt, sha256=sha, size=len(data), encoding=encoding)
    return _load(_TEXT_READERS[fmt])(text, source)


def read_text(text: str, path: str = "<text>") -> Document:
    """Read a work from an already decoded string (for the API and tests)."""
    return read_bytes(text.encode("utf-8"), path)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and every readable file inside named folders (sorted, recursively)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in READABLE_SUFFIXES:
                    yield child
        else:
            yield p
