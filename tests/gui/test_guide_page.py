"""The Guide page: sections, the tracks and roles tables, the FAQ search, planning for a role."""

# ruff: noqa: F401, F811  (the fixtures are imported by name, and pytest passes them as arguments)

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.pages.guide import SECTIONS, GuidePage, highlighted
from tests.gui.fixtures_pages import (
    Dialogs,
    dialogs,
    empty_tracker,
    page_bridge,
    page_tracker,
)


@pytest.fixture
def page(qtbot, empty_tracker: Tracker, dialogs: Dialogs) -> GuidePage:
    """Return the Guide page, shown."""
    guide = GuidePage(TrackerBridge(empty_tracker))
    qtbot.addWidget(guide)
    guide.resize(1000, 700)
    guide.show()
    qtbot.waitExposed(guide)
    return guide


def test_the_sections(page: GuidePage) -> None:
    assert [page.nav.item(row).text() for row in range(page.nav.count())] == list(SECTIONS)
    for number, name in enumerate(SECTIONS):
        page.show_section(name)
        assert page.stack.currentIndex() == number


def test_the_faq_shows_all_20_entries(page: GuidePage) -> None:
    faq = page.curriculum.faq
    assert len(faq) == 20
    text = page.faq_browser.toPlainText()
    assert all(entry.question in text and entry.answer in text for entry in faq)
    assert page.faq_count.text() == "20 questions"


def test_the_faq_search_filters_questions_and_answers(qtbot, page: GuidePage) -> None:
    page.show_section("FAQ")
    qtbot.keyClicks(page.faq_search, "kubernetes")
    shown = page.visible_faq()
    assert 0 < len(shown) < 20
    text = page.faq_browser.toPlainText()
    for entry in page.curriculum.faq:
        matches = "kubernetes" in f"{entry.question} {entry.answer}".lower()
        assert (entry.question in text) is matches
    assert page.faq_count.text() == f"{len(shown)} of 20 questions match"
    page.faq_search.clear()
    assert len(page.visible_faq()) == 20


def test_the_faq_search_needs_every_word(qtbot, page: GuidePage) -> None:
    qtbot.keyClicks(page.faq_search, "exam difficult")
    assert [entry.question for entry in page.visible_faq()] == [
        "How difficult is the Certified MLOps Manager exam?"
    ]


def test_an_faq_search_without_matches(qtbot, page: GuidePage) -> None:
    qtbot.keyClicks(page.faq_search, "zebra")
    assert page.visible_faq() == []
    assert "No question matches 'zebra'." in page.faq_browser.toPlainText()
    assert page.faq_count.text() == "0 of 20 questions match"


def test_the_tracks_table(page: GuidePage) -> None:
    table = page.tracks_table
    assert table.rowCount() == 5
    assert table.columnCount() == 6
    assert [table.item(row, 0).text() for row in range(5)] == [
        "Core MLOps",
        "Engineering",
        "Architecture",
        "Security",
        "Financial",
    ]
    assert table.wordWrap()
    assert table.item(0, 3).text() == "Basic IT knowledge"


def test_the_levels_section_shows_each_level(page: GuidePage) -> None:
    for tab, level in enumerate(page.curriculum.levels):
        page.level_tabs.setCurrentIndex(tab)
        text = page.level_browser.toPlainText()
        assert level.title in text
        assert all(item.title in text for item in level.items if item.kind.value != "phase")
        assert all(phase.activity in text for phase in level.phases)
        assert all(nxt.title in text for nxt in level.next_certifications)


def test_paths_next_steps_providers_and_final_thoughts(page: GuidePage) -> None:
    curriculum = page.curriculum
    paths = page.paths_browser.toPlainText()
    assert len(curriculum.paths) == 7
    assert all(path.name in paths for path in curriculum.paths)
    next_steps = page.next_browser.toPlainText()
    assert all(section.heading in next_steps for section in curriculum.next_steps)
    providers = page.providers_browser.toPlainText()
    assert all(provider.name in providers for provider in curriculum.providers)
    assert curriculum.final_thoughts.paragraphs[0] in page.final_browser.toPlainText()
    assert curriculum.overview[0].paragraphs[0] in page.overview_browser.toPlainText()


def test_plan_for_a_role_presets_the_level(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    page: GuidePage,
    empty_tracker: Tracker,
) -> None:
    levels: list[str] = []

    def exec_(dialog: PlanDialog) -> int:
        levels.append(dialog.level())
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(PlanDialog, "exec", exec_)
    page.show_section("Roles")
    assert page.roles_table.rowCount() == len(page.curriculum.roles) == 8
    assert not page.role_plan_button.isEnabled()
    row = next(i for i, role in enumerate(page.curriculum.roles) if role.role == "Platform Engineer")
    page.roles_table.selectRow(row)
    assert page.role_plan_button.isEnabled()
    with qtbot.waitSignal(page.plan_created) as signal:
        qtbot.mouseClick(page.role_plan_button, Qt.MouseButton.LeftButton)
    assert levels == ["advanced"]
    assert signal.args == ["advanced"]
    assert empty_tracker.plan("advanced") is not None


def test_highlighting_escapes_html() -> None:
    assert highlighted("a <b> & Kubernetes", ["kubernetes"], "x") == (
        'a &lt;b&gt; &amp; <span style="x">Kubernetes</span>'
    )
    assert highlighted("<i>", [], "x") == "&lt;i&gt;"
