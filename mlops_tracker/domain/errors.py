"""Errors a user can cause: each carries a message for people, shown in one dialog or one CLI line."""


class UserError(Exception):
    """Something the user asked for cannot be done; the message says what is wrong and what to do."""


class NotFound(UserError):
    """An id, plan or file the user named does not exist."""


class InvalidInput(UserError):
    """A value the user gave is out of range or malformed."""
