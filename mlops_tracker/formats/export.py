"""The export document (format version 3; versions 1 and 2 still read): strict pydantic models, the validator.

Documented in docs/export-format.md. Validation is strict: "yes" is not a boolean, 2024-02-30 is not a
date, 3.0 is not a whole number; every problem is reported with its JSON path (`events[3].at`).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, PlainValidator, ValidationError

from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.errors import InvalidInput, UserError
from mlops_tracker.domain.limits import (
    LOCAL_SETTINGS,
    MAX_CONFIDENCE,
    MAX_IMPORT_ANSWERS,
    MAX_IMPORT_EVENTS,
    MAX_IMPORT_FIELD_CHANGES,
    MAX_IMPORT_SESSIONS,
    MAX_MINUTES,
    MAX_TEXT,
    MIN_CONFIDENCE,
    MIN_MINUTES,
    SETTINGS,
    day_problem,
    setting_problem,
)
from mlops_tracker.domain.model import (
    FieldChange,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    Status,
    derive_state,
    legacy_change_id,
)
from mlops_tracker.domain.packing import MAX_BUDGET, MIN_BUDGET
from mlops_tracker.domain.study import ExamResult, StepEdit, StepEvent
from mlops_tracker.formats.json_paths import JsonObject, Problem, duplicate_keys, json_path

FORMAT_NAME = "mlops-tracker-export"
FORMAT_VERSION = 3
# version 1 has no field_changes: its notes, evidence and confidence are read as changes;
# version 3 adds step_events, step_edits and exam_results, plans' minutes, step tasks and baseline, and the
# optional answers to self-check questions
READABLE_VERSIONS = (1, 2, 3)
# sections each version requires beyond version 1's
V3_SECTIONS = ("step_events", "step_edits", "exam_results")
MAX_REPORTED_PROBLEMS = 10

_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)


class ExportRejected(UserError):
    """An import file is not a valid export; nothing was changed. The message names the first problems."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = [f"{source}: nothing was imported; the file has problems:"]
        lines += [
            f"  {where}: {what}" if where else f"  {what}"
            for where, what in self.problems[:MAX_REPORTED_PROBLEMS]
        ]
        if len(self.problems) > MAX_REPORTED_PROBLEMS:
            lines.append(f"  … and {len(self.problems) - MAX_REPORTED_PROBLEMS} more problems")
        super().__init__("\n".join(lines))


def _in_range(day: date) -> None:
    problem = day_problem(day)
    if problem is not None:
        raise ValueError(problem)


def _day(value: object) -> date:
    """Return a YYYY-MM-DD string as a real calendar date."""
    if not isinstance(value, str) or not _DAY_RE.fullmatch(value):
        raise ValueError("should be a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real calendar date") from None
    _in_range(day)
    return day


def _moment(value: object) -> datetime:
    """Return an ISO 8601 date and time with a time zone as an aware UTC datetime."""
    if not isinstance(value, str) or not _MOMENT_RE.fullmatch(value):
        raise ValueError("should be a date and time written YYYY-MM-DDTHH:MM:SS with a zone, e.g. …Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date and time") from None
    moment = moment.astimezone(UTC)
    _in_range(moment.date())
    return moment


Day = Annotated[date, PlainValidator(_day)]
Moment = Annotated[datetime, PlainValidator(_moment)]
StatusName = Literal["todo", "in_progress", "done", "skipped"]
ItemId = Annotated[str, Field(min_length=1, max_length=120)]
Uid = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9._:-]+$")]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Confidence = Annotated[int, Field(ge=MIN_CONFIDENCE, le=MAX_CONFIDENCE)]
Source = Annotated[str, Field(pattern=r"^[a-z_]{1,10}$")]


class _StrictModel(BaseModel):
    """Refuse coercion and unknown keys; every field is required (null where a value may be absent)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ItemStateModel(_StrictModel):
    """The learner's state of one item."""

    id: ItemId
    status: StatusName
    notes: Text
    evidence: Text
    confidence: Confidence | None
    updated_at: Moment


class EventModel(_StrictModel):
    """One status change of the progress log; `id` is unique across computers (a UUID)."""

    id: Uid
    item_id: ItemId
    from_status: StatusName
    to_status: StatusName
    at: Moment
    source: Source
    evidenced: bool

    def domain(self) -> ProgressEvent:
        """Return the event as the domain's."""
        return ProgressEvent(
            self.id,
            self.item_id,
            Status(self.from_status),
            Status(self.to_status),
            self.at,
            self.source,
            self.evidenced,
        )


