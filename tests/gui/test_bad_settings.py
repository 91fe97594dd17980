"""Issue 10, reproduction 3: a bad stored setting never stops the window."""

from __future__ import annotations

import json
import sqlite3

from mlops_tracker.paths import database_path


def test_a_bad_stored_layout_or_theme_never_stops_the_window(window_factory, plan_folder, qtbot):
    connection = sqlite3.connect(database_path(plan_folder))
    with connection:
        for key, value in (
            ("window_geometry", json.dumps("abc")),  # not base64: "Incorrect padding" stopped the window
            ("window_state", json.dumps(["not", "text"])),
            ("theme", json.dumps(42)),
            ("last_page", json.dumps({"page": 1})),
            ("reminder_time", "not json at all"),
        ):
            connection.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
    connection.close()
    window = window_factory(plan_folder)
    window.show()
    qtbot.waitExposed(window)
    assert window.current_page_name() == "today"
