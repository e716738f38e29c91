"""The errors that stop a run before any file is linted, defined where importing them costs nothing.

The run layer catches them on every run, and a warm run must not import the engine,
the rules or git's plumbing just to name the exceptions it might catch.
"""


class SelectionError(ValueError):
    """A --select or --ignore entry that names no rule."""


class ChangedLinesError(Exception):
    """Changed lines cannot be known (not a git repository, unknown ref...): a usage error."""
