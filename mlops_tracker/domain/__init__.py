"""Pure-Python domain: curriculum types, readiness, scheduling, forecasting and streaks."""
