"""Retained readiness, both plan curves and practice scores in the charts and the PDF report."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from pypdf import PdfReader

from mlops_tracker.charts.export import new_figure
from mlops_tracker.charts.hover import describe_point
from mlops_tracker.charts.practice import draw_practice
from mlops_tracker.charts.readiness import draw_readiness
from mlops_tracker.charts.theme import LIGHT
from mlops_tracker.core import reviews
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import ReadinessPoint, Status
from mlops_tracker.reports.chart_specs import CHART_NAMES, chart, chart_data
from mlops_tracker.reports.collect import collect_report_data
from mlops_tracker.reports.progress_report import write_progress_report

TODAY = date(2026, 11, 20)
SERIES = [ReadinessPoint(TODAY - timedelta(days=4 - i), 10.0 * i) for i in range(5)]
RETAINED = [(point.day, point.readiness * 0.6) for point in SERIES]
PLAN = [ReadinessPoint(TODAY - timedelta(days=4) + timedelta(days=i), i * 10.0) for i in range(11)]
SCHEDULE = [ReadinessPoint(TODAY - timedelta(days=4) + timedelta(days=i), i * 7.0) for i in range(15)]


def axes() -> Axes:
    return new_figure().add_subplot()


def line(ax: Axes, gid: str) -> list[Line2D]:
    return [artist for artist in ax.get_lines() if artist.get_gid() == gid]


def legend_texts(ax: Axes) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_readiness_chart_draws_retained_and_both_plan_curves_with_their_names():
    ax = axes()
    draw_readiness(ax, SERIES, PLAN, exam=TODAY + timedelta(days=12), retained=RETAINED, schedule=SCHEDULE)
    [retained] = line(ax, "retained")
    assert list(retained.get_ydata()) == [value for _, value in RETAINED]
    [baseline], [schedule] = line(ax, "plan"), line(ax, "schedule")
    assert list(baseline.get_ydata()) == [p.readiness for p in PLAN]
    assert list(schedule.get_ydata()) == [p.readiness for p in SCHEDULE]
    assert legend_texts(ax) == ["Readiness", "Retained", "Plan as first made", "Current schedule", "Exam"]
    ax.get_figure().canvas.draw()
    day_number, value = retained.get_xydata()[2]
    hover = describe_point(ax, float(day_number), float(value))
    assert hover is not None and hover.startswith("Retained, ") and hover.endswith("12%")


def test_without_a_reschedule_the_plan_is_one_curve_named_plan():
    ax = axes()
    draw_readiness(ax, SERIES, PLAN)
    assert line(ax, "schedule") == [] and line(ax, "retained") == []
    assert legend_texts(ax) == ["Readiness", "Plan"]


def test_practice_chart_draws_each_level_s_scores_and_the_pass_mark_it_assumes():
    ax = axes()
    scores = {
        "Foundation": [(TODAY - timedelta(days=7), 55.0), (TODAY, 80.0)],
        "Professional": [(TODAY, 40.0)],
    }
    draw_practice(ax, scores, 70)
    lines = line(ax, "practice")
    assert [list(artist.get_ydata()) for artist in lines] == [[55.0, 80.0], [40.0]]
    [mark] = line(ax, "pass-mark")
    assert set(mark.get_ydata()) == {70}
    assert legend_texts(ax) == ["Pass mark 70% (assumed: the guide names none)", "Foundation", "Professional"]
    assert ax.get_title("left") or ax.get_title()


def test_practice_is_a_chart_of_the_list_and_says_when_there_is_none():
    assert "practice" in CHART_NAMES and not chart("practice").per_level
    ax = axes()
    draw_practice(ax, {}, 75)
    assert [text.get_text() for text in ax.texts if text.get_gid() == "empty"] == ["No practice exam yet"]
    assert legend_texts(ax) == ["Pass mark 75% (assumed: the guide names none)"]


def _tracker(tmp_path) -> Tracker:  # type: ignore[no-untyped-def]
    """Return a tracker with a plan, done skills, a self-check, a reschedule and a practice exam."""
    start = TODAY - timedelta(days=10)
    tracker = Tracker.open(tmp_path / "d", clock=Clock(tz=UTC, fixed_day=start))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=32)))
    tracker.clock.fixed_day = start + timedelta(days=2)
    for item_id in ("foundation.skill.ml-lifecycle", "foundation.skill.versioning-lineage"):
        tracker.run(UpdateItem(item_id, status=Status.DONE))
        [question, *_] = reviews.bank().for_item(item_id)
        reviews.answer_question(tracker, question.id, question.answer + 1)
    tracker.clock.fixed_day = TODAY
    tracker.reschedule("foundation")
    exam = reviews.start_practice(tracker, "foundation", count=5, minutes=10, seed=1)
    reviews.record_practice(tracker, exam, [(q.answer + 1, 5) for q in exam.questions[:3]])
    return tracker


def test_chart_data_of_a_view_carries_retained_the_schedule_and_practice(tmp_path):
    tracker = _tracker(tmp_path)
    try:
        data = chart_data(tracker.view(), "foundation")
        assert data.level is not None and data.level.retained and data.level.schedule
        assert data.practice == {"Foundation": [(TODAY, 60.0)]}
        ax = axes()
        chart("readiness").draw(ax, data, LIGHT)
        assert line(ax, "retained") and line(ax, "schedule") and line(ax, "plan")
    finally:
        tracker.close()


def test_the_report_shows_retained_the_outlook_and_the_practice_chart(tmp_path):
    tracker = _tracker(tmp_path)
    try:
        view = tracker.view()
        data = collect_report_data(view, pass_mark=70)
        retained = view.retained("foundation")
    finally:
        tracker.close()
    [foundation, *_] = data.levels
    assert foundation.retained == retained and foundation.outlook.startswith("Not yet on track")
    path = tmp_path / "report.pdf"
    write_progress_report(data, path)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Retained" in text and f"{retained:.0f}%" in text
    assert "Exam outlook" in text and "Foundation: Not yet on track" in text
    assert "practice 60%, below the 70% pass mark" in text
    assert "Practice exam scores" in text and "the guide names none" in text
