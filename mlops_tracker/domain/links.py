"""What "Open" may do with an evidence value: the rule, without Qt, so the window and the reports share it.

- `http`/`https` with a host: the browser, at once.
- A local path (absolute, `~/…`, or a `file:` URL on this computer): its containing folder in the file
  manager, never the file itself, so nothing is ever run.
- Anything else (`javascript:`, `smb:`, `ftp:`, custom schemes, `file://other-host/…`, text that is neither a
  link nor a full path), an executable or a `.desktop` launcher, or a value holding control characters: only
  after the learner confirms, seeing the full value.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
# launchers and programs: opening their folder is harmless, but a click there runs them
RISKY_SUFFIXES = frozenset(
    {
        ".app", ".appimage", ".bat", ".bin", ".cmd", ".com", ".command", ".cpl", ".desktop", ".exe", ".hta",
        ".jar", ".js", ".jse", ".lnk", ".msi", ".msp", ".pif", ".ps1", ".reg", ".run", ".scr", ".sh",
        ".url", ".vbe", ".vbs", ".webloc", ".wsf",
    }
)  # fmt: skip
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class LinkKind(Enum):
    """Where an evidence value goes when opened."""

    WEB = "web"  # the browser
    FILE = "file"  # the containing folder, in the file manager
    OTHER = "other"  # the system's opener for that kind of link (only after a confirmation)


@dataclass(frozen=True)
class Link:
    """An evidence value classified: what to open, and why to ask first (None: open at once)."""

    value: str  # the value as stored, stripped of surrounding blanks
    kind: LinkKind
    target: str  # the URL (WEB, OTHER) or the absolute file path (FILE)
    ask_because: str | None = None

    @property
    def folder(self) -> str:
        """Return the folder to show for a FILE link (its parent: the file itself is never opened)."""
        return str(Path(self.target).parent)


def visible(text: str) -> str:
    """Return the text with control and invisible format characters written as escapes (\\n, \\u202e)."""
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def has_hidden_characters(text: str) -> bool:
    """Return whether the text holds control, format or line-separator characters (newline, NUL, RLO…)."""
    return any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in text)


def is_risky_file(path: Path) -> bool:
    """Return whether a file is a program or launcher: a risky suffix, or an executable regular file."""
    if path.suffix.lower() in RISKY_SUFFIXES:
        return True
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False  # missing or unreadable: nothing to run
    return stat.S_ISREG(mode) and bool(mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))


def _file(value: str, path: str, risky: Callable[[Path], bool]) -> Link:
    resolved = Path(os.path.expanduser(path))
    if not (resolved.is_absolute() or _WINDOWS_DRIVE.match(path)):
        return Link(value, LinkKind.OTHER, value, "it is neither a web link nor a full file path")
    if has_hidden_characters(path):
        return Link(value, LinkKind.FILE, str(resolved), "the path holds hidden characters")
    if risky(resolved):
        return Link(value, LinkKind.FILE, str(resolved), "it is a program or a launcher")
    if resolved.parent.suffix.lower() in RISKY_SUFFIXES:
        # a folder like Tool.app is an application bundle: "showing" it would start it
        return Link(value, LinkKind.FILE, str(resolved), "its folder is a program bundle")
    return Link(value, LinkKind.FILE, str(resolved))


def classify_link(text: str, *, risky: Callable[[Path], bool] = is_risky_file) -> Link | None:
    """Return what opening an evidence value does and whether to ask first; None for an empty value."""
    value = text.strip()
    if not value:
        return None
    if value.startswith(("//", "\\\\")):
        return Link(value, LinkKind.OTHER, value, "it is a network share")
    if _WINDOWS_DRIVE.match(value) or value.startswith(("/", "~")):
        return _file(value, value, risky)
    match = _SCHEME.match(value)
    if match is None:
        return Link(value, LinkKind.OTHER, value, "it is neither a web link nor a full file path")
    scheme = match.group(1).lower()
    if has_hidden_characters(value) or any(char.isspace() for char in value):
        return Link(value, LinkKind.OTHER, value, "the link holds spaces or hidden characters")
    try:
        parts = urlsplit(value)
    except ValueError:
        return Link(value, LinkKind.OTHER, value, "it is not a well-formed link")
    if scheme in WEB_SCHEMES:
        if not parts.hostname:
            return Link(value, LinkKind.OTHER, value, "the web link names no site")
        return Link(value, LinkKind.WEB, scheme + value[len(scheme) :])
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return Link(value, LinkKind.OTHER, value, "the file is on another computer")
        path = unquote(parts.path)
        if re.match(r"^/[A-Za-z]:[\\/]", path):  # file:///C:/Users/… on Windows
            path = path[1:]
        return _file(value, path, risky)
    return Link(value, LinkKind.OTHER, value, f"'{scheme}:' links can start other programs")


def web_link(text: str) -> str | None:
    """Return the value as a link safe to write into a document (http or https only), else None."""
    link = classify_link(text, risky=lambda _path: False)
    return link.target if link is not None and link.kind is LinkKind.WEB else None
