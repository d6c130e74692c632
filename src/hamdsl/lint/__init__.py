"""The linter: running rules over files, noqa suppression, report formats, the result cache."""