class FieldChangeModel(_StrictModel):
    """One change of an item's notes, evidence or confidence; `id` is unique across computers."""

    id: Uid
    item_id: ItemId
    field: Literal["notes", "evidence", "confidence"]
    value: Text | Confidence | None  # text for notes and evidence; 1–5 or null (cleared) for confidence
    at: Moment
    source: Source

    def domain(self) -> FieldChange:
        """Return the change as the domain's."""
        return FieldChange(self.id, self.item_id, self.field, self.value, self.at, self.source)


StepId = Annotated[str, Field(min_length=3, max_length=200, pattern=r"^[^:]+:.+$")]


class TaskModel(_StrictModel):
    """A step (or a part of one) scheduled on a day of a plan; before version 3, a whole item."""

    item_id: ItemId
    due: Day
    # version 3 (absent before: a whole item)
    step_id: StepId | None = None
    minutes: Annotated[int, Field(ge=0, le=MAX_MINUTES)] = 0
    part: Annotated[int, Field(ge=1, le=1000)] = 1
    parts: Annotated[int, Field(ge=1, le=1000)] = 1

    def domain(self) -> PlanTask:
        """Return the task as the domain's."""
        return PlanTask(self.item_id, self.due, self.step_id, self.minutes, self.part, self.parts)


class PlanModel(_StrictModel):
    """A level's study plan with its schedule."""

    level: Annotated[str, Field(min_length=1, max_length=40)]
    days: Annotated[int, Field(ge=7, le=60)]
    start: Day
    exam: Day | None
    study_weekdays: Annotated[
        tuple[Annotated[int, Field(ge=0, le=6)], ...], Field(min_length=1, max_length=7)
    ]
    created_at: Moment
    tasks: tuple[TaskModel, ...]
    # version 3 (absent before: 60 minutes, the tasks are the baseline)
    minutes_per_day: Annotated[int, Field(ge=MIN_BUDGET, le=MAX_BUDGET)] = 60
    baseline: tuple[TaskModel, ...] = ()

    def spec(self) -> PlanSpec:
        """Return the plan's domain spec."""
        return PlanSpec(
            level=self.level,
            days=self.days,
            start=self.start,
            exam=self.exam,
            study_weekdays=frozenset(self.study_weekdays),
            minutes_per_day=self.minutes_per_day,
        )


class StepEventModel(_StrictModel):
    """One tick (done) or untick of a study step; `id` is unique across computers."""

    id: Uid
    step_id: StepId
    item_id: ItemId
    done: bool
    at: Moment
    source: Source

    def domain(self) -> StepEvent:
        """Return the tick as the domain's."""
        return StepEvent(self.id, self.step_id, self.item_id, self.done, self.at, self.source)


class StepEditModel(_StrictModel):
    """One change of a step by the learner: minutes, hidden, or an own step's title."""

    id: Uid
    step_id: StepId
    item_id: ItemId
    field: Literal["minutes", "hidden", "title"]
    value: Text
    at: Moment
    source: Source

    def domain(self) -> StepEdit:
        """Return the edit as the domain's."""
        return StepEdit(self.id, self.step_id, self.item_id, self.field, self.value, self.at, self.source)


class ExamResultModel(_StrictModel):
    """A level's exam result: passed, failed, or cleared (taken back)."""

    id: Uid
    level: Annotated[str, Field(min_length=1, max_length=40)]
    result: Literal["passed", "failed", "cleared"]
    day: Day
    at: Moment
    source: Source

    def domain(self) -> ExamResult:
        """Return the result as the domain's."""
        return ExamResult(self.id, self.level, self.result, self.day, self.at, self.source)


class StudySessionModel(_StrictModel):
    """Minutes studied on a day; `uid` is unique across computers."""

    uid: Uid
    day: Day
    minutes: Annotated[int, Field(ge=MIN_MINUTES, le=MAX_MINUTES)]
    item_id: ItemId | None
    created_at: Moment
    step_id: StepId | None = None  # optional in version 3 (absent in older files: the item as a whole)


