"""The main window: side navigation over the pages, menus, status line and the remembered layout."""

from __future__ import annotations

import base64
import importlib
import importlib.util
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from mlops_tracker import APP_NAME
from mlops_tracker.core.commands import Changes
from mlops_tracker.core.views import View
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.limits import setting_problem
from mlops_tracker.gui import theme
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.numbers import percent, plural
from mlops_tracker.gui.pages.today import TodayPage, buffer_text
from mlops_tracker.gui.widgets.icons import line_icon

PAGES: tuple[tuple[str, str], ...] = (
    ("today", "Today"),
    ("plan", "Plan"),
    ("levels", "Levels"),
    ("progress", "Progress"),
    ("guide", "Guide"),
)
PAGE_NAMES: tuple[str, ...] = tuple(name for name, _ in PAGES)
# built the first time they are shown (or soon after start-up), so the Today page paints sooner
# pages built on first use (module, class): start-up paints Today only; Progress loads matplotlib
LAZY_PAGES: dict[str, tuple[str, str]] = {
    "plan": ("plan", "PlanPage"),
    "levels": ("levels", "LevelsPage"),
    "progress": ("progress", "ProgressPage"),
    "guide": ("guide", "GuidePage"),
}
PREBUILT = ("levels", "plan", "guide")  # not Progress: matplotlib loads only when asked for
DATA_DIALOGS = "mlops_tracker.gui.dialogs.data"
MINIMUM_SIZE = (940, 620)
DEFAULT_SIZE = (1100, 720)
STATUS_MESSAGE_MS = 6000

# settings keys
GEOMETRY_KEY = "window_geometry"
STATE_KEY = "window_state"
LAST_PAGE_KEY = "last_page"
WIZARD_DONE_KEY = "wizard_done"


def _load_page(module: str, class_name: str, bridge: TrackerBridge) -> QWidget:
    """Return a new page of a lazily imported module."""
    page_class = getattr(importlib.import_module(f"mlops_tracker.gui.pages.{module}"), class_name)
    return page_class(bridge)


