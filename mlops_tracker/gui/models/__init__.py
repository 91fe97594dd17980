"""Qt item models: thin adapters over snapshots of domain objects."""

from PySide6.QtCore import Qt

from mlops_tracker.domain.model import KINDS

ItemIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
LevelRole = Qt.ItemDataRole.UserRole + 4
DateRole = Qt.ItemDataRole.UserRole + 5

KIND_NAMES = {kind: spec.singular for kind, spec in KINDS.items()}
