"""Every setting the app stores has its check in domain/limits.py, so an import keeps it (and checks it)."""

from __future__ import annotations

import re
from pathlib import Path

import mlops_tracker
from mlops_tracker.domain.limits import SETTINGS, setting_problem

_KEY_CONSTANT = re.compile(r'^[A-Z_]*(?:_KEY|_SETTING)\s*=\s*"([a-z_]+)"', re.MULTILINE)


def test_every_settings_key_in_the_code_is_known_to_the_import_checks():
    package = Path(mlops_tracker.__file__).parent
    keys = {key for path in package.rglob("*.py") for key in _KEY_CONSTANT.findall(path.read_text("utf-8"))}
    assert keys >= {"theme", "window_geometry", "reminder_time", "seed_digest"}  # the pattern finds them
    missing = sorted(keys - set(SETTINGS))
    assert not missing, f"add a check to domain/limits.py SETTINGS for {missing}"


def test_the_values_the_app_writes_pass_their_checks():
    for key, value in (
        ("theme", "dark"),
        ("window_geometry", "AdnQywADAAAAAAAA"),
        ("window_state", ""),
        ("last_page", "progress"),
        ("wizard_done", True),
        ("reminder_time", "08:30"),
        ("reminder_time", None),
        ("role", "DevOps engineer"),
        ("locale", ""),
        ("locale", "de_DE"),
        ("locale", "en_IN"),
        ("seed_digest", "0123456789abcdef" * 4),
    ):
        assert setting_problem(key, value) is None, (key, value)
