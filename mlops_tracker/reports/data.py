"""The plain data a report or portfolio is made from, gathered by the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mlops_tracker.domain.model import ReadinessPoint, Status
from mlops_tracker.domain.practice import DEFAULT_PASS_MARK


@dataclass(frozen=True)
class LevelSummary:
    """A level's standing on the report's first page."""

    level_id: str
    name: str
    readiness: float
    buffer_days: int | None  # days ahead of the plan (negative: behind); None without a plan
    forecast_message: str
    exam: date | None = None
    retained: float = 0.0  # retained readiness now: coverage × recall
    outlook: str = ""  # on track for the exam or not, from retained readiness and the practice scores


@dataclass(frozen=True)
class ChecklistRow:
    """One item of a level's checklist with the learner's state."""

    level_name: str
    kind_label: str
    title: str
    status: Status
    notes: str = ""
    evidence: str = ""
    confidence: int | None = None


@dataclass(frozen=True)
class FinishedProject:
    """A done project with its proof, for the portfolio."""

    level_name: str
    title: str
    evidence: str = ""
    notes: str = ""
    finished_on: date | None = None


@dataclass(frozen=True)
class ReportData:
    """Everything the progress report and the portfolio show."""

    generated_on: date
    overall: float
    levels: list[LevelSummary] = field(default_factory=list)
    checklist: list[ChecklistRow] = field(default_factory=list)
    projects: list[FinishedProject] = field(default_factory=list)
    series: dict[str, list[ReadinessPoint]] = field(default_factory=dict)  # level id → history
    plans: dict[str, list[ReadinessPoint]] = field(default_factory=dict)  # level id → plan curve
    exams: dict[str, date | None] = field(default_factory=dict)  # level id → exam date
    # level id → (today, readiness now, day of 100%): the forecast line of the readiness chart
    forecasts: dict[str, tuple[date, float, date]] = field(default_factory=dict)
    finished_per_day: dict[date, int] = field(default_factory=dict)
    minutes_per_day: dict[date, int] = field(default_factory=dict)
    breakdown: dict[str, dict[Status, int]] = field(default_factory=dict)  # row label → counts
    learner: str = ""
    retained: dict[str, list[tuple[date, float]]] = field(default_factory=dict)  # level id → retained per day
    schedules: dict[str, list[ReadinessPoint]] = field(default_factory=dict)  # level id → current schedule
    practice: dict[str, list[tuple[date, float]]] = field(default_factory=dict)  # level name → scores
    pass_mark: int = DEFAULT_PASS_MARK


def buffer_text(buffer_days: int | None) -> str:
    """Return the buffer as people say it: "3 days behind plan", "on plan", or "" without a plan."""
    if buffer_days is None:
        return ""
    if buffer_days == 0:
        return "On plan"
    days = abs(buffer_days)
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} {'ahead of' if buffer_days > 0 else 'behind'} plan"
