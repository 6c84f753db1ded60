"""Reading members of untrusted ZIP archives (EPUB) without zip bombs or path tricks.

Nothing is ever extracted to disk; members are read into memory by name, each read capped,
and the whole archive refused if it claims too much or names members outside its root.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from ficlens.errors import IngestError
from ficlens.ingest.limits import MAX_ARCHIVE_MEMBERS, MAX_ARCHIVE_RATIO, MAX_ARCHIVE_UNPACKED


class SafeZip:
    """A validated, read-only view of a ZIP archive held in memory."""

    def __init__(self, data: bytes, path: str) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise IngestError(
                path, f"a damaged or truncated ZIP/EPUB archive ({exc})", code="archive"
            ) from exc
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise IngestError(
                path, f"the archive has too many members ({len(infos)})", code="archive"
            )
        total = 0
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            norm = posixpath.normpath(name)
            if name.startswith(("/", "\\")) or norm.startswith("..") or ":" in name.split("/")[0]:
                raise IngestError(path, f"unsafe path inside the archive: {name!r}", code="archive")
            if info.flag_bits & 0x1:
                raise IngestError(path, "the archive is encrypted", code="archive")
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_ARCHIVE_RATIO:
                raise IngestError(
                    path, f"archive member {name!r} is a decompression bomb", code="zip-bomb"
                )
            self._infos[norm] = info
        if total > MAX_ARCHIVE_UNPACKED:
            raise IngestError(
                path, "the archive would unpack to more than the size limit", code="zip-bomb"
            )
        self._budget = MAX_ARCHIVE_UNPACKED

    def names(self) -> list[str]:
        """Normalised member names."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        """Whether the archive holds member `name`."""
        return posixpath.normpath(name) in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes, refusing to decompress past the declared size or the budget."""
        norm = posixpath.normpath(name)
        info = self._infos.get(norm)
        if info is None:
            raise IngestError(self.path, f"the archive has no member {name!r}", code="archive")
        limit = min(info.file_size, self._budget)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise IngestError(
                self.path, f"archive member {name!r} is damaged ({exc})", code="archive"
            ) from exc
        if len(data) > limit:
            raise IngestError(
                self.path, f"archive member {name!r} unpacks past its stated size", code="zip-bomb"
            )
        self._budget -= len(data)
        return data
