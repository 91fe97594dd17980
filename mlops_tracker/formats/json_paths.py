"""What the seed and the export formats share: JSON paths for messages and repeated-key detection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

Problem = tuple[str, str]  # (JSON path or position, what is wrong)


class JsonObject(dict[str, Any]):
    """A decoded JSON object that remembers keys it saw more than once (json keeps only the last)."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> JsonObject:
        """Return the object of these key/value pairs, noting repeated keys."""
        obj = cls()
        repeated: list[str] = []
        for key, value in pairs:
            if key in obj:
                repeated.append(key)
            obj[key] = value
        obj.duplicates = tuple(repeated)
        return obj


def duplicate_keys(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[Problem]:
    """Yield a problem for every key repeated in one JSON object, anywhere in the document."""
    if isinstance(value, JsonObject):
        for key in value.duplicates:
            yield json_path((*loc, key)), f"duplicate key '{key}'"
        for key, child in value.items():
            yield from duplicate_keys(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from duplicate_keys(child, (*loc, index))


def json_path(loc: Sequence[str | int]) -> str:
    """Return a location as a JSON path like `levels[0].skills[2].title`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "document"
