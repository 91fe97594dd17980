"""MLOps Tracker: an offline study tracker for the Certified MLOps Manager certification."""

__version__ = "0.1.0"
APP_ID = "io.github.mlops_tracker.MLOpsTracker"
APP_NAME = "MLOps Tracker"
