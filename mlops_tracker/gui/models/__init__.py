"""Qt item models: thin adapters over snapshots of domain objects."""

from PySide6.QtCore import Qt

from mlops_tracker.domain.model import Kind

ItemIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
LevelRole = Qt.ItemDataRole.UserRole + 4
DateRole = Qt.ItemDataRole.UserRole + 5

KIND_NAMES = {
    Kind.SKILL: "Skill",
    Kind.PROJECT: "Project",
    Kind.PHASE: "Phase activity",
    Kind.MISTAKE: "Common mistake to review",
}
