"""`Summable`: counts and scores kept in dataclasses that add up field by field."""

from __future__ import annotations

from dataclasses import Field, fields, replace
from typing import Any, ClassVar, Self


class Summable:
    """Mixin for a dataclass whose fields all support ``+``: ``a + b`` adds each field."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def __add__(self, other: Self) -> Self:
        return replace(
            self, **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )
