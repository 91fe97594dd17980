"""The fonts the bundle ships so text in any script the window can show also prints, with their licences.

Taken from the build machine's Debian packages; `mlops_tracker.charts.theme` registers the bundle's `fonts/`
folder with matplotlib and lists each family in its fallback order. matplotlib draws outline fonts only, so
emoji come from Symbola, not a colour emoji font. Latin, Greek and Cyrillic use the DejaVu Sans matplotlib
ships.
"""

from __future__ import annotations

from pathlib import Path

FONT_ROOT = Path("/usr/share/fonts/truetype")
DOC_ROOT = Path("/usr/share/doc")
BUNDLE_FOLDER = "fonts"

# package -> its font files the bundle ships (sizes and licences as packaged in Debian 12)
FONT_PACKAGES: dict[str, tuple[str, ...]] = {
    # Devanagari and Arabic, about 1 MB, SIL Open Font License
    "fonts-noto-core": tuple(
        f"noto/NotoSans{script}-{weight}.ttf"
        for script in ("Devanagari", "Arabic")
        for weight in ("Regular", "Bold")
    ),
    # Japanese, Chinese and Korean in 4 MB (Noto Sans CJK would be 19 MB), Apache License 2.0
    "fonts-droid-fallback": ("droid/DroidSansFallbackFull.ttf",),
    # emoji and symbols in outline, 3 MB, free for any use
    "fonts-symbola": ("ancient-scripts/Symbola_hint.ttf",),
}


def font_datas(
    font_root: Path = FONT_ROOT, doc_root: Path = DOC_ROOT
) -> tuple[list[tuple[str, str]], list[str]]:
    """Return PyInstaller's (source, bundle folder) pairs for each installed package's fonts and licence,
    and the packages that are not installed (their scripts then print with the system's fonts)."""
    datas: list[tuple[str, str]] = []
    missing: list[str] = []
    for package, names in FONT_PACKAGES.items():
        fonts = [font_root / name for name in names]
        licence = doc_root / package / "copyright"
        if not all(path.is_file() for path in (*fonts, licence)):
            missing.append(package)
            continue
        datas += [(str(path), BUNDLE_FOLDER) for path in fonts]
        # each package's licence in a folder of its own: they are all called "copyright"
        datas.append((str(licence), f"{BUNDLE_FOLDER}/licences/{package}"))
    return datas, missing
