"""The Guide page: the certification guide's text, tables and FAQ."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core.commands import Changes
from mlops_tracker.domain.model import Curriculum, FaqEntry, Kind, Level
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.pages.base import Page
from mlops_tracker.gui.widgets.guide_text import (
    GuideBrowser,
    PaddedDelegate,
    bullet_list,
    definition,
    esc,
    heading,
    paragraphs,
)
from mlops_tracker.gui.widgets.labels import heading_label, label, title_label

SECTIONS: tuple[str, ...] = (
    "Overview",
    "Tracks",
    "Levels",
    "Learning paths",
    "Roles",
    "Next certifications",
    "Providers",
    "FAQ",
    "Final thoughts",
)
TRACK_COLUMNS = ("Track", "Level", "Audience", "Prerequisites", "Skills covered", "Recommended order")
ROLE_COLUMNS = ("Role", "Recommended certifications", "Start with")
NEXT_OPTIONS = {"same-track": "Same track", "cross-track": "Cross-track", "leadership": "Leadership"}


def faq_matches(entry: FaqEntry, words: Sequence[str]) -> bool:
    """Return whether an FAQ entry's question or answer holds every word."""
    text = f"{entry.question} {entry.answer}".lower()
    return all(word in text for word in words)


def highlighted(text: str, words: Sequence[str], style: str) -> str:
    """Return text escaped for HTML with the words wrapped in a styled span."""
    if not words:
        return esc(text)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(esc(text[position : match.start()]))
        parts.append(f'<span style="{style}">{esc(match.group())}</span>')
        position = match.end()
    parts.append(esc(text[position:]))
    return "".join(parts)


def level_html(level: Level) -> str:
    """Return the guide's page of one level as HTML."""
    parts = [heading(level.title, 1)]
    if level.what_it_is:
        parts.append(heading("What it is") + paragraphs([level.what_it_is]))
    if level.who_should_take_it:
        parts.append(heading("Who should take it") + paragraphs([level.who_should_take_it]))
    parts.append(heading("At a glance"))
    parts.append(definition("Track:", level.track))
    parts.append(definition("Audience:", level.audience))
    parts.append(definition("Prerequisites:", level.prerequisites))
    parts.append(definition("Skills covered:", level.skills_covered))
    parts.append(definition("Recommended order:", level.recommended_order))
    for kind, title in ((Kind.SKILL, "Skills"), (Kind.PROJECT, "Real-world projects")):
        items = [item.title for item in level.items_of(kind) if not item.retired]
        if items:
            parts.append(heading(title) + bullet_list(items))
    if level.phases:
        parts.append(heading("Preparation plan"))
        parts.extend(definition(f"{phase.span}:", phase.activity) for phase in level.phases)
    mistakes = [item.title for item in level.items_of(Kind.MISTAKE) if not item.retired]
    if mistakes:
        parts.append(heading("Common mistakes") + bullet_list(mistakes))
    if level.next_certifications:
        parts.append(heading("Next certifications"))
        parts.extend(
            definition(f"{NEXT_OPTIONS.get(nxt.option, nxt.option)}:", nxt.title)
            for nxt in level.next_certifications
        )
    return "".join(parts)


def next_steps_html(curriculum: Curriculum) -> str:
    """Return the guide's next-certification advice and each level's next certifications as HTML."""
    parts = [heading("Next certifications", 1)]
    for section in curriculum.next_steps:
        parts.append(heading(section.heading) + paragraphs(section.paragraphs))
    parts.append(heading("After each level"))
    for level in curriculum.levels:
        if not level.next_certifications:
            continue
        parts.append(heading(level.title, 3))
        parts.append(
            bullet_list(
                f"{NEXT_OPTIONS.get(nxt.option, nxt.option)}: {nxt.title}"
                for nxt in level.next_certifications
            )
        )
    return "".join(parts)


