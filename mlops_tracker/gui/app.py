"""The composition root: the QApplication, the theme, the Tracker, the bridge and the main window."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from importlib import resources
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap, QPixmapCache
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon, QWidget

from mlops_tracker import APP_ID, APP_NAME, __version__
from mlops_tracker.core import crash_log
from mlops_tracker.core.folder import AlreadyRunning, DatabaseDamaged, InstanceLock, acquire_instance_lock
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.gui import dates, single_instance, theme
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.crash_notice import show_crash_notice
from mlops_tracker.gui.main_window import MainWindow
from mlops_tracker.paths import data_dir, log_path

SMOKE_TEST_ENV = "MLOPS_TRACKER_SMOKE_TEST"  # "1": quit right after the first paint (benchmarks, CI)
REPORT_MODULES_ENV = "MLOPS_TRACKER_REPORT_MODULES"  # "1": say on stderr whether matplotlib was loaded
ICON_RESOURCE = ("mlops_tracker.resources", "icons/mlops-tracker.svg")
SMOKE_TIMEOUT_MS = 30_000
BUG_EXIT = 1
USER_ERROR_EXIT = 2

log = logging.getLogger("mlops_tracker.gui")


PIXMAP_CACHE_KB = 4096


def ensure_application() -> QApplication:
    """Return the QApplication, creating it (with the app's names) when there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        # Qt's 10 MB default is sized for many windows: one window's style pieces fit in far less, and a
        # cache that keeps filling for minutes reads as growing memory (benchmarks/README.md, Soak)
        QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
    assert isinstance(app, QApplication)
    return app


def _name_application(app: QApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("mlops-tracker")
    QGuiApplication.setDesktopFileName(APP_ID)


def app_icon() -> QIcon | None:
    """Return the application icon, or None when the resource is missing."""
    package, name = ICON_RESOURCE
    try:
        resource = resources.files(package).joinpath(name)
        if isinstance(resource, Path) and resource.is_file():
            # Qt's SVG icon engine draws each size when it is first asked for: nothing rendered at start-up
            icon = QIcon(str(resource))
            if not icon.isNull():
                return icon
        data = resource.read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None
    pixmap = QPixmap()
    if not pixmap.loadFromData(QByteArray(data), "SVG"):
        return None
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addPixmap(
            pixmap.scaled(
                size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
    return None if icon.isNull() else icon


def create_main_window(data_dir_: Path | str | None = None) -> MainWindow:
    """Open the data folder and return the populated main window (not shown yet)."""
    app = ensure_application()
    tracker = Tracker.open(data_dir_, source="ui")
    try:
        theme.apply_theme(str(tracker.setting(theme.THEME_SETTING, "system") or "system"), app)
        chosen = tracker.setting(dates.LOCALE_SETTING, "")
        dates.apply_locale(chosen if isinstance(chosen, str) else "")
        bridge = TrackerBridge(tracker)
        window = MainWindow(bridge, owns_tracker=True)
    except BaseException:
        tracker.close()
        raise
    bridge.setParent(window)
    return window


# ---- errors -------------------------------------------------------------------------------------


def _file_logger(folder: Path) -> None:
    """Send the GUI's log records to the data folder's log file (once per file)."""
    target = str(log_path(folder).resolve())
    if any(getattr(h, "baseFilename", None) == target for h in log.handlers):
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(target, encoding="utf-8", delay=True)
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


class _ExceptionHook:
    """Log unexpected errors (slots too) to the data folder; tell the user, or quit in a smoke test."""

    def __init__(self, folder: Path, smoke_test: bool) -> None:
        self.folder = folder
        self.smoke_test = smoke_test
        self.showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, trace))
        log.error("unexpected error\n%s", text)
        if self.smoke_test:
            print(f"mlops-tracker: unexpected error: {kind.__name__}: {error}", file=sys.stderr)
            app = QApplication.instance()
            if app is not None:
                app.exit(BUG_EXIT)
            else:
                os._exit(BUG_EXIT)
            return
        if self.showing:
            return  # one dialog at a time, even if the dialog itself triggers errors
        self.showing = True
        try:
            QMessageBox.critical(
                QApplication.activeWindow(),
                APP_NAME,
                f"Something went wrong: {kind.__name__}: {error}\n\n"
                f"Your data is safe. Details are in {log_path(self.folder)}.",
            )
        finally:
            self.showing = False


class _FirstPaint(QObject):
    """Quit the application right after a widget's first paint."""

    def __init__(self, watched: QWidget, report_modules: bool) -> None:
        super().__init__(watched)
        self.report_modules = report_modules
        self.done = False
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            if self.report_modules:
                print(f"mlops-tracker: first paint at {time.time():.6f}", file=sys.stderr)
            QTimer.singleShot(0, self._quit)
        return False

    def _quit(self) -> None:
        if self.report_modules:
            loaded = "matplotlib" in sys.modules
            print(
                f"mlops-tracker: matplotlib loaded at start-up: {'yes' if loaded else 'no'}", file=sys.stderr
            )
        QApplication.exit(0)


def _open_window(folder: Path, smoke_test: bool) -> MainWindow | None:
    """Return the main window; on a damaged database offer the newest backup (None: the user quit)."""
    try:
        return create_main_window(folder)
    except DatabaseDamaged as error:
        if smoke_test:
            raise
        from mlops_tracker.gui.dialogs.data import offer_recovery

        if not offer_recovery(None, error, folder):
            return None
        return create_main_window(folder)


def run_app(data_dir_: str | None = None, *, smoke_test: bool = False, tray: bool = False) -> int:
    """Run the window until it closes; return the exit code (2 when the data cannot be opened).

    `tray` starts with the window hidden behind a tray icon (start at login), where the desktop has a tray.
    """
    smoke_test = smoke_test or os.environ.get(SMOKE_TEST_ENV) == "1"
    report_modules = os.environ.get(REPORT_MODULES_ENV) == "1"
    app = ensure_application()
    _name_application(app)
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    folder = data_dir(data_dir_)
    _file_logger(folder)
    hook = _ExceptionHook(folder, smoke_test)
    sys.excepthook = hook
    lock: InstanceLock | None = None
    armed: crash_log.CrashLog | None = None
    unexpected_end: crash_log.UnexpectedEnd | None = None
    try:
        try:
            lock = acquire_instance_lock(folder)  # one window per data folder
        except AlreadyRunning:
            if not smoke_test and single_instance.ask_running_window(folder):
                print(f"mlops-tracker: brought the open window on {folder} to the front", file=sys.stderr)
                return 0
            raise
        # with the lock held no other window writes this crash log: read what the last run left, then arm
        unexpected_end = crash_log.last_unexpected_end(folder)
        if unexpected_end is not None:
            log.warning("the last run ended unexpectedly; see %s", unexpected_end.log)
        armed = crash_log.arm(folder, __version__)
        window = _open_window(folder, smoke_test)
    except UserError as error:
        _stop(lock, armed)
        if smoke_test:
            print(f"mlops-tracker: error: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, str(error))
        return USER_ERROR_EXIT
    except Exception:
        _stop(lock, armed)
        hook(*sys.exc_info())  # type: ignore[arg-type]
        return BUG_EXIT
    if window is None:
        _stop(lock, armed)
        return USER_ERROR_EXIT
    if unexpected_end is not None:
        banner = show_crash_notice(window, folder, unexpected_end)
        if smoke_test:
            print(f"mlops-tracker: notice: {banner.label.text()}", file=sys.stderr)
    if smoke_test:
        window.remember_layout = False
        window.show_page("today")
        _FirstPaint(window.today_page.date_label, report_modules)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: QApplication.exit(BUG_EXIT))
    if tray and not smoke_test and QSystemTrayIcon.isSystemTrayAvailable():
        window.tray_icon = tray_icon(window)  # the window stays hidden until the icon is clicked
    else:
        window.show()
    activation = single_instance.ActivationServer(folder, window)
    activation.activation_requested.connect(lambda: bring_to_front(window))
    if not smoke_test:
        QTimer.singleShot(0, window, window.start_services)
    try:
        code = app.exec()
        if window.isVisible():
            window.close()  # saves the layout and releases the database
    finally:
        _stop(lock, armed)
    return code


def tray_icon(window: MainWindow) -> QSystemTrayIcon:
    """Return the tray icon of a window started in the tray (the reminder's icon when it has one)."""
    reminder_tray = getattr(window.reminder, "tray", None)
    icon = reminder_tray if isinstance(reminder_tray, QSystemTrayIcon) else QSystemTrayIcon(window)
    icon.setIcon(QApplication.windowIcon())
    icon.setToolTip(APP_NAME)
    menu = QMenu(window)
    menu.addAction(f"&Open {APP_NAME}", lambda: bring_to_front(window))
    menu.addSeparator()
    menu.addAction("&Quit", window.close)
    icon.setContextMenu(menu)
    icon.activated.connect(
        lambda reason: (
            bring_to_front(window)
            if reason
            in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick)
            else None
        )
    )
    icon.show()
    return icon


def bring_to_front(window: MainWindow) -> None:
    """Show the window in front of the others, restored if it was minimised or hidden in the tray."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def _stop(lock: InstanceLock | None, armed: crash_log.CrashLog | None) -> None:
    """End a run cleanly: take the crash log's header back, then free the data folder."""
    if armed is not None:
        armed.disarm()
    if lock is not None:
        lock.release()
