"""Background work for the window: one helper runs a function in a worker thread behind a busy indicator.

The work never touches widgets; its result, or one line for people, comes back to the UI thread through
queued signals. A bug is logged with its traceback and shown as one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from mlops_tracker import APP_NAME
from mlops_tracker.domain.errors import UserError
from mlops_tracker.gui.bridge import show_error

log = logging.getLogger(__name__)


class _JobSignals(QObject):
    """What a job tells the UI thread (queued across threads)."""

    succeeded = Signal(object)
    failed = Signal(str)


class BackgroundJob(QRunnable):
    """Run one function in a worker thread; report its result or a message for people."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self._work = work
        self.signals = _JobSignals()
        self.setAutoDelete(False)  # kept in `_running` until it reports back

    def run(self) -> None:
        """Do the work; emit its result, or one line saying what went wrong."""
        try:
            result = self._work()
        except UserError as error:
            self.signals.failed.emit(str(error))
        except OSError as error:
            self.signals.failed.emit(f"Could not write the file: {error.strerror or error}.")
        except Exception as error:  # a bug: the traceback goes to the log, one line to the user
            log.exception("background work failed")
            self.signals.failed.emit(
                f"Something went wrong ({error.__class__.__name__}: {error}). Your data is unchanged."
            )
        else:
            self.signals.succeeded.emit(result)


_running: set[BackgroundJob] = set()


def jobs_running() -> bool:
    """Return whether any background job is still working (for tests and for quitting)."""
    return bool(_running)


def run_in_background(
    parent: QWidget,
    label: str,
    work: Callable[[], object],
    on_done: Callable[[Any], None],
    *,
    busy: bool = True,
    on_failed: Callable[[str], None] | None = None,
    pool: QThreadPool | None = None,
) -> BackgroundJob:
    """Run work in a thread pool behind a busy indicator; call `on_done(result)` on the UI thread.

    A failure calls `on_failed(message)`, or shows the message in one dialog.
    """
    job = BackgroundJob(work)
    _running.add(job)
    dialog: QProgressDialog | None = None
    if busy:
        dialog = QProgressDialog(label, "", 0, 0, parent)
        dialog.setWindowTitle(APP_NAME)
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # a quick job does not flash a dialog
        dialog.setValue(0)

    def finish() -> None:
        _running.discard(job)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def succeeded(result: object) -> None:
        finish()
        on_done(result)

    def failed(message: str) -> None:
        finish()
        if on_failed is not None:
            on_failed(message)
        else:
            show_error(parent, message)

    # the receiver lives on the UI thread, so these run there (queued from the worker)
    job.signals.succeeded.connect(succeeded, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    (pool or QThreadPool.globalInstance()).start(job)
    return job
