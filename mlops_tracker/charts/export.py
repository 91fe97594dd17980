"""Make figures and save them as PNG, SVG or PDF without ever leaving a half-written file."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.paths import remove_stale_siblings

SUPPORTED: tuple[str, ...] = (".png", ".svg", ".pdf")
PNG_DPI = 150


def new_figure(width: float = 8, height: float = 4.5) -> Figure:
    """Return a constrained-layout Figure (size in inches) with an Agg canvas attached."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file in the target's folder that replaces `path` only once fully written."""
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(f"Cannot write '{path}': the folder '{folder}' does not exist.")
    remove_stale_siblings(path)  # temporary files an earlier write killed half way left behind
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
            # mkstemp makes the file private (0600); give it the mode a plain open() would have
            os.chmod(stream.fileno(), _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Return the permissions of the file being replaced, or the default ones under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """Return the process umask (from /proc on Linux: setting it to read it races with other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def save_figure(fig: Figure, path: Path) -> None:
    """Save the figure in the format its suffix names (.png, .svg or .pdf)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InvalidInput(f"Cannot export to '{path.name}': use .png, .svg or .pdf.")
    options: dict[str, object] = {"dpi": PNG_DPI} if suffix == ".png" else {}
    with atomic_file(path) as stream:
        fig.savefig(stream, format=suffix[1:], facecolor=fig.get_facecolor(), **options)
