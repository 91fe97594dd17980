"""Ten minutes of simulated use in one process: memory and None's reference count over time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_soak.py [--minutes 10] [--sample 10]

The same actions as the soak test (tests/gui/soak_script.py), cycled without pause: every page and its
tabs, scrolling and hovering every list and chart, a few hundred repaints, the study timer, ticks and undo,
every dialog, the menus, light/dark/system. RSS and `sys.getrefcount(None)` are sampled about every 10 s; the
first minute is the warm-up. Targets: no fall of None's count, memory growth < 5 MB after the warm-up.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tests.gui.soak_script

from tests.gui.soak_script import none_refs, open_window, rss_bytes

WARM_UP_S = 60.0
MEMORY_TARGET_MB = 5.0
REPAINTS = 150


def main() -> int:
    """Cycle through the soak phases for the given minutes; print samples and the growth after warm-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    parser.add_argument(
        "--pixmap-cache-kb",
        type=int,
        default=None,
        help="limit of Qt's pixmap cache (Qt's default 10240 KB); 0 caches nothing, to tell its growth apart",
    )
    args = parser.parse_args()
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QPixmapCache

    folder = Path(tempfile.mkdtemp(prefix="mlops-tracker-bench-soak-")) / "data"
    started = time.monotonic()
    window, soak = open_window(folder)
    if args.pixmap_cache_kb is not None:
        QPixmapCache.clear()
        QPixmapCache.setCacheLimit(args.pixmap_cache_kb)
    print(
        f"PySide6 {pyside_version}, Python {sys.version.split()[0]}, "
        f"Qt pixmap cache limit {QPixmapCache.cacheLimit()} KB, data in {folder}"
    )
    print(f"{'time':>7} {'cycles':>6} {'RSS MB':>8} {'None refs':>10} {'ΔNone':>7} {'repaints':>9}")

    samples: list[tuple[float, int, float, int | None]] = []
    cycles = 0
    next_sample = 0.0
    end = args.minutes * 60
    first_none: int | None = None

    def sample() -> None:
        nonlocal first_none
        elapsed = time.monotonic() - started
        refs = none_refs()
        first_none = refs if first_none is None else first_none
        rss = rss_bytes() / 2**20
        samples.append((elapsed, cycles, rss, refs))
        delta = "n/a" if refs is None or first_none is None else f"{refs - first_none:+d}"
        print(
            f"{elapsed:6.0f}s {cycles:>6} {rss:8.1f} {refs if refs is not None else 'immortal':>10} "
            f"{delta:>7} {soak.counts['repaints']:>9}",
            flush=True,
        )

    while time.monotonic() - started < end:
        for _name, phase in soak.phases(REPAINTS, back_up=cycles == 0):
            phase()
            if time.monotonic() - started >= next_sample:
                sample()
                next_sample += args.sample
        cycles += 1
    soak.settle()
    sample()
    window.close()

    after = [s for s in samples if s[0] >= min(WARM_UP_S, end / 2)]
    base, last = after[0], samples[-1]
    growth = last[2] - base[2]
    peak = max(s[2] for s in after) - base[2]
    drift = None if base[3] is None or last[3] is None else last[3] - base[3]
    lowest = None if base[3] is None else min(s[3] for s in after if s[3] is not None) - base[3]
    verdict = "met" if growth < MEMORY_TARGET_MB and (lowest is None or lowest >= 0) else "NOT met"
    print(
        f"after warm-up ({base[0]:.0f}s to {last[0]:.0f}s, {last[1] - base[1]} cycles): "
        f"memory {growth:+.1f} MB (peak {peak:+.1f} MB, target < {MEMORY_TARGET_MB:.0f} MB); "
        f"None drift {'n/a' if drift is None else f'{drift:+d}'} "
        f"(lowest {'n/a' if lowest is None else f'{lowest:+d}'}); target {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
