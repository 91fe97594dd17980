"""Before Qt starts on X11: name the system libraries its xcb plugin lacks and how to install them.

Without this, a missing library makes Qt abort with a message that names at most one of them (often the wrong
one). Nothing here imports Qt: the check runs before Qt's libraries load. Every outside effect (ldd, loading a
library, finding the plugin) is a parameter, so tests can feed it fakes.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

PLATFORM_EXIT = 2
# tests only: a comma-separated list of sonames the check treats as missing, without looking at the plugin
TEST_MISSING_ENV = "MLOPS_TRACKER_TEST_MISSING_XCB_LIBS"
LDD_TIMEOUT_S = 30
# libraries that come with PySide6 (or a bundle of it), never from the system
QT_OWN_PREFIXES = ("libQt6", "libpyside6", "libshiboken6", "libicu")

# soname -> (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
# what `ldd` lists for PySide6's xcb plugin beyond a base system: installed together when only the first
# missing library is known (no ldd), and listed in the README
XCB_SONAMES: tuple[str, ...] = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libxcb-image.so.0",
    "libxcb-render-util.so.0",
    "libxcb-util.so.1",
    "libxkbcommon-x11.so.0",
    "libxkbcommon.so.0",
    "libxcb-randr.so.0",
    "libxcb-shape.so.0",
    "libxcb-shm.so.0",
    "libxcb-sync.so.1",
    "libxcb-xfixes.so.0",
    "libxcb-render.so.0",
    "libxcb-xkb.so.1",
    "libxcb.so.1",
    "libX11-xcb.so.1",
    "libX11.so.6",
    "libGL.so.1",
    "libEGL.so.1",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libglib-2.0.so.0",
)

# glibc's ldd: "libxcb-icccm.so.4 => not found"; musl's: "Error loading shared library libfoo.so.1: ..."
_LDD_MISSING = re.compile(r"^\s*(\S+)\s+=>\s+not found|Error loading shared library (\S+?):", re.MULTILINE)
# dlopen's error: "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
_DLOPEN_MISSING = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


@dataclass(frozen=True)
class MissingLibraries:
    """The system libraries the xcb plugin cannot find."""

    sonames: tuple[str, ...]
    complete: bool  # False: only the first one is known (no ldd: the loader stops at the first)


def xcb_expected(environ: Mapping[str, str], platform: str) -> bool:
    """Return whether Qt will load its xcb plugin: on Linux, QT_QPA_PLATFORM unset (not on Wayland) or xcb."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if not chosen:
        return not environ.get("WAYLAND_DISPLAY")  # a Wayland session starts Qt's wayland plugin first
    # "xcb:option=value", or a fallback list "wayland;xcb": only when xcb is the sole choice does Qt abort
    names = [entry.split(":", 1)[0].strip() for entry in chosen.split(";") if entry.strip()]
    return bool(names) and all(name == "xcb" for name in names)


def find_plugin() -> Path | None:
    """Return PySide6's xcb platform plugin, found without importing Qt (None: not there)."""
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def qpa_library(plugin: Path) -> Path:
    """Return Qt's XcbQpa library, which the plugin is a thin shell around."""
    return plugin.parent.parent.parent / "lib" / "libQt6XcbQpa.so.6"


def _ships_with_qt(soname: str, plugin: Path) -> bool:
    """Return whether a library comes with PySide6 or the bundle (ldd may not see where it loads from)."""
    if soname.startswith(QT_OWN_PREFIXES):
        return True
    folders = [qpa_library(plugin).parent, Path(getattr(sys, "_MEIPASS", "") or plugin.parent)]
    return any((folder / soname).exists() for folder in folders)


