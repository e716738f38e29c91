"""awesome-lint: a linter for awesome lists."""

__version__ = "0.1.0"
