"""An item's review state ("due for review", the next review, "not checked yet") and its self-check button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from mlops_tracker.core import reviews
from mlops_tracker.domain import reviews as rv
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog
from mlops_tracker.gui.numbers import percent
from mlops_tracker.gui.widgets.labels import label


def review_state(bridge: TrackerBridge, item_id: str) -> str:
    """Return how an item stands in the spaced reviews, in words for the detail panel."""
    tracker = bridge.tracker
    if not reviews.bank().for_item(item_id):
        return "No self-check questions for this item yet."
    today = tracker.clock.today()
    due = next((r for r in reviews.due_reviews(tracker, today) if r.item_id == item_id), None)
    if due is not None:
        return f"Due for review: recall about {percent(100 * due.retrievability)} today."
    card = rv.card_on(reviews.cards(tracker).get(item_id, []), today)
    if card is None:
        return "Not checked yet."
    return (
        f"Next review {short_day(card.due)} (recall about {percent(100 * rv.retrievability(card, today))})."
    )


class ItemReview(QWidget):
    """Show an item's review state and open a self-check on its questions."""

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.item_id: str | None = None
        self.dialog: SelfCheckDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.state_label = label(role="muted", name="reviewState", wrap=True)
        self.check_button = QPushButton("Check &yourself…")  # y: no clash with the page, the editor or menus
        self.check_button.setObjectName("checkYourself")
        self.check_button.setToolTip("Answer this item's self-check questions (1–4 answer, Enter next)")
        self.check_button.clicked.connect(self.open_self_check)
        layout.addWidget(self.state_label, 1)
        layout.addWidget(self.check_button)

    def show_item(self, item_id: str) -> None:
        """Show an item's review state."""
        self.item_id = item_id
        self.state_label.setText(review_state(self.bridge, item_id))
        self.check_button.setEnabled(bool(reviews.bank().for_item(item_id)))

    def open_self_check(self) -> SelfCheckDialog | None:
        """Open the self-check dialog on the item's questions (never blocking: `open()`)."""
        if self.item_id is None:
            return None
        questions = reviews.bank().for_item(self.item_id)
        if not questions:
            return None
        title = self.bridge.tracker.curriculum.item(self.item_id).title
        short = title if len(title) <= 60 else title[:59] + "…"
        self.dialog = SelfCheckDialog(self.bridge, questions, self.window(), title=f"Check yourself: {short}")
        self.dialog.finished.connect(self._on_finished)
        self.dialog.open()
        return self.dialog

    def _on_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        if self.item_id is not None:
            self.show_item(self.item_id)
