"""Render a progress report whose learner and notes are in Japanese, Hindi, Arabic, Chinese, Korean and emoji.

Run: `.venv/bin/python docs/screenshots/make_report_screenshots.py` (needs `pdftoppm` from poppler-utils and
the fonts `.ci/run` installs). Writes `report-scripts.png`: page 1 and the checklist page, at 80 dpi.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_progress_screenshots import _side_by_side, build_demo  # noqa: E402

LEARNER = "佐藤 花子 (Hanako Sato)"
NOTES = (
    "日本語のメモ：MLflow で実験を記録し、毎週モデルを再学習する。",
    "हिन्दी नोट: मॉडल की निगरानी और डेटा ड्रिफ्ट की जाँच हर सप्ताह।",
    "ملاحظة بالعربية: مراقبة النموذج وإعادة التدريب كل أسبوع.",
    "中文笔记：用 DVC 管理数据版本。한국어 메모: 파이프라인 자동화.",
    "Shipped the canary release 🚀✅🎉 — rollback tested twice.",
)


def render(target: Path) -> None:
    """Write the report with notes in many scripts and render its first and checklist pages side by side."""
    from mlops_tracker.reports.collect import collect_report_data
    from mlops_tracker.reports.progress_report import lay_out_progress_report

    with tempfile.TemporaryDirectory() as folder:
        tracker = build_demo(Path(folder) / "data")
        data = collect_report_data(tracker, learner=LEARNER)
        tracker.close()
        checklist = [
            replace(row, notes=NOTES[index]) if index < len(NOTES) else row
            for index, row in enumerate(data.checklist)
        ]
        data = replace(data, checklist=checklist)
        pdf = Path(folder) / "report.pdf"
        writer = lay_out_progress_report(data, pdf)
        noted = next(block.page for block in writer.blocks if NOTES[0][:6] in block.text.replace("\n", ""))
        prefix = Path(folder) / "page"
        for page in (1, noted):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), pdf, prefix], check=True
            )
        _side_by_side(sorted(Path(folder).glob("page-*.png")), target)


if __name__ == "__main__":
    render(HERE / "report-scripts.png")
    print(f"wrote {HERE / 'report-scripts.png'}")
