"""Packaging: one version everywhere, desktop files matching the app id, icons in every size, bundle hooks."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from mlops_tracker import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "mlops_tracker" / "resources" / "icons"
PYINSTALLER = ROOT / "packaging" / "pyinstaller"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR", f"{path} has no IHDR chunk first"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# ---- one version, one app id ----------------------------------------------------------------------------


def test_newest_metainfo_release_is_the_package_version():
    releases = ET.parse(METAINFO).getroot().findall("./releases/release")
    assert releases, "the metainfo lists no release"
    newest = max(releases, key=lambda release: _version_key(release.get("version", "")))
    assert newest.get("version") == __version__
    assert releases[0] is newest, "AppStream wants the newest release first"
    assert newest.find("description") is not None, "the release has no notes"


def test_metainfo_names_the_app_id_and_its_desktop_file():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("./provides/binary") == "mlops-tracker"
    images = [image.text or "" for image in root.iter("image")]
    assert images, "the metainfo has no screenshots"
    assert all(url.startswith("https://") for url in images)


def test_metainfo_screenshots_are_the_repository_screenshots():
    folder = ROOT / "docs" / "screenshots"
    for image in ET.parse(METAINFO).getroot().iter("image"):
        url = image.text or ""
        assert "/raw/main/docs/screenshots/" in url
        assert (folder / url.rsplit("/", 1)[1]).is_file(), f"{url} names no file in docs/screenshots"


def test_desktop_file_matches_the_app_id_and_the_installed_command():
    entry = _desktop_entry()
    assert DESKTOP.stem == APP_ID
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    scripts = _pyproject()["project"]["scripts"]
    assert entry["Exec"].split()[0] in scripts
    assert entry["TryExec"] in scripts


def test_version_is_dynamic_from_the_package():
    project = _pyproject()
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "mlops_tracker.__version__"}


def test_bundle_reads_the_version_and_app_id_from_the_package():
    spec = (PYINSTALLER / "mlops-tracker.spec").read_text(encoding="utf-8")
    assert "from mlops_tracker import APP_ID, APP_NAME, __version__" in spec
    assert "bundle_identifier=APP_ID" in spec


# ---- icons ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_exists_in_every_size(size):
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file(), f"missing {path}; run packaging/make_icons.py"
    assert _png_size(path) == (size, size)


def test_svg_icon_is_an_svg_document():
    root = ET.parse(ICONS / "mlops-tracker.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"


def test_windows_and_macos_icons_exist():
    ico = (ROOT / "packaging" / "windows" / "mlops-tracker.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    icns = (ROOT / "packaging" / "macos" / "mlops-tracker.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)


# ---- the wheel's contents ---------------------------------------------------------------------------------


def test_package_data_carries_the_seed_resources_and_migrations():
    patterns = _pyproject()["tool"]["setuptools"]["package-data"]["mlops_tracker"]
    package = ROOT / "mlops_tracker"
    for wanted in (
        "data/seed.json",
        f"resources/icons/hicolor/48x48/apps/{APP_ID}.png",
        "resources/icons/mlops-tracker.svg",
        "storage/migrations/env.py",
        "storage/migrations/script.py.mako",
        "storage/migrations/versions/0001_initial_schema.py",
        "sync/migrations/env.py",
        "sync/migrations/script.py.mako",
        "sync/migrations/versions/s0001_events_roles_and_policies.py",
    ):
        assert (package / wanted).is_file()
        carried = any(package / wanted in set(package.glob(pattern)) for pattern in patterns)
        assert carried, f"package-data does not carry {wanted}"


def test_bundle_extra_holds_only_build_tools():
    extras = _pyproject()["project"]["optional-dependencies"]
    assert extras["bundle"] == ["pyinstaller>=6", "build>=1"]
    assert not any(
        "pyinstaller" in dependency.lower() for dependency in _pyproject()["project"]["dependencies"]
    )


# ---- the lock file ----------------------------------------------------------------------------------------

LOCK = ROOT / "requirements" / "lock.txt"


def _locked() -> dict[str, list[str]]:
    """Return the lock's `name==version` pins by package name (one per environment marker)."""
    pins: dict[str, list[str]] = {}
    for line in LOCK.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            requirement = line.split(";")[0].split("\\")[0].strip()
            name, _, version = requirement.partition("==")
            pins.setdefault(name.lower().replace("_", "-"), []).append(version)
    return pins


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_lock_pins_every_dependency_of_the_app_tests_and_bundle_exactly():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"].values()
    wanted = project["dependencies"] + [dependency for extra in extras for dependency in extra]
    locked = _locked()
    for requirement in wanted:
        assert _name(requirement) in locked, f"{requirement} is not in {LOCK.name}: run `make lock`"
    assert all(version for versions in locked.values() for version in versions), "every pin is ==VERSION"


