"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from the one SVG.

A developer tool, run after editing `mlops_tracker/resources/icons/mlops-tracker.svg`:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The PNGs are drawn by Qt's SVG renderer (PySide6, offscreen). Pillow, only used here to write the .ico and
.icns containers, is already installed as a matplotlib dependency; the app itself never imports it.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlops_tracker import APP_ID  # noqa: E402

ICONS = ROOT / "mlops_tracker" / "resources" / "icons"
SOURCE = ICONS / "mlops-tracker.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
ICO_PATH = ROOT / "packaging" / "windows" / "mlops-tracker.ico"
ICNS_PATH = ROOT / "packaging" / "macos" / "mlops-tracker.icns"


def hicolor_path(size: int) -> Path:
    """Return where the freedesktop icon theme layout keeps the PNG of a size."""
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_png(renderer: object, size: int) -> bytes:
    """Return the SVG drawn at size × size pixels as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)  # type: ignore[attr-defined]
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    """Write every icon file derived from the SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"error: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    pngs = {size: render_png(renderer, size) for size in sizes}

    for size in HICOLOR_SIZES:
        path = hicolor_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        print(f"wrote {path.relative_to(ROOT)}")

    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: skipping the .ico and .icns files", file=sys.stderr)
        return 0
    images = {size: Image.open(io.BytesIO(pngs[size])).convert("RGBA") for size in sizes}

    ICO_PATH.parent.mkdir(parents=True, exist_ok=True)
    largest = images[max(ICO_SIZES)]
    largest.save(
        ICO_PATH,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    print(f"wrote {ICO_PATH.relative_to(ROOT)}")

    ICNS_PATH.parent.mkdir(parents=True, exist_ok=True)
    images[max(ICNS_SIZES)].save(
        ICNS_PATH,
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    print(f"wrote {ICNS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
