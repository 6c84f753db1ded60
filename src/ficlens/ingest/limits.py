"""Limits that keep hostile or accidental inputs from exhausting memory or time."""

from __future__ import annotations

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Largest file ficlens will read (a 50 MB text file is well within)."""

MAX_ARCHIVE_UNPACKED = 256 * 1024 * 1024
"""Largest total decompressed size of an EPUB's members (zip-bomb guard)."""

MAX_ARCHIVE_RATIO = 200
"""Largest compression ratio a single archive member may claim (zip-bomb guard)."""

MAX_ARCHIVE_MEMBERS = 5000
"""Most members an EPUB may have."""

MAX_EBOOK_TEXT = 256 * 1024 * 1024
"""Largest decompressed text a MOBI/AZW3 or PDF may produce."""