def test_lock_carries_a_hash_for_every_pin():
    text = LOCK.read_text()
    pins = [line for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("#")]
    blocks = re.split(r"\n(?=\S)", text)
    hashed = [block for block in blocks if "--hash=sha256:" in block]
    assert len(hashed) == len(pins)


def test_lock_holds_pyside6_off_the_leaking_release():
    assert "!=6.12.0" in next(d for d in _pyproject()["project"]["dependencies"] if d.startswith("PySide6"))
    for name in ("pyside6-essentials", "shiboken6"):
        assert _locked()[name] and "6.12.0" not in _locked()[name]


def test_make_installs_from_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile and "requirements/lock.txt" in makefile


# ---- the bundle's helpers ---------------------------------------------------------------------------------


def _run_hook(hook: str, env: dict[str, str], code: str) -> str:
    """Run a runtime hook in a fresh interpreter as PyInstaller would, then `code`; return its output."""
    script = f"import runpy\nrunpy.run_path({str(PYINSTALLER / hook)!r})\n{code}\n"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "MPLCONFIGDIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.mark.skipif(sys.platform != "linux", reason="checks the XDG cache folder")
def test_mplconfig_hook_points_matplotlib_at_a_persistent_cache(tmp_path):
    output = _run_hook(
        "rthook_mplconfig.py", _clean_env(tmp_path), "import os; print(os.environ['MPLCONFIGDIR'])"
    )
    expected = tmp_path / "cache" / "mlops-tracker" / "matplotlib"
    assert output.strip() == str(expected)
    assert expected.is_dir()


def test_mplconfig_hook_keeps_a_folder_the_user_chose(tmp_path):
    env = _clean_env(tmp_path) | {"MPLCONFIGDIR": str(tmp_path / "mine")}
    output = _run_hook("rthook_mplconfig.py", env, "import os; print(os.environ['MPLCONFIGDIR'])")
    assert output.strip() == str(tmp_path / "mine")


def test_stdio_hook_gives_a_windowed_build_streams_to_write_to(tmp_path):
    # what a windowed build starts with; writing to None would raise AttributeError
    code = "sys.stdout = sys.stderr = None\nrunpy.run_path(hook)\n"
    code += "sys.stdout.write('out')\nsys.stderr.write('err')"
    script = f"import runpy, sys\nhook = {str(PYINSTALLER / 'rthook_stdio.py')!r}\n{code}\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_windows_version_file_comes_from_the_package_version():
    sys.path.insert(0, str(PYINSTALLER))
    try:
        import version_info
    finally:
        sys.path.remove(str(PYINSTALLER))
    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    text = version_info.render(__version__, APP_NAME, APP_ID, "mlops-tracker")
    numbers = version_info.version_tuple(__version__)
    assert f"filevers={numbers}" in text
    assert f"StringStruct('ProductVersion', {__version__!r})" in text
    # the file is a VSVersionInfo expression PyInstaller evaluates; evaluate it with recording stand-ins
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")  # fmt: skip
    recorders = {name: _recorder(name) for name in names}
    kind, _, parts = eval(text, recorders)
    assert kind == "VSVersionInfo"
    assert parts["ffi"][2]["prodvers"] == numbers
    string_table = parts["kids"][0][1][0][0]
    strings = dict(struct[1] for struct in string_table[1][1])
    assert strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "mlops-tracker.exe"


def _recorder(name: str):
    return lambda *args, **kwargs: (name, args, kwargs)


# ---- validators (skipped where the tools are not installed) ----------------------------------------------


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validates():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_top_level_data_and_resources_are_links_to_the_packaged_copies():
    """One real copy inside the package (the wheel's), one visible path at the top for people."""
    for top, packaged in (
        ("resources", "mlops_tracker/resources"),
        ("data/seed.json", "mlops_tracker/data/seed.json"),
        ("data/study.json", "mlops_tracker/data/study.json"),
        ("data/questions.json", "mlops_tracker/data/questions.json"),
    ):
        path = ROOT / top
        assert path.is_symlink(), top
        assert path.resolve() == (ROOT / packaged).resolve(), top


