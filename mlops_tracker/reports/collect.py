"""Gather what the Progress page, the report and the portfolio show, from the Tracker, in one pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mlops_tracker.core.tracker import ItemView, LevelStatus, Tracker
from mlops_tracker.domain import scheduling
from mlops_tracker.domain.forecast import forecast
from mlops_tracker.domain.model import MAIN_LEVELS, Kind, ProgressEvent, ReadinessPoint, Status
from mlops_tracker.reports.data import ChecklistRow, FinishedProject, LevelSummary, ReportData

ForecastLine = tuple[date, float, date]  # (today, readiness now, the day readiness reaches 100)


@dataclass(frozen=True)
class LevelProgress:
    """A level's standing with the series its readiness chart is drawn from."""

    status: LevelStatus
    history: list[ReadinessPoint]
    plan_curve: list[ReadinessPoint]

    @property
    def exam(self) -> date | None:
        """Return the exam date of the level's plan, if any."""
        plan = self.status.plan
        return plan.spec.exam if plan else None

    def forecast_line(self, today: date) -> ForecastLine | None:
        """Return the forecast as a line from today's readiness to 100%, or None without a forecast."""
        ready_on = self.status.forecast.ready_on
        if ready_on is None or ready_on <= today:
            return None
        return today, self.status.readiness, ready_on


def report_levels(tracker: Tracker) -> list[str]:
    """Return the levels being prepared, or the three main levels when none is."""
    return tracker.preparing_levels() or list(MAIN_LEVELS)


def level_progress(tracker: Tracker, levels: Sequence[str]) -> dict[str, LevelProgress]:
    """Return each level's readiness, buffer, forecast, history and plan curve, reading the history once."""
    today = tracker.clock.today()
    histories = tracker.readiness_histories(levels)
    plans = {plan.spec.level: plan for plan in tracker.plans()}
    result: dict[str, LevelProgress] = {}
    for level_id in levels:
        level = tracker.resolve_level(level_id)
        plan = plans.get(level_id)
        now = tracker.readiness(level_id)
        curve = tracker.plan_curve(level_id) if plan else []
        exam = plan.spec.exam if plan else None
        # the same figures as Tracker.level_status, without computing the history once per level
        status = LevelStatus(
            level_id=level.id,
            name=level.name,
            readiness=now,
            plan=plan,
            buffer_days=scheduling.buffer_days(now, curve, today) if plan else None,
            forecast=forecast(histories[level_id], today, exam),
            days_to_exam=(exam - today).days if exam else None,
        )
        result[level_id] = LevelProgress(status, histories[level_id], curve)
    return result


def forecast_line(tracker: Tracker, level: str) -> ForecastLine | None:
    """Return a level's forecast as (today, readiness now, day of 100%), or None without a forecast."""
    return level_progress(tracker, [level])[level].forecast_line(tracker.clock.today())


def finished_days(tracker: Tracker, events: Sequence[ProgressEvent]) -> dict[str, date]:
    """Return, per project that counts as done, the local day of the last event that made it count."""
    counting: dict[str, bool] = {}
    days: dict[str, date] = {}
    for event in events:
        if not tracker.curriculum.has_item(event.item_id):
            continue
        if tracker.curriculum.item(event.item_id).kind is not Kind.PROJECT:
            continue
        counts = event.to_status is Status.DONE and event.evidenced
        if counts and not counting.get(event.item_id, False):
            days[event.item_id] = tracker.clock.day_of(event.at)
        counting[event.item_id] = counts
    return days


def status_counts(views: Sequence[ItemView]) -> dict[Status, int]:
    """Return how many of the items have each status."""
    counts = dict.fromkeys(Status, 0)
    for view in views:
        counts[view.state.status] += 1
    return counts


def breakdown_by_level(tracker: Tracker, levels: Sequence[str]) -> dict[str, dict[Status, int]]:
    """Return item counts by status, one row per level named as people read it."""
    views = [view for view in tracker.items() if not view.item.retired]
    return {
        tracker.resolve_level(level_id).name: status_counts([v for v in views if v.item.level == level_id])
        for level_id in levels
    }


def breakdown_by_category(tracker: Tracker, levels: Sequence[str]) -> dict[str, dict[Status, int]]:
    """Return item counts by status, one row per "Level · Kind" that has items."""
    views = [view for view in tracker.items() if not view.item.retired]
    rows: dict[str, dict[Status, int]] = {}
    for level_id in levels:
        name = tracker.resolve_level(level_id).name
        for kind in Kind:
            of_kind = [v for v in views if v.item.level == level_id and v.item.kind is kind]
            if of_kind:
                rows[f"{name} · {kind.label}"] = status_counts(of_kind)
    return rows


def collect_report_data(tracker: Tracker, learner: str = "") -> ReportData:
    """Return everything the progress report and the portfolio show, read from the tracker."""
    today = tracker.clock.today()
    levels = report_levels(tracker)
    prepared = set(tracker.preparing_levels())
    progress = level_progress(tracker, levels)
    views = [view for view in tracker.items() if not view.item.retired]

    checklist = [
        ChecklistRow(
            level_name=tracker.resolve_level(view.item.level).name,
            kind_label=view.item.kind.label,
            title=view.item.title,
            status=view.state.status,
            notes=view.state.notes,
            evidence=view.state.evidence,
            confidence=view.state.confidence,
        )
        for level_id in levels
        if level_id in prepared
        for view in views
        if view.item.level == level_id
    ]

    finished_on = finished_days(tracker, tracker.events())
    projects = [
        FinishedProject(
            level_name=tracker.resolve_level(view.item.level).name,
            title=view.item.title,
            evidence=view.state.evidence,
            notes=view.state.notes,
            finished_on=finished_on.get(view.item.id),
        )
        for view in views
        if view.item.kind is Kind.PROJECT and view.counts_as_done
    ]

    finished, minutes = tracker.activity_by_day()
    statuses = [entry.status for entry in progress.values()]
    return ReportData(
        generated_on=today,
        overall=tracker.overall_readiness(),
        levels=[
            LevelSummary(
                level_id=status.level_id,
                name=status.name,
                readiness=status.readiness,
                buffer_days=status.buffer_days,
                forecast_message=status.forecast.message,
                exam=status.plan.spec.exam if status.plan else None,
            )
            for status in statuses
        ],
        checklist=checklist,
        projects=projects,
        series={level_id: entry.history for level_id, entry in progress.items()},
        plans={level_id: entry.plan_curve for level_id, entry in progress.items() if entry.plan_curve},
        exams={level_id: entry.exam for level_id, entry in progress.items()},
        finished_per_day=finished,
        minutes_per_day=minutes,
        breakdown=breakdown_by_level(tracker, levels) | breakdown_by_category(tracker, levels),
        learner=learner,
    )