def run_ldd(library: Path) -> str | None:
    """Return ldd's report on a library (None: no ldd on this system, or it failed to run)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run(
            [ldd, str(library)], capture_output=True, text=True, timeout=LDD_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout + done.stderr


def load_library(library: Path) -> None:
    """Load a shared library; raise OSError naming the first library it cannot find."""
    ctypes.CDLL(str(library))


def parse_ldd(report: str) -> list[str]:
    """Return the sonames ldd reports as not found, in order, once each."""
    found: list[str] = []
    for match in _LDD_MISSING.finditer(report):
        name = match.group(1) or match.group(2)
        if name not in found:
            found.append(name)
    return found


def missing_libraries(
    plugin: Path,
    ldd: Callable[[Path], str | None] = run_ldd,
    load: Callable[[Path], None] = load_library,
) -> MissingLibraries | None:
    """Return the libraries the plugin lacks (None: it loads): all of them from ldd, else the first one."""
    reports = [ldd(library) for library in (plugin, qpa_library(plugin)) if library.is_file()]
    if reports and all(report is not None for report in reports):
        names: list[str] = []
        for report in reports:
            for name in parse_ldd(report or ""):
                if name not in names and not _ships_with_qt(name, plugin):
                    names.append(name)
        return MissingLibraries(tuple(names), complete=True) if names else None
    try:
        load(plugin)
    except OSError as error:
        match = _DLOPEN_MISSING.search(str(error))
        if match:
            return MissingLibraries((match.group(1),), complete=False)
    return None


def install_commands(missing: MissingLibraries) -> tuple[str, str, list[str]]:
    """Return the Debian/Ubuntu and Fedora commands installing the libraries, and the sonames not known."""
    wanted = list(missing.sonames)
    if not missing.complete:  # more may be missing behind the first: install the whole set in one go
        wanted.extend(name for name in XCB_SONAMES if name not in wanted)
    debian: list[str] = []
    fedora: list[str] = []
    unknown: list[str] = []
    for soname in wanted:
        if soname not in PACKAGES:
            unknown.append(soname)
            continue
        deb, rpm = PACKAGES[soname]
        debian.extend([deb] if deb not in debian else [])
        fedora.extend([rpm] if rpm not in fedora else [])
    return (
        f"sudo apt-get install -y {' '.join(debian)}" if debian else "",
        f"sudo dnf install -y {' '.join(fedora)}" if fedora else "",
        unknown,
    )


def message(missing: MissingLibraries) -> str:
    """Return the one message telling which libraries are missing and how to install them."""
    lead = "these system libraries are missing" if missing.complete else "at least this library is missing"
    lines = [
        f"mlops-tracker: cannot open the window: Qt's X11 platform plugin (xcb) cannot load; {lead}:",
        *(f"    {name}" for name in missing.sonames),
        "Install them, then start MLOps Tracker again:"
        if missing.complete
        else "Install Qt's X11 libraries (more may be missing behind it), then start MLOps Tracker again:",
    ]
    debian, fedora, unknown = install_commands(missing)
    if debian:
        lines.append(f"    Debian/Ubuntu: {debian}")
    if fedora:
        lines.append(f"    Fedora:        {fedora}")
    for name in unknown:
        lines.append(f"    {name}: find its package: `apt-file search {name}`, `dnf provides '*/{name}'`")
    return "\n".join(lines)


def check_platform(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    find: Callable[[], Path | None] = find_plugin,
    ldd: Callable[[Path], str | None] = run_ldd,
    load: Callable[[Path], None] = load_library,
    stream: TextIO | None = None,
) -> int | None:
    """Print what to install and return exit code 2 when Qt's xcb plugin would not load; else None."""
    if not xcb_expected(environ, platform):
        return None
    forced = environ.get(TEST_MISSING_ENV, "")
    if forced:
        missing: MissingLibraries | None = MissingLibraries(
            tuple(name.strip() for name in forced.split(",") if name.strip()), complete=True
        )
    else:
        plugin = find()
        missing = missing_libraries(plugin, ldd, load) if plugin is not None else None
    if missing is None or not missing.sonames:
        return None
    print(message(missing), file=stream or sys.stderr)
    return PLATFORM_EXIT
