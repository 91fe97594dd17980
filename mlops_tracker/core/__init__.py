"""The Tracker facade shared by the GUI and the command line."""
