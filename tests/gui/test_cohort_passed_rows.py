"""A passed level on the Cohort page and in its PDF: "exam passed", never "no plan" or "no recent pace"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mlops_tracker.core.cohort import CohortView, LearnerRow, LevelRow
from mlops_tracker.gui.pages.cohort import _text
from mlops_tracker.reports.cohort_report import cohort_rows

PASSED = LevelRow("foundation", "Foundation", 92.0, 80.0, None, date(2027, 1, 14), None, None,
                  "Passed the exam on 2027-01-14.", date(2027, 1, 14))  # fmt: skip
PREPARING = LevelRow(
    "professional", "Professional", 10.0, None, None, None, None, None, "No readiness history"
)
LEARNER = LearnerRow("Ana", datetime(2027, 1, 14, 9, tzinfo=UTC), (PASSED, PREPARING))


def test_the_cohort_page_says_a_level_is_passed():
    assert _text(LEARNER, PASSED, 4) == "exam passed"
    assert _text(LEARNER, PASSED, 6) == "Passed 2027-01-14"
    assert _text(LEARNER, PREPARING, 4) == "no plan"  # a level without a plan, not passed, stays as it was
    assert _text(LEARNER, PREPARING, 6) == "No recent pace"


def test_the_cohort_report_says_a_level_is_passed():
    passed, preparing = cohort_rows(CohortView("A", date(2027, 1, 20), (LEARNER,)))
    assert passed[4:7] == ["exam passed", "2027-01-14", "passed 2027-01-14"]
    assert preparing[4] == "no plan" and preparing[6] == "no recent pace"
