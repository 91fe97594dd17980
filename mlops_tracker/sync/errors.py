"""The one error sync raises for people: what is wrong and what to do, on one line, never a traceback."""

from __future__ import annotations

from mlops_tracker.domain.errors import UserError


class SyncError(UserError):
    """Sync cannot go on (server unreachable, login refused, permission denied, schema not as expected)."""

    def __init__(self, message: str) -> None:
        # one line whatever the server said: libpq messages carry DETAIL/HINT lines and trailing newlines
        super().__init__(" ".join(message.split()))
