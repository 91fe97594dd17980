"""Gather what the report and the portfolio show from one view of the data (`core.views.View`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mlops_tracker.core.views import ItemView, View
from mlops_tracker.domain.model import Kind, ProgressEvent, Status
from mlops_tracker.domain.practice import DEFAULT_PASS_MARK
from mlops_tracker.reports.data import ChecklistRow, FinishedProject, LevelSummary, ReportData


def finished_days(view: View, events: Sequence[ProgressEvent]) -> dict[str, date]:
    """Return, per project that counts as done, the local day of the last event that made it count."""
    counting: dict[str, bool] = {}
    days: dict[str, date] = {}
    curriculum = view.curriculum
    for event in events:
        if not curriculum.has_item(event.item_id):
            continue
        if curriculum.item(event.item_id).kind is not Kind.PROJECT:
            continue
        counts = event.to_status is Status.DONE and event.evidenced
        if counts and not counting.get(event.item_id, False):
            days[event.item_id] = view.clock.day_of(event.at)
        counting[event.item_id] = counts
    return days


def status_counts(views: Sequence[ItemView]) -> dict[Status, int]:
    """Return how many of the items have each status."""
    counts = dict.fromkeys(Status, 0)
    for view in views:
        counts[view.state.status] += 1
    return counts


def breakdown_by_level(view: View, levels: Sequence[str]) -> dict[str, dict[Status, int]]:
    """Return item counts by status, one row per level named as people read it."""
    views = [v for v in view.items() if not v.item.retired]
    return {
        view.curriculum.level(level_id).name: status_counts([v for v in views if v.item.level == level_id])
        for level_id in levels
    }


def breakdown_by_category(view: View, levels: Sequence[str]) -> dict[str, dict[Status, int]]:
    """Return item counts by status, one row per "Level · Kind" that has items."""
    views = [v for v in view.items() if not v.item.retired]
    rows: dict[str, dict[Status, int]] = {}
    for level_id in levels:
        name = view.curriculum.level(level_id).name
        for kind in Kind:
            of_kind = [v for v in views if v.item.level == level_id and v.item.kind is kind]
            if of_kind:
                rows[f"{name} · {kind.label}"] = status_counts(of_kind)
    return rows


def collect_report_data(view: View, learner: str = "", pass_mark: int = DEFAULT_PASS_MARK) -> ReportData:
    """Return everything the progress report and the portfolio show, from one view (pass mark: a setting)."""
    from mlops_tracker.reports.chart_specs import practice_scores, retained_series

    today = view.today
    levels = view.shown_levels
    prepared = set(view.preparing)
    progress = view.progress(levels)
    views = [v for v in view.items() if not v.item.retired]
    level_name = {level.id: level.name for level in view.curriculum.levels}

    checklist = [
        ChecklistRow(
            level_name=level_name[v.item.level],
            kind_label=v.item.kind.label,
            title=v.item.title,
            status=v.state.status,
            notes=v.state.notes,
            evidence=v.state.evidence,
            confidence=v.state.confidence,
        )
        for level_id in levels
        if level_id in prepared
        for v in views
        if v.item.level == level_id
    ]

    finished_on = finished_days(view, view.events)
    projects = [
        FinishedProject(
            level_name=level_name[v.item.level],
            title=v.item.title,
            evidence=v.state.evidence,
            notes=v.state.notes,
            finished_on=finished_on.get(v.item.id),
        )
        for v in views
        if v.item.kind is Kind.PROJECT and v.counts_as_done
    ]

    statuses = [entry.status for entry in progress.values()]
    return ReportData(
        generated_on=today,
        overall=view.overall,
        levels=[
            LevelSummary(
                level_id=status.level_id,
                name=status.name,
                readiness=status.readiness,
                buffer_days=status.buffer_days,
                forecast_message=status.forecast.message,
                exam=status.plan.spec.exam if status.plan else None,
                retained=view.retained(status.level_id),
                outlook=view.outlook(status.level_id, pass_mark),
            )
            for status in statuses
        ],
        checklist=checklist,
        projects=projects,
        series={level_id: entry.history for level_id, entry in progress.items()},
        plans={level_id: entry.plan_curve for level_id, entry in progress.items() if entry.plan_curve},
        exams={level_id: entry.exam for level_id, entry in progress.items()},
        forecasts={
            level_id: line
            for level_id, entry in progress.items()
            if (line := entry.forecast_line(today)) is not None
        },
        finished_per_day=view.finished_by_day,
        minutes_per_day=view.minutes_by_day,
        breakdown=breakdown_by_level(view, levels) | breakdown_by_category(view, levels),
        learner=learner,
        retained={level_id: retained_series(view, level_id) for level_id in progress},
        schedules={level_id: curve for level_id in progress if (curve := view.schedule_curve(level_id))},
        practice=practice_scores(view, levels),
        pass_mark=pass_mark,
    )