class AnswerModel(_StrictModel):
    """One answer to a self-check question; `choice` is 0-based (null: a practice exam ended first)."""

    id: Uid
    question_id: Annotated[str, Field(min_length=1, max_length=160)]
    item_id: ItemId | None
    choice: Annotated[int, Field(ge=0, le=3)] | None
    correct: bool
    seconds: Annotated[int, Field(ge=0, le=86_400)] | None
    at: Moment
    source: Source
    practice_id: Uid | None

    def domain(self) -> Answer:
        """Return the answer as the domain's."""
        return Answer(
            self.id,
            self.question_id,
            self.item_id,
            self.choice,
            self.correct,
            self.seconds,
            self.at,
            self.source,
            self.practice_id,
        )


FieldChanges = Annotated[tuple[FieldChangeModel, ...], Field(max_length=MAX_IMPORT_FIELD_CHANGES)]


class ExportDocument(_StrictModel):
    """The whole export file."""

    format: Literal["mlops-tracker-export"]
    format_version: Literal[1, 2, 3]
    exported_at: Moment
    app_version: Annotated[str, Field(max_length=40)]
    seed_version: Annotated[int, Field(ge=1)]
    items: tuple[ItemStateModel, ...]
    events: Annotated[tuple[EventModel, ...], Field(max_length=MAX_IMPORT_EVENTS)]
    # required from version 2 on (checked with the version); absent in version 1
    field_changes: FieldChanges | None = None
    plans: tuple[PlanModel, ...]
    study_sessions: Annotated[tuple[StudySessionModel, ...], Field(max_length=MAX_IMPORT_SESSIONS)]
    settings: dict[Annotated[str, Field(min_length=1, max_length=80)], JsonValue]
    # required from version 3 on (checked with the version); absent before
    step_events: Annotated[tuple[StepEventModel, ...], Field(max_length=MAX_IMPORT_EVENTS)] | None = None
    step_edits: Annotated[tuple[StepEditModel, ...], Field(max_length=MAX_IMPORT_EVENTS)] | None = None
    exam_results: Annotated[tuple[ExamResultModel, ...], Field(max_length=MAX_IMPORT_EVENTS)] | None = None
    # from version 3 on, optional: answers to self-check questions (older files have none)
    answers: Annotated[tuple[AnswerModel, ...], Field(max_length=MAX_IMPORT_ANSWERS)] | None = None

    def changes(self) -> tuple[FieldChange, ...]:
        """Return the field changes: a version 1 file's non-empty notes, evidence and confidence as changes.

        In version 1 an empty field means "never set here", so it is no change: it never blanks a value.
        Ids are derived from the values, as the schema upgrade derives them, so a version 1 file made from
        the same data before the upgrade adds nothing twice.
        """
        if self.format_version >= 2:
            return tuple(change.domain() for change in self.field_changes or ())
        made = []
        for item in self.items:
            values = (("notes", item.notes), ("evidence", item.evidence), ("confidence", item.confidence))
            for field, value in values:
                if value not in ("", None):
                    change_id = legacy_change_id(item.id, field, str(value), item.updated_at)
                    made.append(FieldChange(change_id, item.id, field, value, item.updated_at, "import"))
        return tuple(made)

    def known_settings(self) -> dict[str, JsonValue]:
        """Return the settings an import takes: the app's known keys, never this computer's own ones."""
        return {k: v for k, v in self.settings.items() if k in SETTINGS and k not in LOCAL_SETTINGS}

    def ignored_settings(self) -> tuple[str, ...]:
        """Return the settings keys unknown to this app, which an import leaves out (and says so)."""
        return tuple(sorted(k for k in self.settings if k not in SETTINGS))


def parse_export(
    text: str, *, source: str, known_items: Mapping[str, str], known_levels: Collection[str]
) -> ExportDocument:
    """Validate a whole export document; raise ExportRejected naming the first problems.

    `known_items` maps every item id of this app (retired ones included) to its level.
    """
    raw = _decode(text, source)
    header = list(_header_problems(raw))
    if header:
        raise ExportRejected(source, header)
    # before anything walks every entry: a file over the limits is refused at once, whole
    too_big = list(_size_problems(raw, known_items))
    if too_big:
        raise ExportRejected(source, too_big)
    duplicates = list(duplicate_keys(raw))
    if duplicates:
        raise ExportRejected(source, duplicates)
    try:
        document = ExportDocument.model_validate_json(text)
    except ValidationError as exc:
        raise ExportRejected(source, [_problem(error) for error in exc.errors(include_url=False)]) from None
    problems = list(_semantic_problems(document, known_items, known_levels))
    if problems:
        raise ExportRejected(source, problems)
    return document


