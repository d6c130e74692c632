"""The long fuzz run is a script, not a test: pytest must not collect it."""

collect_ignore = ["run_long.py"]
