"""Issue 10, item 2: undo stays yours (window and command line each their own), never overwrites another
process's change, and a step that can no longer apply is dropped instead of wedging the history."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Status

TODAY = date(2026, 11, 26)
ITEM = "foundation.skill.ml-lifecycle"
OTHER = "foundation.skill.team-roles"
ITEMS = [
    "foundation.skill.ml-lifecycle",
    "foundation.skill.team-roles",
    "foundation.project.regression-workflow",
]


@pytest.fixture
def window_and_cli(tmp_path):
    """Return two trackers on one data folder: the window's ("ui") and the command line's ("cli")."""
    clock = Clock(tz=UTC, fixed_day=TODAY)
    window = Tracker.open(tmp_path / "data", clock=clock, source="ui")
    cli = Tracker.open(tmp_path / "data", clock=clock, source="cli")
    yield window, cli
    window.close()
    cli.close()


def test_each_undo_takes_back_only_its_own_owner_s_change(window_and_cli):
    window, cli = window_and_cli
    window.run(UpdateItem(ITEM, status=Status.DONE))
    cli.run(UpdateItem(OTHER, status=Status.IN_PROGRESS))
    assert window.undo_label().startswith("Mark done: Understanding the ML lifecycle")
    assert cli.undo_label() is not None and cli.undo_label().startswith("Mark in progress")
    window.undo()  # the window's own change, although the command line's came later
    assert cli.item(ITEM).state.status is Status.TODO
    assert cli.item(OTHER).state.status is Status.IN_PROGRESS
    assert window.undo_label() is None
    window.redo()
    cli.undo()
    assert window.item(ITEM).state.status is Status.DONE
    assert window.item(OTHER).state.status is Status.TODO


def test_ten_rounds_of_cli_mark_and_undo_never_undo_a_window_change(window_and_cli):
    """Reproduction 8 (the Undo half): the command line's undo used to take back the window's ticks."""
    window, cli = window_and_cli
    for round_number in range(10):
        window.run(UpdateItem(ITEMS[round_number % 3], notes=f"window note {round_number}"))
        cli.run(UpdateItem(OTHER, status=Status.DONE if round_number % 2 else Status.SKIPPED))
        cli.undo()
    assert window.item(ITEMS[0]).state.notes == "window note 9"
    assert window.item(ITEMS[1]).state.notes == "window note 7"
    assert window.item(ITEMS[2]).state.notes == "window note 8"
    assert window.item(OTHER).state.status is Status.TODO
    assert window.undo_label().startswith("Edit notes")  # the window's history is whole
    for _ in range(10):
        window.undo()
    assert all(window.item(item).state.notes == "" for item in ITEMS)


def test_an_undo_whose_item_changed_since_elsewhere_refuses_in_one_line(window_and_cli):
    window, cli = window_and_cli
    cli.run(UpdateItem(OTHER, status=Status.SKIPPED))
    cli.run(UpdateItem(ITEM, status=Status.DONE))
    window.run(UpdateItem(ITEM, status=Status.IN_PROGRESS))  # the window changes it since
    with pytest.raises(UserError) as refused:
        cli.undo()
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("Not undone: 'Understanding the ML lifecycle")
    assert message.endswith("was changed since in the window; nothing was changed.")
    assert window.item(ITEM).state.status is Status.IN_PROGRESS  # the window's change stands
    cli.undo()  # the refused step was dropped: the history goes on with the one before it
    assert cli.item(OTHER).state.status is Status.TODO
    window.undo()  # and the window's own step still works
    assert window.item(ITEM).state.status is Status.DONE


def test_an_undo_of_notes_refuses_when_the_notes_changed_since_but_not_for_other_fields(window_and_cli):
    window, cli = window_and_cli
    cli.run(UpdateItem(ITEM, notes="mine"))
    window.run(UpdateItem(ITEM, confidence=4))  # another field: the undo of the notes still applies
    cli.undo()
    assert cli.item(ITEM).state.notes == "" and cli.item(ITEM).state.confidence == 4
    cli.redo()
    window.run(UpdateItem(ITEM, notes="theirs"))
    with pytest.raises(UserError, match=r"Not undone: .* was changed since in the window"):
        cli.undo()
    assert cli.item(ITEM).state.notes == "theirs"


def test_both_histories_survive_a_restart(tmp_path):
    clock = Clock(tz=UTC, fixed_day=TODAY)
    for source, item in (("ui", ITEM), ("cli", OTHER)):
        tracker = Tracker.open(tmp_path / "data", clock=clock, source=source)
        tracker.run(UpdateItem(item, status=Status.DONE))
        tracker.close()
    for source, item in (("ui", ITEM), ("cli", OTHER)):
        tracker = Tracker.open(tmp_path / "data", clock=clock, source=source)
        tracker.undo()
        assert tracker.item(item).state.status is Status.TODO
        assert tracker.undo_label() is None
        tracker.close()


def test_undoing_a_plan_change_refuses_when_the_plan_was_replaced_since(window_and_cli):
    window, cli = window_and_cli
    cli.create_plan(cli.plan_spec("foundation", 30))
    window.create_plan(window.plan_spec("foundation", 14))  # replaced in the window since
    with pytest.raises(UserError, match="Not undone: the Foundation plan was changed since"):
        cli.undo()
    assert cli.require_plan("foundation").spec.days == 14
    assert cli.undo_label() is None


def test_a_plan_put_back_after_its_number_was_taken_gets_a_new_one(window_and_cli):
    """Reproduction 2 in the core: undoing a delete after an import took the plan's number."""
    _, cli = window_and_cli
    cli.create_plan(cli.plan_spec("foundation", 30))
    old = cli.require_plan("foundation")
    cli.delete_plan("foundation")
    with cli.database.transaction() as session:  # what an import does: a new plan under the free number
        from mlops_tracker.storage import repository as repo

        repo.save_plan(session, cli.plan_spec("professional", 30), [], cli.clock.now(), plan_id=old.id)
    cli.undo()
    back = cli.require_plan("foundation")
    assert back.spec == old.spec and back.tasks == old.tasks and back.id != old.id
    assert cli.require_plan("professional").id == old.id
    cli.redo()  # the plan put back is the same plan to the history: redo deletes it, undo restores it
    assert cli.plan("foundation") is None
    cli.undo()
    cli.undo()  # and the create is taken back too
    assert cli.plan("foundation") is None and cli.undo_label() is None
