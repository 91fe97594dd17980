"""Start at login, in the tray: an XDG autostart entry, so the daily reminder works with the window closed.

Windows and macOS are documented in the README (a shortcut in the Startup folder; a Login Item); the app
writes the entry only where the freedesktop autostart specification applies.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mlops_tracker import APP_ID, APP_NAME

TRAY_FLAG = "--tray"


def supported() -> bool:
    """Return whether this system takes XDG autostart entries (Linux and the other freedesktop systems)."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def entry_path() -> Path:
    """Return the autostart entry's file: $XDG_CONFIG_HOME/autostart/<app id>.desktop."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / f"{APP_ID}.desktop"


def launch_command(data_dir: Path | None = None) -> list[str]:
    """Return the command that starts this installation in the tray (the bundle, the script or the module)."""
    frozen = getattr(sys, "frozen", False)  # the PyInstaller bundle runs itself; Python runs the module
    command = [sys.executable] if frozen else [sys.executable, "-m", "mlops_tracker"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return [*command, TRAY_FLAG]


def is_enabled() -> bool:
    """Return whether the app starts at login."""
    return entry_path().is_file()


def enable(command: list[str]) -> Path:
    """Write the autostart entry that runs `command` at login; return its path."""
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Daily study reminder in the tray",
            f"Exec={' '.join(_exec_quote(part) for part in command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)  # never a half-written entry
    return path


def disable() -> None:
    """Remove the autostart entry, if there is one."""
    entry_path().unlink(missing_ok=True)


def _exec_quote(argument: str) -> str:
    """Quote one argument of an Exec key, by the desktop entry specification's rules."""
    escaped = argument.replace("%", "%%")  # a lone % would be read as a field code
    if escaped and all(c.isalnum() or c in "-_./=:+,%" for c in escaped):
        return escaped
    for char in ("\\", '"', "`", "$"):  # the backslash first, so the others' escapes stay single
        escaped = escaped.replace(char, "\\" + char)
    # the whole value is then a desktop-entry string, whose own escaping doubles every backslash
    return '"' + escaped.replace("\\", "\\\\") + '"'