# the most tasks a plan may hold per item of its level: six suggested steps, a few own ones, and the parts of
# split steps (every cut between two days adds at most one part, so at most one more per study day)
TASKS_PER_ITEM = 12


def plan_task_limit(level: str, known_items: Mapping[str, str]) -> int:
    """Return the most tasks a plan of a level can hold: its items' steps and their parts, generously.

    The scheduler never makes more, and this bound keeps the Plan page as quick for an imported plan as
    for one the app made.
    """
    items = sum(1 for item_level in known_items.values() if item_level == level)
    return items * TASKS_PER_ITEM + scheduling.MAX_DAYS if items else 0


def _size_problems(raw: dict[str, Any], known_items: Mapping[str, str]) -> Iterator[Problem]:
    """Yield the sections holding more than an import may (the limits in domain/limits.py)."""
    for section, limit, noun in (
        ("events", MAX_IMPORT_EVENTS, "events"),
        ("field_changes", MAX_IMPORT_FIELD_CHANGES, "field changes"),
        ("study_sessions", MAX_IMPORT_SESSIONS, "study sessions"),
        ("answers", MAX_IMPORT_ANSWERS, "answers"),
    ):
        entries = raw.get(section)
        if isinstance(entries, list) and len(entries) > limit:
            yield section, f"{len(entries):,} {noun}; an import holds at most {limit:,}"
    plans = raw.get("plans")
    for index, plan in enumerate(plans if isinstance(plans, list) else []):
        if (
            isinstance(plan, dict)
            and isinstance(plan.get("tasks"), list)
            and isinstance(plan.get("level"), str)
        ):
            most = plan_task_limit(plan["level"], known_items)
            if most and len(plan["tasks"]) > most:  # an unknown level is named by the full validation
                limit = f"a {plan['level']} plan holds at most {most}"
                yield f"plans[{index}].tasks", f"{len(plan['tasks']):,} tasks; {limit}"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text} is too large")
    return value


