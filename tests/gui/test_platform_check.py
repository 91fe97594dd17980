"""A missing xcb library is named, with the commands that install it, instead of Qt's abort."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from mlops_tracker.gui import platform_check
from mlops_tracker.gui.platform_check import check_platform, parse_ldd, xcb_expected

ROOT = Path(__file__).resolve().parents[2]

# glibc's ldd on PySide6 6.11's libqxcb.so on a minimal Debian 12 (shortened)
LDD_PLUGIN = """\
\tlinux-vdso.so.1 (0x00007f70d657e000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f70d64b0000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f70d6420000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f70d63c6000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f70d63be000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f70d461e000)
"""
LDD_QPA = """\
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
"""
LINUX_X11: dict[str, str] = {"DISPLAY": ":0"}


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    """Return a fake PySide6 layout: Qt/plugins/platforms/libqxcb.so and Qt/lib/libQt6XcbQpa.so.6."""
    qt = tmp_path / "PySide6" / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    (qt / "plugins" / "platforms" / "libqxcb.so").write_bytes(b"")
    (qt / "lib" / "libQt6XcbQpa.so.6").write_bytes(b"")
    return qt / "plugins" / "platforms" / "libqxcb.so"


def _check(
    plugin: Path,
    ldd: Callable[[Path], str | None],
    load: Callable[[Path], None] | None = None,
    environ: Mapping[str, str] = LINUX_X11,
) -> tuple[int | None, str]:
    """Run the check on a fake plugin; return its exit code and what it printed."""
    out = io.StringIO()

    def must_not_load(path: Path) -> None:
        raise AssertionError("ldd answered: nothing to load")

    code = check_platform(
        environ=environ,
        platform="linux",
        find=lambda: plugin,
        ldd=ldd,
        load=load or must_not_load,
        stream=out,
    )
    return code, out.getvalue()


def test_parse_ldd_lists_each_missing_library_once():
    assert parse_ldd(LDD_PLUGIN) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    musl = "Error loading shared library libxcb-icccm.so.4: No such file or directory (needed by x.so)"
    assert parse_ldd(musl) == ["libxcb-icccm.so.4"]


def test_every_missing_library_is_named_with_both_install_commands(plugin):
    reports = {plugin.name: LDD_PLUGIN, "libQt6XcbQpa.so.6": LDD_QPA}
    code, text = _check(plugin, lambda path: reports[path.name])
    assert code == platform_check.PLATFORM_EXIT == 2
    for soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
        assert soname in text
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0" in text
    assert "sudo dnf install -y xcb-util-wm xcb-util-keysyms xcb-util-cursor" in text
    assert "libxcb-util1" not in text  # only what is missing
    assert text.count("\n") < 10  # one short message, not Qt's wall of text


def test_without_ldd_the_first_missing_library_is_named_and_the_whole_set_installed(plugin):
    def load(path: Path) -> None:
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    code, text = _check(plugin, lambda path: None, load)
    assert code == 2
    assert "libxcb-cursor.so.0" in text and "at least" in text
    assert "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text
    assert "xcb-util-cursor xcb-util-wm xcb-util-keysyms" in text


def test_a_plugin_that_loads_says_nothing(plugin):
    code, text = _check(plugin, lambda path: "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n")
    assert code is None and text == ""
    code, text = _check(plugin, lambda path: None, load=lambda path: None)
    assert code is None and text == ""


def test_qt_libraries_that_ldd_cannot_see_are_not_system_libraries(plugin):
    code, _ = _check(plugin, lambda path: "\tlibQt6XcbQpa.so.6 => not found\n\tlibicuuc.so.73 => not found\n")
    assert code is None


def test_an_unknown_library_is_named_with_a_way_to_find_its_package(plugin):
    code, text = _check(plugin, lambda path: "\tlibxcb-future.so.9 => not found\n")
    assert code == 2
    assert "libxcb-future.so.9" in text and "apt-file search libxcb-future.so.9" in text


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_the_check_runs_only_when_qt_will_load_xcb(environ, platform, expected):
    assert xcb_expected(environ, platform) is expected


def test_no_check_off_xcb(plugin):
    def fail(path: Path) -> str:
        raise AssertionError("the plugin is not looked at off xcb")

    code, _ = _check(plugin, fail, environ={"QT_QPA_PLATFORM": "offscreen"})
    assert code is None


def test_the_table_knows_every_library_the_real_plugin_lacks():
    plugin = platform_check.find_plugin()
    if plugin is None or sys.platform != "linux":
        pytest.skip("PySide6's xcb plugin is not on this system")
    missing = platform_check.missing_libraries(plugin)
    names = missing.sonames if missing else ()
    assert [name for name in names if name not in platform_check.PACKAGES] == []
    assert set(platform_check.XCB_SONAMES) <= set(platform_check.PACKAGES)


# the launcher, in a child: whether Qt was loaded at all when it returned
LAUNCH = """
import sys
from mlops_tracker.__main__ import main
code = main([])
print("Qt loaded:", "PySide6.QtCore" in sys.modules)
sys.exit(code)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="xcb is Linux's")
@pytest.mark.parametrize("how", ["module", "launcher"])
def test_python_m_mlops_tracker_names_the_missing_libraries_and_exits_2(tmp_path, how):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env[platform_check.TEST_MISSING_ENV] = "libxcb-cursor.so.0,libxcb-icccm.so.4,libxcb-keysyms.so.1"
    env["MLOPS_TRACKER_DATA_DIR"] = str(tmp_path / "data")
    command = ["-m", "mlops_tracker"] if how == "module" else ["-c", LAUNCH]
    done = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert "libxcb-cursor.so.0" in done.stderr and "libxcb-keysyms.so.1" in done.stderr
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in done.stderr
    assert "sudo dnf install -y xcb-util-cursor xcb-util-wm xcb-util-keysyms" in done.stderr
    assert "qt.qpa" not in done.stderr  # Qt never tried
    if how == "launcher":
        assert "Qt loaded: False" in done.stdout
