"""What a bad configuration file's messages say: one line per problem, in TOML's terms.

Users write TOML, not Python, so pydantic's words are translated: a list or a
tuple is an *array*, a dictionary, model or dataclass is a *table*; values are
shown as TOML writes them (``true``, ``['a']``, ``{ a = 1 }``, ``2024-01-01``)
and key paths as TOML dotted keys, with array indexes in brackets
(``per-file-ignores.'docs/*.md'[0]``). The expected type is read from the
model's annotation at the error's location, so a new rule option is described
without a new message. Strings are single-quoted (TOML literal strings) like
pydantic's own literal messages, so one message never mixes two quotings.

Nothing here imports pydantic: it reads the errors pydantic already produced.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import types
import typing
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_GOT_LIMIT = 60
"""A value longer than this once written as TOML is named by its type, to keep the line readable."""

# Fallbacks when the annotation at the location says nothing more precise.
_TYPE_ERRORS = {
    "list_type": "an array",
    "tuple_type": "an array",
    "set_type": "an array",
    "frozen_set_type": "an array",
    "dict_type": "a table",
    "mapping_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dataclass_type": "a table",
    "dataclass_exact_type": "a table",
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_type": "a float",
    "float_parsing": "a float",
    "bool_type": "a boolean",
    "bool_parsing": "a boolean",
}
_SCALARS: dict[Any, tuple[str, str]] = {
    str: ("a string", "strings"),
    int: ("an integer", "integers"),
    float: ("a float", "floats"),
    bool: ("a boolean", "booleans"),
}
_ARRAYS = (list, tuple, set, frozenset)


def describe(errors: list[Any], model: Any, path: str, filename: str, table: str) -> str:
    """The lines for pydantic's ``errors`` on a file shown as ``path``; ``table`` names the table validated."""
    lines = []
    for error in errors:
        loc = list(error["loc"])
        where = f"{table} {key_path(loc)}".strip()
        given = error.get("input")
        if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            if loc == ["tool"] and not table and isinstance(given, dict) and "awesome-lint" in given:
                lines.append(
                    f"{path}: [tool.awesome-lint]: in {filename} the keys go at the top level, "
                    "without the [tool.awesome-lint] table (that table belongs in pyproject.toml)"
                )
                continue
            known = _known_keys(model, [str(part) for part in loc[:-1]])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            lines.append(f"{path}: {where}: unknown key; {hint}")
            continue
        if error["type"] in _TYPE_ERRORS:
            message = f"Input should be {expected_at(model, loc) or _TYPE_ERRORS[error['type']]}"
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
        shown = ""
        if error["type"] != "value_error" and given is not None:
            shown = f" (got {got(given)})"
        lines.append(f"{path}: {where}: {message}{shown}")
    return "\n".join(lines)


def key_path(loc: list[Any]) -> str:
    """``('per-file-ignores', 'docs/*.md', 0)`` → ``per-file-ignores.'docs/*.md'[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + (part if _BARE_KEY.fullmatch(part) else toml_string(part))
    return out


def got(value: Any) -> str:
    """The value as TOML writes it, or its TOML type when that would be too long for one line."""
    text = toml_value(value)
    return text if len(text) <= _GOT_LIMIT else toml_type_of(value)


def toml_value(value: Any) -> str:
    """``value`` (as tomllib returns it) written back as TOML, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else repr(value)  # repr gives inf, -inf, 1e+20: all TOML
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pairs = (f"{key_path([str(key)])} = {toml_value(item)}" for key, item in value.items())
        return "{ " + ", ".join(pairs) + " }"
    return repr(value)


def toml_string(text: str) -> str:
    """A literal string (``'x'``) when TOML allows one, else a basic string with escapes."""
    if "'" not in text and not any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_type_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    return _SCALARS.get(type(value), ("a value", ""))[0]


def expected_at(model: Any, loc: list[Any]) -> str | None:
    """What the model's annotation at ``loc`` asks for, in TOML's words (None when it does not say)."""
    annotation: Any = model
    for part in loc:
        annotation = _without_none(annotation)
        origin = typing.get_origin(annotation)
        if hasattr(annotation, "model_fields"):
            fields = {field.alias or name: field.annotation for name, field in annotation.model_fields.items()}
            annotation = fields.get(str(part))
        elif hasattr(annotation, "__dataclass_fields__"):
            annotation = typing.get_type_hints(annotation).get(str(part))
        elif origin in _ARRAYS:
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return None
        if annotation is None:
            return None
    return _toml_type(annotation)[0]


def _toml_type(annotation: Any) -> tuple[str | None, str | None]:
    """(singular, plural) TOML description of a type: ``('an array of strings', 'arrays of strings')``."""
    annotation = _without_none(annotation)
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    origin = typing.get_origin(annotation)
    if origin in _ARRAYS:
        items = [arg for arg in typing.get_args(annotation) if arg is not Ellipsis]
        of = _toml_type(items[0])[1] if len(items) == 1 else None
        suffix = f" of {of}" if of else ""
        return "an array" + suffix, "arrays" + suffix
    if origin is dict or hasattr(annotation, "model_fields") or hasattr(annotation, "__dataclass_fields__"):
        return "a table", "tables"
    return None, None


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _known_keys(model: Any, loc: list[str]) -> list[str]:
    for part in loc:
        info = {(f.alias or name): f for name, f in model.model_fields.items()}.get(part)
        annotation = info.annotation if info is not None else None
        if annotation is None:
            return []
        if hasattr(annotation, "model_fields"):
            model = annotation
        elif hasattr(annotation, "__dataclass_fields__"):
            return list(annotation.__dataclass_fields__)
        else:
            return []
    return [field.alias or name for name, field in model.model_fields.items()]