class GuidePage(Page):
    """Show the guide: overview, tracks, levels, paths, roles, next steps, providers and FAQ."""

    title = "Guide"
    plan_created = Signal(str)  # level id, after "Plan for this role" made a plan

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.curriculum = self.tracker.curriculum

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(10)
        outer.addWidget(title_label("Guide"))
        body = QHBoxLayout()
        body.setSpacing(12)
        outer.addLayout(body, 1)

        self.nav = QListWidget()
        self.nav.setObjectName("guideNav")
        self.nav.setAccessibleName("Guide sections")
        self.nav.addItems(list(SECTIONS))
        self.nav.setItemDelegate(PaddedDelegate(5, self.nav))
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 36)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.addWidget(self.nav)
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)

        self.overview_browser = self._add_browser(self._overview_html())
        self._build_tracks()
        self._build_levels()
        self.paths_browser = self._add_browser(
            heading("Learning paths", 1)
            + "".join(heading(path.name) + paragraphs([path.description]) for path in self.curriculum.paths)
        )
        self._build_roles()
        self.next_browser = self._add_browser(next_steps_html(self.curriculum))
        self.providers_browser = self._add_browser(
            heading("Training and certification providers", 1)
            + "".join(heading(p.name) + paragraphs([p.description]) for p in self.curriculum.providers)
        )
        self._build_faq()
        final = self.curriculum.final_thoughts
        self.final_browser = self._add_browser(heading(final.heading, 1) + paragraphs(final.paragraphs))

        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

    # ---- public API ------------------------------------------------------------------------------

    def show_section(self, name: str) -> None:
        """Show one section of the guide by its name in SECTIONS."""
        self.nav.setCurrentRow(SECTIONS.index(name))

    def visible_faq(self) -> list[FaqEntry]:
        """Return the FAQ entries the search lets through."""
        words = self.faq_search.text().lower().split()
        return [entry for entry in self.curriculum.faq if faq_matches(entry, words)]

    def plan_for_role(self, row: int | None = None) -> bool:
        """Open the plan dialog preset to the level a role recommends; return whether a plan was made."""
        row = self.roles_table.currentRow() if row is None else row
        if not 0 <= row < len(self.curriculum.roles):
            return False
        role = self.curriculum.roles[row]
        dialog = PlanDialog(self.bridge, level=role.level_id, parent=self)
        dialog.setWindowTitle(f"New plan for a {role.role}")
        made = dialog.exec() == QDialog.DialogCode.Accepted and dialog.spec is not None
        dialog.deleteLater()
        if made:
            self.plan_created.emit(role.level_id)
        return made

    def refresh(self, changes: Changes) -> None:
        """Nothing to refresh: the guide does not change with the learner's data."""

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "faq_browser"):
            self._show_faq()  # the search highlight uses the palette's colours

    # ---- building --------------------------------------------------------------------------------

    def _add_browser(self, body: str) -> GuideBrowser:
        browser = GuideBrowser()
        browser.set_body(body)
        self.stack.addWidget(browser)
        return browser

    def _overview_html(self) -> str:
        parts = [heading(self.curriculum.title, 1)]
        for section in self.curriculum.overview:
            parts.append(heading(section.heading) + paragraphs(section.paragraphs))
        return "".join(parts)

    def _table(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], name: str, fit: Sequence[int] = ()
    ) -> QTableWidget:
        table = QTableWidget(len(rows), len(columns))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(list(columns))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setItemDelegate(PaddedDelegate(4, table))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in fit:  # short columns take their content's width, the others share the rest
            table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                table.setItem(row, column, cell)
        return table

    def _build_tracks(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Certification tracks and levels"))
        rows = [
            (t.track, t.level, t.audience, t.prerequisites, t.skills_covered, t.recommended_order)
            for t in self.curriculum.tracks
        ]
        self.tracks_table = self._table(TRACK_COLUMNS, rows, "tracksTable", fit=(0, 1, 5))
        self.tracks_table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        layout.addWidget(self.tracks_table)
        section = next((s for s in self.curriculum.overview if "Tracks" in s.heading), None)
        browser = GuideBrowser()
        browser.set_body(paragraphs(section.paragraphs) if section else "")
        layout.addWidget(browser, 1)
        self.stack.addWidget(page)

    def _build_levels(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.level_tabs = QTabBar()
        self.level_tabs.setObjectName("guideLevelTabs")
        self.level_tabs.setDocumentMode(True)
        self.level_tabs.setExpanding(False)
        for level in self.curriculum.levels:
            self.level_tabs.addTab(level.name)
        self.level_browser = GuideBrowser(name="The level's skills, projects and phases")
        layout.addWidget(self.level_tabs)
        layout.addWidget(self.level_browser, 1)
        self.level_tabs.currentChanged.connect(self._show_level)
        self._show_level(0)
        self.stack.addWidget(page)

    def _show_level(self, tab: int) -> None:
        if 0 <= tab < len(self.curriculum.levels):
            self.level_browser.set_body(level_html(self.curriculum.levels[tab]))

    def _build_roles(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Recommended certifications by role"))
        intro = label(
            "Pick your role to see where to start, then let the app plan the recommended level.",
            role="muted",
            wrap=True,
        )
        layout.addWidget(intro)
        names = {level.id: level.name for level in self.curriculum.levels}
        rows = [
            (role.role, ", ".join(role.certifications), names.get(role.level_id, role.level_id))
            for role in self.curriculum.roles
        ]
        self.roles_table = self._table(ROLE_COLUMNS, rows, "rolesTable", fit=(0, 2))
        self.roles_table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        layout.addWidget(self.roles_table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.role_plan_button = QPushButton("&Plan for this role…")
        self.role_plan_button.setObjectName("rolePlanButton")
        self.role_plan_button.setEnabled(False)
        buttons.addWidget(self.role_plan_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.roles_table.itemSelectionChanged.connect(
            lambda: self.role_plan_button.setEnabled(self.roles_table.currentRow() >= 0)
        )
        self.roles_table.itemActivated.connect(lambda item: self.plan_for_role(item.row()))
        self.role_plan_button.clicked.connect(lambda: self.plan_for_role())
        self.stack.addWidget(page)

    def _build_faq(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.faq_search = QLineEdit()
        self.faq_search.setObjectName("faqSearch")
        self.faq_search.setPlaceholderText("Search the questions and answers")
        self.faq_search.setClearButtonEnabled(True)
        self.faq_search.setAccessibleName("Search the FAQ")
        self.faq_count = label(role="muted", name="faqCount")
        row.addWidget(self.faq_search, 1)
        row.addWidget(self.faq_count)
        layout.addLayout(row)
        self.faq_browser = GuideBrowser(name="Frequently asked questions")
        self.faq_browser.setObjectName("faqBrowser")
        layout.addWidget(self.faq_browser, 1)
        self.faq_search.textChanged.connect(self._show_faq)
        self._show_faq()
        self.stack.addWidget(page)

    def _show_faq(self, *_: object) -> None:
        words = self.faq_search.text().lower().split()
        entries = self.visible_faq()
        total = len(self.curriculum.faq)
        palette = self.palette()
        mark = (
            f"background-color: {palette.color(QPalette.ColorRole.Highlight).name()}; "
            f"color: {palette.color(QPalette.ColorRole.HighlightedText).name()};"
        )
        parts = [heading("Frequently asked questions", 1)]
        section = None
        for entry in entries:
            if entry.section != section:
                section = entry.section
                parts.append(heading(section))
            parts.append(f"<h3>{highlighted(entry.question, words, mark)}</h3>")
            parts.append(f"<p>{highlighted(entry.answer, words, mark)}</p>")
        if not entries:
            parts.append(f"<p class='muted'>No question matches '{esc(self.faq_search.text().strip())}'.</p>")
        self.faq_browser.set_body("".join(parts))
        if words:
            self.faq_count.setText(f"{len(entries)} of {total} questions match")
        else:
            self.faq_count.setText(f"{total} questions")
