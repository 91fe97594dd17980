"""A started plan's fit in the window: the Plan page says what `plan show` says, the Progress card warns."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from mlops_tracker.cli import main
from mlops_tracker.core.commands import UpdateItem
from tests.gui.conftest import TODAY, open_tracker, show_active


def _started_folder(tmp_path: Path) -> Path:
    """A Foundation plan at 45 min a day that does not fit, 9 days in, with steps ticked today and ahead."""
    folder = tmp_path / "started"
    tracker = open_tracker(folder, TODAY - timedelta(days=9))
    try:
        start = TODAY - timedelta(days=9)
        spec = tracker.plan_spec(
            "foundation", 28, start=start, exam=start + timedelta(days=28), minutes_per_day=45
        )
        tracker.create_plan(spec)
        tracker.clock.fixed_day = TODAY
        ahead = [task for task in tracker.require_plan("foundation").tasks if task.due >= TODAY][:3]
        for task in ahead:
            tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))
    finally:
        tracker.close()
    return folder


def _fit_sentence(text: str) -> str:
    match = re.search(r"Needs .*? min a day(?: or move the exam to \d+ \w+)?\.", text)
    assert match is not None, text
    return match.group(0)


def test_plan_page_gives_the_fit_plan_show_gives(window_factory, tmp_path, qtbot, capsys):
    folder = _started_folder(tmp_path)
    assert main(["--data-dir", str(folder), "plan", "show"]) == 0
    shown = _fit_sentence(capsys.readouterr().out)
    assert "of steps already done on them" in shown  # the minutes ticked ahead are named
    window = show_active(qtbot, window_factory(folder))
    page = window.show_page("plan")
    assert page.unfit_frame.isVisible()
    assert _fit_sentence(page.unfit_advice.text()) == shown


def test_progress_card_says_steps_do_not_fit_the_plan(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_started_folder(tmp_path)))
    page = window.show_page("progress")
    card = page.cards["foundation"]
    missing = window.tracker.unfit_steps("foundation")
    assert missing and card.unfit.isVisible()
    assert (
        card.unfit.text().startswith(f"{len(missing)} steps (") and "do not fit the plan" in card.unfit.text()
    )
    assert "do not fit the plan" in card.accessibleDescription()
    needed = window.tracker.plan_fit(window.tracker.require_plan("foundation")).needed_per_day
    window.tracker.set_plan_minutes(needed)  # the fix the Plan page offers
    qtbot.waitUntil(lambda: not card.unfit.isVisible())
