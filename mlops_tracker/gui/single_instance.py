"""One window per data folder: a second launch brings the running window to the front instead of refusing.

The running window listens on a local socket named after its data folder; a second launch that finds the
folder locked sends one line on that socket and exits.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
TIMEOUT_MS = 1500


def server_name(folder: Path) -> str:
    """Return the local socket's name for a data folder (per user, per folder)."""
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"mlops-tracker-{user}-{digest}"


class ActivationServer(QObject):
    """Listen for later launches on the same data folder; say when one asks for the window."""

    activation_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(folder)
        # a socket file left by a killed process blocks listening; we hold the folder's lock: it is stale
        QLocalServer.removeServer(name)
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.activation_requested.emit()
        socket.disconnectFromServer()

    def close(self) -> None:
        """Stop listening."""
        self._server.close()


def ask_running_window(folder: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask the window running on a data folder to come to the front; return whether it was asked."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    delivered = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return delivered
