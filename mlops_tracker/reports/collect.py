"""Gather what the Progress page, the report and the portfolio show, from the Tracker, in one pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mlops_tracker.core.tracker import ItemView, LevelStatus, Tracker
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import scheduling
from mlops_tracker.domain.forecast import forecast
from mlops_tracker.domain.model import MAIN_LEVELS, Item, Kind, Plan, ProgressEvent, ReadinessPoint, Status
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


class ProgressCache:
    """Keep the figures of the Progress page up to date, reading only the events logged since last time.

    The first look computes every level's daily history from the event log. After a tick only today's
    readiness can change, so later looks replace the last point instead of replaying five years of events;
    anything else (a new day, an import that reordered the log, a plan change) starts again from scratch.
    """

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self._seen: list[ProgressEvent] = []  # the event list object read last time
        self._today: date | None = None
        self._histories: dict[str, list[ReadinessPoint]] = {}
        self._event_levels: set[str] = set()
        self._finished: dict[date, int] = {}
        self._minutes: dict[date, int] | None = None
        self._plans: dict[str, Plan] | None = None
        self._curves: dict[str, list[ReadinessPoint]] = {}
        self._today_changed = False  # today's events are newer than the last point of the histories
        self._level_of: dict[str, str] | None = None

    def forget(self, *, plans: bool = False, sessions: bool = False) -> None:
        """Drop what a change of plans (scope, curve, exam) or of study sessions made stale."""
        if plans:
            self._plans = None
            self._curves = {}
            self._histories = {}  # the plan's length decides which phase activities count
        if sessions:
            self._minutes = None

    def _new_events(self) -> list[ProgressEvent] | None:
        """Return the events logged since the last look, or None when the log must be read again."""
        events = self.tracker.events()
        today = self.tracker.clock.today()
        seen = self._seen
        appended = (
            self._today == today
            and len(events) >= len(seen)
            and (not seen or events[len(seen) - 1] is seen[-1])
        )
        new = events[len(seen) :] if appended else None
        self._seen, self._today = events, today
        return new

    def _sync(self) -> None:
        """Bring the event-derived figures up to date with the events logged since the last look."""
        new = self._new_events()
        day_of = self.tracker.clock.day_of
        if new is None:
            self._histories = {}
            self._event_levels = set()
            self._finished = {}
        elif new and any(day_of(event.at) != self._today for event in new):
            self._histories = {}  # an event on another day (an import): replay everything
        elif new:
            self._today_changed = True
        self._tally(self._seen if new is None else new)

    def _tally(self, events: Sequence[ProgressEvent]) -> None:
        """Add the events' levels and the items they finished per local day (events in time order)."""
        level_of = self._level_of
        if level_of is None:
            level_of = self._level_of = {item.id: item.level for item in self.tracker.curriculum.items()}
        levels = {level_of.get(event.item_id) for event in events}
        levels.discard(None)
        self._event_levels |= levels  # type: ignore[arg-type]
        clock = self.tracker.clock
        finished = self._finished
        # the local day of the last finished event and when it starts and ends (UTC): events come in
        # time order, so most need a comparison instead of a time-zone conversion
        window: tuple[datetime, datetime, date] | None = None
        done = Status.DONE
        for event in events:
            if event.to_status is not done or event.from_status is done:
                continue
            if window is None or not window[0] <= event.at < window[1]:
                day = clock.day_of(event.at)
                window = clock.start_of(day), clock.start_of(day + timedelta(days=1)), day
            finished[window[2]] = finished.get(window[2], 0) + 1

    def plans(self) -> dict[str, Plan]:
        """Return each level's plan."""
        if self._plans is None:
            self._plans = {plan.spec.level: plan for plan in self.tracker.plans()}
        return self._plans

    def preparing(self) -> bool:
        """Return whether any level has a plan or progress."""
        self._sync()
        return bool(self.plans()) or bool(self._event_levels)

    def levels(self) -> list[str]:
        """Return the levels being prepared (a plan or any progress) in guide order, else the main three."""
        self._sync()
        active = set(self.plans()) | self._event_levels
        levels = [level.id for level in self.tracker.curriculum.levels if level.id in active]
        return levels or list(MAIN_LEVELS)

    def _scope(self, level_id: str) -> list[Item]:
        """Return the items counting for a level's readiness (as Tracker.scope, with the cached plan)."""
        plan = self.plans().get(level_id)
        covered = scheduling.phases_covered(plan.spec.days) if plan else None
        return rd.scope(self.tracker.resolve_level(level_id).items, covered)

    def _curve(self, level_id: str, scope: list[Item]) -> list[ReadinessPoint]:
        """Return the plan curve (as Tracker.plan_curve, with the cached plan)."""
        if level_id not in self._curves:
            plan = self.plans().get(level_id)
            if plan is None:
                self._curves[level_id] = []
            else:
                last = max([task.due for task in plan.tasks] + [plan.spec.exam or plan.spec.start])
                self._curves[level_id] = scheduling.plan_curve(scope, plan.tasks, plan.spec.start, last)
        return self._curves[level_id]

    def progress(self, levels: Sequence[str] | None = None) -> dict[str, LevelProgress]:
        """Return readiness, buffer, forecast, history and plan curve of the levels (default: levels())."""
        wanted = list(levels) if levels is not None else self.levels()
        self._sync()
        today = self.tracker.clock.today()
        states = self.tracker.states()
        statuses = {item_id: state.status for item_id, state in states.items()}
        evidenced = {item_id for item_id, state in states.items() if state.has_evidence}
        scopes = {level_id: self._scope(level_id) for level_id in wanted}
        now = {level_id: rd.readiness(scopes[level_id], statuses, evidenced) for level_id in wanted}

        if self._today_changed:
            # only today's events are new: the end of today is the readiness now
            self._today_changed = False
            for level_id in list(self._histories):
                history = self._histories[level_id]
                if level_id in now and history and history[-1].day == today:
                    history[-1] = ReadinessPoint(today, now[level_id])
                else:
                    del self._histories[level_id]
        missing = [level_id for level_id in wanted if level_id not in self._histories]
        if missing:
            self._histories.update(self.tracker.readiness_histories(missing))

        result: dict[str, LevelProgress] = {}
        for level_id in wanted:
            level = self.tracker.resolve_level(level_id)
            plan = self.plans().get(level_id)
            curve = self._curve(level_id, scopes[level_id])
            exam = plan.spec.exam if plan else None
            history = list(self._histories[level_id])
            # the same figures as Tracker.level_status, without replaying the event log per level
            status = LevelStatus(
                level_id=level.id,
                name=level.name,
                readiness=now[level_id],
                plan=plan,
                buffer_days=scheduling.buffer_days(now[level_id], curve, today) if plan else None,
                forecast=forecast(history, today, exam),
                days_to_exam=(exam - today).days if exam else None,
            )
            result[level_id] = LevelProgress(status, history, curve)
        return result

    def activity(self) -> tuple[dict[date, int], dict[date, int]]:
        """Return items finished per local day and study minutes per day (as Tracker.activity_by_day)."""
        self._sync()
        if self._minutes is None:
            minutes: dict[date, int] = {}
            for session in self.tracker.study_sessions():
                minutes[session.day] = minutes.get(session.day, 0) + session.minutes
            self._minutes = minutes
        return dict(self._finished), dict(self._minutes)


def level_progress(tracker: Tracker, levels: Sequence[str]) -> dict[str, LevelProgress]:
    """Return each level's readiness, buffer, forecast, history and plan curve, reading the history once."""
    return ProgressCache(tracker).progress(levels)


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
        forecasts={
            level_id: line
            for level_id, entry in progress.items()
            if (line := entry.forecast_line(today)) is not None
        },
        finished_per_day=finished,
        minutes_per_day=minutes,
        breakdown=breakdown_by_level(tracker, levels) | breakdown_by_category(tracker, levels),
        learner=learner,
    )