def _decode(text: str, source: str) -> Any:
    try:
        return json.loads(
            text,
            object_pairs_hook=JsonObject.from_pairs,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        raise ExportRejected(
            source, [(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")]
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ExportRejected(source, [("", f"not valid JSON: {exc}")]) from None


def _header_problems(raw: Any) -> Iterator[Problem]:
    """Yield what makes a file not an export of ours, or one of a version this app cannot read."""
    if not isinstance(raw, dict):
        yield "document", "should be a JSON object (an MLOps Tracker export starts with '{')"
        return
    if raw.get("format") != FORMAT_NAME:
        yield "format", f"should be '{FORMAT_NAME}': this is not an MLOps Tracker export"
        return
    version = raw.get("format_version")
    if type(version) is int and version > FORMAT_VERSION:
        yield (
            "format_version",
            f"{version} is newer than this app understands ({FORMAT_VERSION}); update MLOps Tracker",
        )
    elif type(version) is not int or version not in READABLE_VERSIONS:
        yield "format_version", f"should be the whole number {FORMAT_VERSION} (or 1, an older export)"


def _problem(error: Any) -> Problem:
    """Return (path, message) of a pydantic error, with the offending value when it is short."""
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] != "missing" and (value is None or isinstance(value, str | int | float | bool)):
        shown = json.dumps(value, ensure_ascii=False)
        if len(shown) <= 40:
            message += f" (got {shown})"
    return json_path(error["loc"]), message


def _semantic_problems(
    document: ExportDocument, known_items: Mapping[str, str], known_levels: Collection[str]
) -> Iterator[Problem]:
    """Yield what types cannot say: known and unique ids, valid plans and settings, states from the log."""

    def unique(values: Sequence[str], where: str, what: str) -> Iterator[Problem]:
        first: dict[str, int] = {}
        for index, value in enumerate(values):
            if value in first:
                yield (
                    where.format(index),
                    f"duplicate {what} '{value}' (first at {where.format(first[value])})",
                )
            first.setdefault(value, index)

    def known(item_id: str | None, where: str) -> Iterator[Problem]:
        if item_id is not None and item_id not in known_items:
            yield where, f"unknown item id '{item_id}' (not in this app's curriculum)"

    if document.format_version < 2 and document.field_changes is not None:
        yield "field_changes", "a version 1 export has no field_changes; write format_version 2"
    if document.format_version >= 2 and document.field_changes is None:
        yield "field_changes", "Field required"
    for section in V3_SECTIONS:
        present = getattr(document, section) is not None
        if document.format_version < 3 and present:
            yield (
                section,
                f"a version {document.format_version} export has no {section}; write format_version 3",
            )
        elif document.format_version >= 3 and not present:
            yield section, "Field required"
    if document.format_version >= 3:
        yield from _v3_plan_fields(document)
    if document.format_version < 3 and document.answers is not None:
        yield "answers", "answers come with format_version 3; write format_version 3"
    answers = document.answers or ()
    yield from unique([a.id for a in answers], "answers[{}].id", "answer id")
    for index, answer in enumerate(answers):
        yield from known(answer.item_id, f"answers[{index}].item_id")
    field_changes = document.field_changes or ()
    step_events = document.step_events or ()
    step_edits = document.step_edits or ()
    exams = document.exam_results or ()
    yield from unique([e.id for e in step_events], "step_events[{}].id", "step event id")
    yield from unique([e.id for e in step_edits], "step_edits[{}].id", "step edit id")
    yield from unique([e.id for e in exams], "exam_results[{}].id", "exam result id")
    for section, entries in (("step_events", step_events), ("step_edits", step_edits)):
        for index, entry in enumerate(entries):
            yield from known(entry.item_id, f"{section}[{index}].item_id")
            if not entry.step_id.startswith(entry.item_id + ":"):
                yield (
                    f"{section}[{index}].step_id",
                    f"step '{entry.step_id}' is not a step of '{entry.item_id}'",
                )
    for index, edit in enumerate(step_edits):
        if (
            edit.field == "minutes"
            and edit.value
            and not (edit.value.isdigit() and MIN_MINUTES <= int(edit.value) <= MAX_MINUTES)
        ):
            yield (
                f"step_edits[{index}].value",
                f"minutes should be a whole number {MIN_MINUTES}–{MAX_MINUTES}",
            )
    for index, result in enumerate(exams):
        if result.level not in known_levels:
            yield f"exam_results[{index}].level", f"unknown level '{result.level}'"
    yield from unique([item.id for item in document.items], "items[{}].id", "item")
    yield from unique([event.id for event in document.events], "events[{}].id", "event id")
    yield from unique([c.id for c in field_changes], "field_changes[{}].id", "change id")
    yield from unique([s.uid for s in document.study_sessions], "study_sessions[{}].uid", "session uid")
    yield from unique([plan.level for plan in document.plans], "plans[{}].level", "plan for level")
    for index, item in enumerate(document.items):
        yield from known(item.id, f"items[{index}].id")
    for index, event in enumerate(document.events):
        yield from known(event.item_id, f"events[{index}].item_id")
    for index, change in enumerate(field_changes):
        where = f"field_changes[{index}]"
        yield from known(change.item_id, f"{where}.item_id")
        text_field = change.field != "confidence"
        if text_field and not isinstance(change.value, str):
            yield f"{where}.value", f"{change.field} should be text"
        elif not text_field and isinstance(change.value, str):
            yield f"{where}.value", "confidence should be a whole number 1–5, or null when cleared"
    for index, session in enumerate(document.study_sessions):
        yield from known(session.item_id, f"study_sessions[{index}].item_id")
        if session.step_id is not None and (
            session.item_id is None or not session.step_id.startswith(session.item_id + ":")
        ):
            owner = f"'{session.item_id}'" if session.item_id else "the session's item (it has none)"
            yield f"study_sessions[{index}].step_id", f"step '{session.step_id}' is not a step of {owner}"
    for index, plan in enumerate(document.plans):
        yield from _plan_problems(plan, f"plans[{index}]", known_items, known_levels)
    for key, value in document.settings.items():
        problem = setting_problem(key, value)
        if problem is not None:
            yield f"settings.{key}", problem
    yield from _state_problems(document)


def _v3_plan_fields(document: ExportDocument) -> Iterator[Problem]:
    """Yield the version 3 fields of plans and tasks a version 3 file left out (every field is required)."""
    for index, plan in enumerate(document.plans):
        for name in ("minutes_per_day", "baseline"):
            if name not in plan.model_fields_set:
                yield f"plans[{index}].{name}", "Field required"
        for section in ("tasks", "baseline"):
            for task_index, task in enumerate(getattr(plan, section)):
                for name in ("step_id", "minutes", "part", "parts"):
                    if name not in task.model_fields_set:
                        yield f"plans[{index}].{section}[{task_index}].{name}", "Field required"


def _plan_problems(
    plan: PlanModel, where: str, known_items: Mapping[str, str], known_levels: Collection[str]
) -> Iterator[Problem]:
    """Yield what makes an imported plan one the app could not have made (the plan rules apply)."""
    if plan.level not in known_levels:
        yield (
            f"{where}.level",
            f"unknown level '{plan.level}'; expected one of {', '.join(sorted(known_levels))}",
        )
        return
    if len(set(plan.study_weekdays)) != len(plan.study_weekdays):
        yield f"{where}.study_weekdays", "a weekday is listed twice"
    try:
        step_plan.check_spec(plan.spec())
    except InvalidInput as error:
        yield where, str(error)
    most = plan_task_limit(plan.level, known_items)
    for name, tasks in (("tasks", plan.tasks), ("baseline", plan.baseline)):
        if len(tasks) > most:
            yield f"{where}.{name}", f"{len(tasks):,} tasks; a {plan.level} plan holds at most {most}"
            continue
        yield from _task_problems(tasks, f"{where}.{name}", plan.level, known_items)


def _task_problems(
    tasks: Sequence[TaskModel], where: str, level: str, known_items: Mapping[str, str]
) -> Iterator[Problem]:
    """Yield tasks of unknown items, of another level, or scheduled twice (a step part, or a whole item)."""
    seen: set[tuple[str, str | None, int]] = set()
    for task_index, task in enumerate(tasks):
        at = f"{where}[{task_index}]"
        key = (task.item_id, task.step_id, task.part)
        if task.item_id not in known_items:
            yield f"{at}.item_id", f"unknown item id '{task.item_id}' (not in this app's curriculum)"
        elif known_items[task.item_id] != level:
            yield f"{at}.item_id", f"item '{task.item_id}' is not part of the {level} level"
        elif task.step_id is not None and not task.step_id.startswith(task.item_id + ":"):
            yield f"{at}.step_id", f"step '{task.step_id}' is not a step of '{task.item_id}'"
        elif task.step_id is not None and task.minutes < MIN_MINUTES:
            yield f"{at}.minutes", f"a step's minutes should be {MIN_MINUTES} to {MAX_MINUTES}"
        elif task.part > task.parts:
            yield f"{at}.part", f"part {task.part} of {task.parts}"
        elif key in seen:
            what = f"step '{task.step_id}'" if task.step_id else f"item '{task.item_id}'"
            yield f"{at}.item_id" if task.step_id is None else f"{at}.step_id", f"{what} is scheduled twice"
        seen.add(key)


def _state_problems(document: ExportDocument) -> Iterator[Problem]:
    """Yield items whose state is not what the file's log says (the newest change of each field wins).

    The same rule (domain.model.derive_state) makes the app's state, so the app's own export always agrees.
    """
    events: dict[str, list[ProgressEvent]] = defaultdict(list)
    for event in document.events:
        events[event.item_id].append(event.domain())
    changes: dict[str, list[FieldChange]] = defaultdict(list)
    if document.format_version >= 2:  # version 1 has only its items' values: nothing to compare them with
        for change in document.field_changes or ():
            changes[change.item_id].append(change.domain())
    for index, item in enumerate(document.items):
        expected = derive_state(item.id, events[item.id], changes[item.id])
        if item.status != expected.status.value:
            yield (
                f"items[{index}].status",
                f"'{item.status}' disagrees with the item's newest event in the file "
                f"('{expected.status.value}'); a status comes from the event log",
            )
        if document.format_version < 2:
            continue
        for field in ("notes", "evidence", "confidence"):
            if getattr(item, field) != getattr(expected, field):
                yield (
                    f"items[{index}].{field}",
                    f"disagrees with the item's newest {field} change in the file; a value comes from "
                    "field_changes",
                )