# ---- the fonts the bundle ships ----------------------------------------------------------------------------


def _bundle_fonts():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(PYINSTALLER))
    try:
        import bundle_fonts
    finally:
        sys.path.remove(str(PYINSTALLER))
    return bundle_fonts


# the packages whose fonts print CJK and emoji from the bundle, with a file each ships
CJK_AND_EMOJI = {"fonts-droid-fallback": "DroidSansFallbackFull.ttf", "fonts-symbola": "Symbola_hint.ttf"}


def _require_font_packages(bundle_fonts) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Return the bundle's font datas; skip unless the CJK and emoji packages are installed."""
    datas, missing = bundle_fonts.font_datas()
    for package in CJK_AND_EMOJI:
        if package in missing:
            pytest.skip(f"{package} is not installed: apt-get install {package}")
    return datas


def test_the_spec_ships_cjk_and_emoji_fonts_with_their_licences():
    bundle_fonts = _bundle_fonts()
    spec = (PYINSTALLER / "mlops-tracker.spec").read_text(encoding="utf-8")
    assert "bundle_fonts.font_datas()" in spec and "DATAS += FONT_DATAS" in spec
    datas = _require_font_packages(bundle_fonts)
    shipped = {Path(source).name: folder for source, folder in datas}
    for package, font in CJK_AND_EMOJI.items():
        assert shipped.get(font) == "fonts", package
        assert (f"/usr/share/doc/{package}/copyright", f"fonts/licences/{package}") in datas
    # the app registers every shipped font and tries its family in the fallback order
    from matplotlib import font_manager

    from mlops_tracker.charts.theme import FONT_FALLBACK, FONT_FILES

    families = [family for family, _ in FONT_FALLBACK]
    for source, folder in datas:
        if folder == "fonts":
            assert Path(source).name in FONT_FILES
            assert font_manager.FontProperties(fname=source).get_name() in families


# Run in a child: matplotlib's font list is the process's, and only the bundle's fonts folder may be on it.
ONLY_BUNDLED_FONTS = """
import shutil, sys
from pathlib import Path
from matplotlib import font_manager
from pypdf import PdfReader
sys.path.insert(0, {pyinstaller!r})
import bundle_fonts
from mlops_tracker.charts import theme
from mlops_tracker.reports.progress_report import lay_out_progress_report
from tests.charts.test_report_text import report_data

bundle = Path({bundle!r})
datas, _ = bundle_fonts.font_datas()
for source, folder in datas:
    (bundle / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(source, bundle / folder)
# what a bundle on a machine without any font of its own sees: matplotlib's DejaVu and the bundle's folder
mpl_data = str(Path(font_manager.__file__).parent / "mpl-data")
fm = font_manager.fontManager
fm.ttflist = [entry for entry in fm.ttflist if entry.fname.startswith(mpl_data)]
theme.FONT_FOLDERS = ()
sys._MEIPASS = str(bundle)
print("families", theme.font_families())
target = bundle / "report.pdf"
lay_out_progress_report(report_data(["日本語のノート 毎週 🚀✅"]), target)
reader = PdfReader(target)
fonts = set()
for page in reader.pages:
    for font in (page["/Resources"].get("/Font") or {{}}).values():
        fonts.add(str(font.get_object()["/BaseFont"]))
print("fonts", sorted(fonts))
print("text", "".join(page.extract_text() for page in reader.pages).replace(chr(10), " "))
"""


def test_the_report_prints_japanese_and_emoji_with_only_the_bundled_fonts(tmp_path):
    _require_font_packages(_bundle_fonts())
    script = ONLY_BUNDLED_FONTS.format(pyinstaller=str(PYINSTALLER), bundle=str(tmp_path / "bundle"))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert "Noto Sans CJK JP" not in lines["families"]  # the system's fonts are out of reach
    assert "Droid Sans Fallback" in lines["families"] and "Symbola" in lines["families"]
    assert "DroidSansFallback" in lines["fonts"] and "Symbola" in lines["fonts"], lines["fonts"]
    assert "日本語のノート" in lines["text"]
    assert "🚀✅" in "".join(lines["text"].split())
    assert "Glyph" not in result.stderr
