"""From findings to the protocol's objects: diagnostics, workspace edits and quick fixes."""

from __future__ import annotations

import os

from lsprotocol import types

from ..findings import Finding
from .edits import apply_fix, smallest_edit, suppression
from .positions import Converter

SOURCE = "awesome-lint"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}


def diagnostic_of(finding: Finding, converter: Converter) -> types.Diagnostic:
    """The finding as the editor shows it. Its documentation link is made from its code and rule name,
    as :meth:`~awesome_lint.rules.base.Rule.url` makes it, without importing every rule (a cached
    result carries no rule)."""
    from ..rules.base import DOCS_URL, heading_anchor

    start = converter.to_protocol(finding.line, finding.column)
    end = converter.end_to_protocol(finding.end_line, finding.end_column)
    if end < start:
        end = start
    fix = finding.fix.applicability.value if finding.fix is not None else None
    message = f"[{finding.rule}] {finding.message}"
    if fix == "unsafe":
        message += " (unsafe fix available)"
    return types.Diagnostic(
        range=types.Range(types.Position(*start), types.Position(*end)),
        message=message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=f"{DOCS_URL}#{heading_anchor(f'{finding.code} {finding.rule}')}"),
        source=SOURCE,
        data={"rule": finding.rule, "fix": fix},
    )


def workspace_edit(uri: str, old: str, new: str, version: int | None, encoding: str) -> types.WorkspaceEdit:
    converter = Converter(old, encoding)
    start, end, replacement = smallest_edit(old, new)
    text_edit = types.TextEdit(range=text_range(converter, start, end), new_text=replacement)
    identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    change = types.TextDocumentEdit(text_document=identifier, edits=[text_edit])
    return types.WorkspaceEdit(document_changes=[change])


def finding_actions(
    uri: str, text: str, version: int | None, finding: Finding, diagnostic: types.Diagnostic, encoding: str
) -> list[types.CodeAction]:
    """The quick fixes for one finding: its fix (when it applies), and the two suppression comments."""
    actions = []
    fix = finding.fix
    if fix is not None:
        unsafe = fix.applicability.value == "unsafe"
        try:
            fixed = apply_fix(text, fix.edits)
        except ValueError:
            fixed = None
        if fixed is not None and fixed != text:
            # What changes on GitHub, or (a fix meant to render the same) what the finding says
            what = fix.describe() if fix.changes else finding.message
            title = f"Fix {finding.code} ({finding.rule}): {what}" + (" (unsafe)" if unsafe else "")
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=not unsafe,
                    edit=workspace_edit(uri, text, fixed, version, encoding),
                )
            )
    line = diagnostic.range.start.line
    titles = {False: f"Disable {finding.rule} for this line", True: f"Disable {finding.rule} with a comment above"}
    for next_line, title in titles.items():
        commented = suppression(text, line, finding.code, finding.rule, next_line=next_line)
        if commented is not None:
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=workspace_edit(uri, text, commented, version, encoding),
                )
            )
    return actions


def enum_value(kind: object) -> str:
    """An enumeration's value (``str()`` of a str enum member is its name in Python 3.11)."""
    return str(getattr(kind, "value", kind))


def without_path(message: str, path: str) -> str:
    """A configuration error on the configuration file itself needs no file name in front."""
    for shown in (path, os.path.relpath(path), os.path.basename(path)):
        if message.startswith(shown + ": "):
            return message[len(shown) + 2 :]
    return message


def text_range(converter: Converter, start: int, end: int) -> types.Range:
    return types.Range(types.Position(*converter.position_of(start)), types.Position(*converter.position_of(end)))
