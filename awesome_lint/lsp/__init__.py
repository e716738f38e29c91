"""The language server (``awesome-lint server``): live findings and fixes in the editor.

Needs the optional extra ``awesome-lint[lsp]`` (pygls, with lsprotocol); :func:`main` says how
to install it when it is missing. The server (:mod:`.server`) calls the run layer like the
command line (:mod:`.linting`); :mod:`.positions` converts positions to the protocol's
encodings and :mod:`.edits` turns fixes and suppression comments into text edits.
"""

from __future__ import annotations

INSTALL_HINT = "the language server needs pygls: pip install 'awesome-lint[lsp]'"


def main(argv: list[str]) -> int:
    """``awesome-lint server``: speak the Language Server Protocol on standard input and output."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="awesome-lint server",
        description="Run the language server over stdio (for editors: see docs/editors.md).",
        allow_abbrev=False,
    )
    parser.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default)")
    parser.parse_args(argv)
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        from ..cli.output import error

        error(INSTALL_HINT)
        return 2
    from .server import serve

    return serve()