class _TextUndoFilter(QObject):
    """Let Ctrl+Z reach the window's Undo when a text box has nothing of its own to undo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        key = event  # a QKeyEvent
        undo = key.matches(QKeySequence.StandardKey.Undo)  # type: ignore[attr-defined]
        redo = key.matches(QKeySequence.StandardKey.Redo) or (  # type: ignore[attr-defined]
            key.key() == Qt.Key.Key_Z  # type: ignore[attr-defined]
            and key.modifiers() == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
        )
        if not (undo or redo):
            return False
        if isinstance(watched, QAbstractSpinBox):
            watched = watched.findChild(QLineEdit) or watched
        if isinstance(watched, QLineEdit):
            own = watched.isUndoAvailable() if undo else watched.isRedoAvailable()
        elif isinstance(watched, QPlainTextEdit | QTextEdit):
            document = watched.document()
            own = document.isUndoAvailable() if undo else document.isRedoAvailable()
            own = own and not watched.isReadOnly()
        else:
            return False
        # swallowing the override leaves the shortcut to the window's action
        return not own


class MainWindow(QMainWindow):
    """The window: Today, Plan, Levels, Progress and Guide behind a side navigation."""

    def __init__(
        self, bridge: TrackerBridge, parent: QWidget | None = None, *, owns_tracker: bool = False
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tracker = bridge.tracker
        self._owns_tracker = owns_tracker
        self._closed = False
        self.remember_layout = True
        self.reminder = None
        self.auto_backup = None
        self.sync_service = None  # gui/sync_service.py, installed after the first paint
        self._extra_pages: list[str] = []  # pages after PAGES: the Cohort page of a trainer's connection
        self.tray_icon: object = None  # the icon of a window started in the tray (`--tray`)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*DEFAULT_SIZE)

        self.today_page = TodayPage(bridge)
        self._built: dict[str, QWidget] = {"today": self.today_page}
        self._placeholders: dict[str, QWidget] = {}  # empty stand-ins until a lazy page is built

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setFixedWidth(176)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        for position, (name, label) in enumerate(PAGES, start=1):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(f"{label} (Ctrl+{position})")
            self.navigation.addItem(item)
            if name in self._built:
                self.stack.addWidget(self._built[name])
            else:
                self._placeholders[name] = QWidget()
                self.stack.addWidget(self._placeholders[name])
        self._paint_navigation_icons()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self.navigation.currentRowChanged.connect(self._on_page_selected)
        self.today_page.item_requested.connect(self.show_item)
        self.today_page.wizard_requested.connect(self.run_wizard)
        self.today_page.create_plan_requested.connect(self.new_plan)
        bridge.tracker_changed.connect(self._on_tracker_changed)
        if theme.notifier is not None:
            theme.notifier.scheme_changed.connect(self._on_scheme_changed)
        self._text_undo_filter = _TextUndoFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

        self.refresh_status(self.today_page.view)
        self._update_undo_actions()
        self._restore_layout()
        self._start_reminder()
        bridge.outside_change_seen.connect(self._on_outside_change)
        bridge.watch_other_writers()  # the command line or another window may change the data

    # ---- building ----------------------------------------------------------------------------

    def _paint_navigation_icons(self) -> None:
        c = theme.colours()
        for row, (name, _label) in enumerate(PAGES):
            self.navigation.item(row).setIcon(line_icon(name, c.muted, c.accent_text))

    def _action(
        self,
        menu_text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(menu_text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        # on the window too, so the shortcut works wherever the focus is, menus closed
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setToolTipsVisible(True)
        self.new_plan_action = self._action("&New plan…", self.new_plan, QKeySequence.StandardKey.New)
        self.wizard_action = self._action("Run first-run &wizard…", self.run_wizard)
        file_menu.addAction(self.new_plan_action)
        file_menu.addAction(self.wizard_action)
        file_menu.addSeparator()
        self.import_action = self._action("&Import…", lambda: self._data_dialog("import_data"))
        self.export_action = self._action(
            "&Export…", lambda: self._data_dialog("export_data"), QKeySequence("Ctrl+E")
        )
        self.backups_action = self._action("&Backups…", lambda: self._data_dialog("show_backups"))
        for action in (self.import_action, self.export_action, self.backups_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        self.edit_menu = edit_menu
        self.undo_action = self._action("&Undo", self.undo, QKeySequence("Ctrl+Z"))
        self.redo_action = self._action("&Redo", self.redo, QKeySequence("Ctrl+Shift+Z"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action(
            "&Find…", self.find, QKeySequence("Ctrl+F"), "Search the items of the levels"
        )
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        self.preferences_action = self._action(
            "&Preferences…", self.show_preferences, QKeySequence("Ctrl+,"), "Daily reminder"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.preferences_action)

        view_menu = bar.addMenu("&View")
        self.page_actions: dict[str, QAction] = {}
        for position, (name, label) in enumerate(PAGES, start=1):
            action = self._action(f"&{position} {label}", lambda n=name: self.go_to(n), f"Ctrl+{position}")
            action.setCheckable(True)
            self.page_actions[name] = action
            view_menu.addAction(action)
        page_group = QActionGroup(self)
        for action in self.page_actions.values():
            page_group.addAction(action)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions: dict[str, QAction] = {}
        theme_group = QActionGroup(self)
        choice = str(self.tracker.setting(theme.THEME_SETTING, "system") or "system")
        for name, label in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(name == choice)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[name] = action

        help_menu = bar.addMenu("&Help")
        self.about_action = self._action("&About MLOps Tracker", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.readiness_status = QLabel()
        self.readiness_status.setObjectName("readinessStatus")
        self.streak_status = QLabel()
        self.streak_status.setObjectName("streakStatus")
        self.exam_status = QLabel()
        self.exam_status.setObjectName("examStatus")
        for label in (self.readiness_status, self.streak_status, self.exam_status):
            bar.addPermanentWidget(label)

    # ---- pages -------------------------------------------------------------------------------

    def show_page(self, name: str) -> QWidget:
        """Switch to a page by name (today, plan, levels, progress, guide) and return it."""
        if name in self._extra_pages:
            self.navigation.setCurrentRow(len(PAGE_NAMES) + self._extra_pages.index(name))
            return self._built[name]
        if name not in PAGE_NAMES:
            raise ValueError(f"Unknown page '{name}'; use one of {', '.join(PAGE_NAMES)}.")
        row = PAGE_NAMES.index(name)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)
        else:
            self._on_page_selected(row)
        return self.stack.currentWidget()

    def go_to(self, name: str) -> None:
        """Show a page from the keyboard and put the focus where work starts on it."""
        page = self.show_page(name)
        first_focus = getattr(page, "first_focus", None)
        if callable(first_focus):
            first_focus().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_page_name(self) -> str:
        """Return the name of the page shown."""
        row = self.navigation.currentRow()
        return PAGE_NAMES[row] if 0 <= row < len(PAGE_NAMES) else PAGE_NAMES[0]

    def show_item(self, item_id: str) -> None:
        """Show an item on the Levels page."""
        self.show_page("levels")
        show = getattr(self.levels_page, "show_item", None)
        if callable(show):
            show(item_id)

    def _on_page_selected(self, row: int) -> None:
        if 0 <= row - len(PAGE_NAMES) < len(self._extra_pages):
            name = self._extra_pages[row - len(PAGE_NAMES)]
            self.stack.setCurrentWidget(self._built[name])
            self.setWindowTitle(f"{self.navigation.item(row).text()} — {APP_NAME}")
            return
        if not 0 <= row < len(PAGE_NAMES):
            return
        name = PAGE_NAMES[row]
        self.stack.setCurrentWidget(self.page(name))
        self.page_actions[name].setChecked(True)
        self.setWindowTitle(f"{dict(PAGES)[name]} — {APP_NAME}")

    def page(self, name: str) -> QWidget:
        """Return a page by name, building it the first time (Progress loads matplotlib then)."""
        if name in self._built:
            return self._built[name]
        module, class_name = LAZY_PAGES[name]
        widget = _load_page(module, class_name, self.bridge)
        placeholder = self._placeholders.pop(name)
        showing = self.stack.currentWidget() is placeholder
        self.stack.insertWidget(self.stack.indexOf(placeholder), widget)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if showing:
            self.stack.setCurrentWidget(widget)
        self._built[name] = widget
        self._connect_page(name, widget)
        return widget

    def _connect_page(self, name: str, widget: QWidget) -> None:
        plan_created = getattr(widget, "plan_created", None)
        if plan_created is not None:
            plan_created.connect(lambda _level: self.show_page("plan"))
        written = getattr(widget, "document_written", None)
        if written is not None:
            written.connect(lambda text: self.statusBar().showMessage(text, STATUS_MESSAGE_MS))

    def add_page(self, name: str, label: str, widget: QWidget) -> None:
        """Add a page after the built-in ones to the navigation (once): the Cohort page of a trainer."""
        if name in self._built:
            return
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, name)
        self.navigation.addItem(item)
        self.stack.addWidget(widget)
        self._built[name] = widget
        self._extra_pages.append(name)

    def is_built(self, name: str) -> bool:
        """Return whether a page has been built yet."""
        return name in self._built

    @property
    def plan_page(self) -> QWidget:
        """Return the Plan page."""
        return self.page("plan")

    @property
    def levels_page(self) -> QWidget:
        """Return the Levels page."""
        return self.page("levels")

    @property
    def guide_page(self) -> QWidget:
        """Return the Guide page."""
        return self.page("guide")

    @property
    def progress_page(self) -> QWidget | None:
        """Return the Progress page once it has been shown (None before: it loads matplotlib)."""
        page = self._built.get("progress")
        return page

    def prebuild_pages(self, names: tuple[str, ...] = PREBUILT) -> None:
        """Build the other pages one per event-loop turn after start-up, so switching is instant."""
        waiting = [name for name in names if name not in self._built]
        if not waiting:
            return
        self.page(waiting[0])
        if len(waiting) > 1:
            QTimer.singleShot(0, self, lambda: self.prebuild_pages(tuple(waiting[1:])))

    def start_services(self) -> None:
        """Start what a running app needs after its first paint: writes, backups, other pages, the wizard."""
        self.tracker.warm_up()  # the first page was painted from plain reads; load the write path now
        self.auto_backup = importlib.import_module(DATA_DIALOGS).install_auto_backup(self)
        self.prebuild_pages()
        self.sync_service = importlib.import_module("mlops_tracker.gui.sync_service").install_sync(self)
        self.maybe_start_wizard()

    # ---- reacting to changes -----------------------------------------------------------------

    def _on_tracker_changed(self, changes: Changes) -> None:
        self._update_undo_actions()
        if changes.items or changes.plans or changes.readiness or changes.sessions:
            self.refresh_status()

    def _on_outside_change(self) -> None:
        self.statusBar().showMessage("Updated: the data was changed outside this window", STATUS_MESSAGE_MS)

    def refresh_status(self, view: View | None = None) -> None:
        """Show readiness, streak and days to the exam in the status bar (from the current view)."""
        summary = view or self.tracker.view()
        self.readiness_status.setText(f"Readiness {percent(summary.overall)}")
        streak = summary.streak
        self.streak_status.setText(f"Streak {plural(streak.current, 'day')}")
        if summary.days_to_exam is None:
            self.exam_status.setText("No exam date")
        elif summary.days_to_exam == 0:
            self.exam_status.setText("Exam today")
        else:
            self.exam_status.setText(f"Exam in {plural(summary.days_to_exam, 'day')}")
        buffers = [s.buffer_days for s in summary.levels.values() if s.buffer_days is not None]
        tip = f"Buffer: {buffer_text(min(buffers))}" if buffers else "No plan yet"
        self.readiness_status.setToolTip(
            "\n".join(f"{s.name}: {percent(s.readiness)}" for s in summary.levels.values()) or "No level yet"
        )
        self.exam_status.setToolTip(tip)

    def _update_undo_actions(self) -> None:
        view = self.tracker.view()
        undo, redo = view.undo_label, view.redo_label
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")
        self.redo_action.setEnabled(redo is not None)

    def _on_scheme_changed(self, _dark: bool) -> None:
        self._paint_navigation_icons()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        text_box = QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox
        if isinstance(new, text_box) and not new.property("undo_filtered"):
            new.installEventFilter(self._text_undo_filter)
            new.setProperty("undo_filtered", True)

    # ---- actions -----------------------------------------------------------------------------

    def undo(self) -> None:
        """Take back the last change and say so in the status bar."""
        self._step(self.tracker.undo, self.tracker.undo_label(), "Undone")

    def redo(self) -> None:
        """Do again the last undone change and say so in the status bar."""
        self._step(self.tracker.redo, self.tracker.redo_label(), "Redone")

    def _step(self, step: Callable[[], Changes], label: str | None, verb: str) -> None:
        if label is None:
            return
        try:
            step()
        except UserError as error:
            show_error(self, str(error))
            return
        self.statusBar().showMessage(f"{verb}: {label}", STATUS_MESSAGE_MS)

    def find(self) -> None:
        """Go to the Levels page and focus its search box."""
        self.show_page("levels")
        focus = getattr(self.levels_page, "focus_search", None)
        if callable(focus):
            focus()

    def new_plan(self) -> None:
        """Open the Plan page's dialog that creates a plan."""
        self.show_page("plan")
        create = getattr(self.plan_page, "create_plan", None)
        if callable(create):
            create()
        else:
            self.run_wizard()

    def run_wizard(self) -> bool:
        """Run the first-run wizard; return whether it created a plan."""
        from mlops_tracker.gui.dialogs.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.bridge, self)
        accepted = bool(wizard.exec())
        if accepted:
            self.show_page("today")
        return accepted

    def maybe_start_wizard(self) -> bool:
        """Run the wizard at first start: no plan yet and never finished or skipped before."""
        if self.tracker.plans() or self.tracker.setting(WIZARD_DONE_KEY, False):
            return False
        return self.run_wizard()

    def _data_dialog(self, function: str) -> None:
        getattr(importlib.import_module(DATA_DIALOGS), function)(self)

    def set_theme(self, choice: str) -> None:
        """Use the system scheme, or light, or dark, and remember the choice."""
        self.tracker.set_setting(theme.THEME_SETTING, choice)
        theme.apply_theme(choice)
        self._paint_navigation_icons()
        if choice in self.theme_actions:
            self.theme_actions[choice].setChecked(True)

    def show_about(self) -> None:
        """Show the About dialog."""
        from mlops_tracker.gui.dialogs.about import AboutDialog

        AboutDialog(self.tracker.folder, self).exec()

    def show_preferences(self) -> None:
        """Show the preferences (the daily reminder, the date format)."""
        from mlops_tracker.gui.reminder import PreferencesDialog

        dialog = PreferencesDialog(self.tracker, self)
        accepted = dialog.exec()
        if self.sync_service is not None:
            self.sync_service.configured_changed()  # the Sync section saves a tested connection itself
        if accepted:
            self._start_reminder()
            self.tracker.reload()  # every page shows its dates again, in the chosen format

    def _start_reminder(self) -> None:
        if self.tracker.setting("reminder_time") is None and self.reminder is None:
            return  # no reminder wanted: do not even load the module
        from mlops_tracker.gui.reminder import DailyReminder

        if self.reminder is None:
            self.reminder = DailyReminder(self.tracker, self)
        self.reminder.reload()

    # ---- layout ------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        for key, restore in ((GEOMETRY_KEY, self.restoreGeometry), (STATE_KEY, self.restoreState)):
            value = self.tracker.setting(key)
            if isinstance(value, str) and setting_problem(key, value) is None:  # a bad value is skipped
                restore(QByteArray(base64.b64decode(value)))
        last = self.tracker.setting(LAST_PAGE_KEY, "today")
        self.show_page(last if last in PAGE_NAMES and last != "progress" else "today")
        if last == "progress":
            # build the charts after the first paint, so start-up stays fast
            QTimer.singleShot(0, self, lambda: self.show_page("progress"))

    def save_layout(self) -> None:
        """Remember the window's geometry, state and page in the data folder."""
        geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        state = base64.b64encode(bytes(self.saveState().data())).decode("ascii")
        self.tracker.set_setting(GEOMETRY_KEY, geometry)
        self.tracker.set_setting(STATE_KEY, state)
        self.tracker.set_setting(LAST_PAGE_KEY, self.current_page_name())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.bridge.stop_watching()
            if self.remember_layout:
                self.save_layout()
            if self.auto_backup is not None:
                self.auto_backup.backup_on_exit()
            if self.sync_service is not None:
                self.sync_service.sync_on_exit()
            if self.reminder is not None:
                self.reminder.stop()
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self._on_focus_changed)
            if self._owns_tracker:
                self.tracker.close()
        super().closeEvent(event)
