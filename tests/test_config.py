"""Configuration files: every key valid and invalid, precedence, per-file ignores, the schema."""

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from awesome_lint.config import ConfigError
from awesome_lint.config.model import config_model, json_schema, load
from awesome_lint.rules import all_rules

Run = Callable[..., "subprocess.CompletedProcess[str]"]

REPO = Path(__file__).resolve().parents[1]

# The main heading (line 1), then one defect per rule: list numbering (line 3), insecure URL (line 2),
# empty heading (line 5), duplicate (line 6), and mojibake (line 7).
LIST = (
    "# Awesome Test [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
    "1. [A](http://a.example/x) - Alpha.\n"
    "3. [B](https://b.example) - Beta.\n"
    "1. [C](https://c.example) - Gamma.\n"
    "##\n"
    "- [B again](https://b.example) - Beta.\n"
    "- [D](https://d.example) - CafÃ© crÃ¨me.\n"
)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--output-format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def codes(done: subprocess.CompletedProcess[str]) -> list[tuple[str, int, str, str]]:
    assert done.returncode in (0, 1), done.stderr
    return [(f["path"], f["line"], f["code"], f["severity"]) for f in json.loads(done.stdout)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ALL = [
    ("README.md", 2, "AL202", "error"),
    ("README.md", 3, "AL101", "error"),
    ("README.md", 5, "AL102", "error"),
    ("README.md", 6, "AL201", "error"),
    ("README.md", 7, "AL301", "error"),
    ("README.md", 7, "AL301", "error"),
]


def test_no_configuration_runs_every_rule(project: Path) -> None:
    assert codes(run(project)) == ALL


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('select = ["AL2"]', [f for f in ALL if f[2].startswith("AL2")]),
        ('ignore = ["mojibake", "AL1"]', [f for f in ALL if f[2] in ("AL201", "AL202")]),
        ('select = ["AL1"]\nextend-select = ["insecure-url"]', [f for f in ALL if f[2] in ("AL101", "AL102", "AL202")]),
        (
            'severity = { insecure-url = "warning", AL1 = "off" }',
            [("README.md", 2, "AL202", "warning"), *(f for f in ALL if f[2] in ("AL201", "AL301"))],
        ),
        (
            'per-file-ignores = { "README.md" = ["AL202", "mojibake"] }',
            [f for f in ALL if f[2] not in ("AL202", "AL301")],
        ),
        ('per-file-ignores = { "docs/*.md" = ["AL202"] }', ALL),
        ('[rules.insecure-url]\nallow = ["*.example"]', ALL[1:]),
        ('[rules.duplicate-url]\nallow = ["https://b.example*"]', [f for f in ALL if f[2] != "AL201"]),
    ],
)
def test_keys(project: Path, config: str, expected: list[tuple[str, int, str, str]]) -> None:
    write(project / "awesome-lint.toml", config + "\n")
    assert codes(run(project)) == expected


def test_a_rule_option_changes_what_is_reported(project: Path) -> None:
    def numbering() -> list[tuple[int, int, str]]:
        found = json.loads(run(project).stdout)
        return [(f["line"], f["end_line"], f["message"]) for f in found if f["code"] == "AL101"]

    default = numbering()
    write(project / "awesome-lint.toml", '[rules.list-numbering]\nstyle = "ordered"\n')
    ordered = numbering()
    assert default != ordered
    assert ordered[0][:2] == (3, 4)  # items 2 and 3 make one run
    assert "counts up from" in ordered[0][2]


def test_warnings_alone_exit_zero(project: Path) -> None:
    write(project / "awesome-lint.toml", 'select = ["AL202"]\nseverity = { AL202 = "warning" }\n')
    done = run(project)
    assert (done.returncode, codes(done)) == (0, [("README.md", 2, "AL202", "warning")])


def test_pyproject_table(project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.awesome-lint]\nselect = ["AL102"]\n')
    assert codes(run(project)) == [("README.md", 5, "AL102", "error")]


def test_precedence_in_one_folder(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.awesome-lint]\nselect = ["AL101"]\n')
    write(project / "awesome-lint.toml", 'select = ["AL102"]\n')
    assert [c[2] for c in codes(run(project))] == ["AL102"]
    write(project / ".awesome-lint.toml", 'select = ["AL201"]\n')
    assert [c[2] for c in codes(run(project))] == ["AL201"]


def test_a_pyproject_without_our_table_is_passed_over(project: Path) -> None:
    write(project / "awesome-lint.toml", 'select = ["AL102"]\n')
    write(project / "docs" / "pyproject.toml", '[project]\nname = "docs"\n')
    write(project / "docs" / "list.md", LIST)
    assert codes(run(project, "docs/list.md")) == [("docs/list.md", 5, "AL102", "error")]


def test_the_closest_file_wins_per_linted_file(project: Path) -> None:
    write(project / "awesome-lint.toml", 'select = ["AL102"]\n')
    write(project / "docs" / ".awesome-lint.toml", 'select = ["AL202"]\n')
    write(project / "docs" / "list.md", LIST)
    assert codes(run(project, ".")) == [
        ("README.md", 5, "AL102", "error"),
        ("docs/list.md", 2, "AL202", "error"),
    ]


def test_config_option_and_isolated(project: Path) -> None:
    write(project / "awesome-lint.toml", 'select = ["AL102"]\n')
    write(project / "other.toml", 'select = ["AL301"]\n')
    assert [c[2] for c in codes(run(project, "--config", "other.toml"))] == ["AL301", "AL301"]
    assert codes(run(project, "--isolated")) == ALL


def test_command_line_on_top_of_the_file(project: Path) -> None:
    write(project / "awesome-lint.toml", 'select = ["AL1", "AL2"]\nignore = ["AL201"]\n')
    # --select replaces the file's select; --ignore adds to its ignore.
    assert [c[2] for c in codes(run(project, "--select", "AL3,AL201"))] == ["AL301", "AL301"]
    assert [c[2] for c in codes(run(project, "--ignore", "AL101"))] == ["AL202", "AL102"]


def test_exclude_is_relative_to_the_configuration(project: Path) -> None:
    write(project / "awesome-lint.toml", 'exclude = ["drafts/*"]\n')
    write(project / "drafts" / "new.md", LIST)
    assert {c[0] for c in codes(run(project, "."))} == {"README.md"}
    # Named on the command line, an excluded file is linted, unless --force-exclude.
    assert {c[0] for c in codes(run(project, "drafts/new.md"))} == {"drafts/new.md"}
    assert run(project, "--force-exclude", "drafts/new.md").stdout == "[]\n"


def test_max_file_size(project: Path) -> None:
    write(project / "awesome-lint.toml", 'max-file-size = "100B"\n')
    done = run(project)
    assert done.returncode == 2
    assert "README.md: file is 270 bytes, above the 100-byte limit" in done.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('selct = ["AL1"]', "awesome-lint.toml: selct: unknown key; did you mean 'select'?"),
        (
            'select = ["list-numbring"]',
            "awesome-lint.toml: select: unknown rule 'list-numbring'; did you mean 'list-numbering'?",
        ),
        ('select = "AL1"', "awesome-lint.toml: select: Input should be an array of strings (got 'AL1')"),
        (
            'extend-select = ["AL2O2"]',
            "awesome-lint.toml: extend-select: unknown rule 'AL2O2'; did you mean 'AL202'?",
        ),
        ('exclude = "vendor"', "awesome-lint.toml: exclude: Input should be an array of strings (got 'vendor')"),
        ('per-file-ignores = ["x"]', "awesome-lint.toml: per-file-ignores: Input should be a table (got ['x'])"),
        (
            "[rules.insecure-url]\nallow = [1]",
            "awesome-lint.toml: rules.insecure-url.allow[0]: Input should be a string (got 1)",
        ),
        (
            'severity = { AL101 = "fatal" }',
            "awesome-lint.toml: severity.AL101: Input should be 'error', 'warning' or 'off' (got 'fatal')",
        ),
        (
            'severity = { nope = "off" }',
            "awesome-lint.toml: severity: unknown rule 'nope'; `awesome-lint rules` lists them",
        ),
        (
            'per-file-ignores = { "*.md" = ["AL2O2"] }',
            "awesome-lint.toml: per-file-ignores: unknown rule 'AL2O2'; did you mean 'AL202'?",
        ),
        (
            'max-file-size = "5XB"',
            "awesome-lint.toml: max-file-size: invalid size '5XB': use a number of bytes, or 500KB, 5MB, 1MiB",
        ),
        ("max-file-size = 0", "awesome-lint.toml: max-file-size: invalid size 0: it must be at least one byte"),
        (
            '[rules.list-numbering]\nstyle = "on"',
            "awesome-lint.toml: rules.list-numbering.style: "
            "Input should be 'one-or-ordered', 'one' or 'ordered' (got 'on')",
        ),
        (
            '[rules.list-numbering]\nscop = "document"',
            "awesome-lint.toml: rules.list-numbering.scop: unknown key; did you mean 'scope'?",
        ),
        (
            '[rules.duplicate-url]\nallow = "x"',
            "awesome-lint.toml: rules.duplicate-url.allow: Input should be an array of strings (got 'x')",
        ),
        (
            '[rules.list-numberin]\nstyle = "one"',
            "awesome-lint.toml: rules.list-numberin: unknown key; did you mean 'list-numbering'?",
        ),
    ],
)
def test_bad_configuration_exits_2_naming_file_and_key(project: Path, config: str, message: str) -> None:
    write(project / "awesome-lint.toml", config + "\n")
    done = run(project)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"awesome-lint: error: {message}\n")


def test_invalid_toml(project: Path) -> None:
    write(project / "awesome-lint.toml", "select = [\n")
    done = run(project)
    assert done.returncode == 2
    assert done.stderr.startswith("awesome-lint: error: awesome-lint.toml: invalid TOML: "), done.stderr
    assert "Traceback" not in done.stderr


def test_bad_pyproject_table_is_named(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.awesome-lint]\nignroe = ["AL1"]\n')
    done = run(project)
    assert done.returncode == 2
    assert (
        done.stderr
        == "awesome-lint: error: pyproject.toml: [tool.awesome-lint] ignroe: unknown key; did you mean 'ignore'?\n"
    )


def test_missing_config_file(project: Path) -> None:
    done = run(project, "--config", "nope.toml")
    assert (done.returncode, done.stderr) == (2, "awesome-lint: error: nope.toml: no such configuration file\n")


def test_config_option_given_a_directory(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "x.md", "# Title\n")
    (tmp_path / "somedir").mkdir()
    done = run("--config", "somedir", "x.md", real_rules=True)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "awesome-lint: error: somedir: is a directory; --config takes a file "
        "(pyproject.toml, awesome-lint.toml or .awesome-lint.toml)\n",
    )


def test_config_option_given_a_directory_with_a_configuration_in_it(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "x.md", "# Title\n")
    write(tmp_path / "somedir" / "awesome-lint.toml", 'select = ["AL1"]\n')
    done = run("--config", "somedir", "x.md", real_rules=True)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "awesome-lint: error: somedir: is a directory; --config takes a file "
        "(pyproject.toml, awesome-lint.toml or .awesome-lint.toml); did you mean --config somedir/awesome-lint.toml?\n",
    )


@pytest.mark.parametrize("name", ["awesome-lint.toml", ".awesome-lint.toml"])
def test_the_pyproject_table_in_our_own_file(project: Path, name: str) -> None:
    write(project / name, '[tool.awesome-lint]\nselect = ["AL1"]\n')
    done = run(project)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"awesome-lint: error: {name}: [tool.awesome-lint]: in {name} the keys go at the top level, "
        "without the [tool.awesome-lint] table (that table belongs in pyproject.toml)\n",
    )


def test_another_tool_table_in_our_own_file_is_an_unknown_key(project: Path) -> None:
    write(project / "awesome-lint.toml", "[tool.ruff]\nline-length = 100\n")
    done = run(project)
    assert (done.returncode, done.stderr) == (
        2,
        "awesome-lint: error: awesome-lint.toml: tool: unknown key; known keys: select, ignore, extend-select, "
        "per-file-ignores, exclude, severity, max-file-size, list-files, online, link-check, rules\n",
    )


SIZES = "a whole number of bytes, or a string such as '500KB', '5MB' or '1MiB'"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", f"invalid size true: a boolean is not a size; use {SIZES}"),
        ("false", f"invalid size false: a boolean is not a size; use {SIZES}"),
        ("1.5", f"invalid size 1.5: use {SIZES}"),
        ("[1024]", f"invalid size [1024]: use {SIZES}"),
        ("{ bytes = 1024 }", f"invalid size {{ bytes = 1024 }}: use {SIZES}"),
        ("2024-01-01", f"invalid size 2024-01-01: use {SIZES}"),
    ],
)
def test_max_file_size_of_the_wrong_type(project: Path, value: str, message: str) -> None:
    write(project / "awesome-lint.toml", f"max-file-size = {value}\n")
    done = run(project)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"awesome-lint: error: awesome-lint.toml: max-file-size: {message}\n",
    )


def test_max_file_size_as_a_whole_float(project: Path) -> None:
    write(project / "awesome-lint.toml", "max-file-size = 1e2\n")
    done = run(project)
    assert done.returncode == 2
    assert done.stderr.startswith("awesome-lint: error: README.md: file is 270 bytes, above the 100-byte limit")


def load_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> str:
    """The message of the ConfigError that awesome-lint.toml holding ``text`` gives."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "awesome-lint.toml", text)
    with pytest.raises(ConfigError) as raised:
        load(tmp_path / "awesome-lint.toml")
    return str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("select = 1", "select: Input should be an array of strings (got 1)"),
        ('select = ["AL1", 2]', "select[1]: Input should be a string (got 2)"),
        ("ignore = true", "ignore: Input should be an array of strings (got true)"),
        ("extend-select = { AL1 = true }", "extend-select: Input should be an array of strings (got { AL1 = true })"),
        ("exclude = [1979-05-27]", "exclude[0]: Input should be a string (got 1979-05-27)"),
        ("exclude = [[]]", "exclude[0]: Input should be a string (got [])"),
        (f'exclude = "{"x" * 70}"', "exclude: Input should be an array of strings (got a string)"),
        ('per-file-ignores = "x"', "per-file-ignores: Input should be a table (got 'x')"),
        (
            'per-file-ignores = { "docs/*.md" = "AL1" }',
            "per-file-ignores.'docs/*.md': Input should be an array of strings (got 'AL1')",
        ),
        (
            'per-file-ignores = { "docs/*.md" = [1.5] }',
            "per-file-ignores.'docs/*.md'[0]: Input should be a string (got 1.5)",
        ),
        ('severity = ["AL101"]', "severity: Input should be a table (got ['AL101'])"),
        ("severity = { AL101 = false }", "severity.AL101: Input should be 'error', 'warning' or 'off' (got false)"),
        (
            'severity = { AL101 = "it\'s" }',
            "severity.AL101: Input should be 'error', 'warning' or 'off' (got \"it's\")",
        ),
        ("rules = 1", "rules: Input should be a table (got 1)"),
        ('rules = { list-numbering = "one" }', "rules.list-numbering: Input should be a table (got 'one')"),
        (
            "[rules.list-numbering]\nstyle = 1",
            "rules.list-numbering.style: Input should be 'one-or-ordered', 'one' or 'ordered' (got 1)",
        ),
        (
            '[rules.list-numbering]\nscope = ["list"]',
            "rules.list-numbering.scope: Input should be 'list' or 'document' (got ['list'])",
        ),
        (
            "[rules.duplicate-url]\nallow = { a = 1 }",
            "rules.duplicate-url.allow: Input should be an array of strings (got { a = 1 })",
        ),
        (
            "[rules.duplicate-url]\nscope = true",
            "rules.duplicate-url.scope: Input should be 'main' or 'all' (got true)",
        ),
        ("[rules.insecure-url]\nallow = 80", "rules.insecure-url.allow: Input should be an array of strings (got 80)"),
        ("[rules.insecure-url]\nallow = [true]", "rules.insecure-url.allow[0]: Input should be a string (got true)"),
    ],
)
def test_wrong_types_are_named_in_toml_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    assert load_error(tmp_path, monkeypatch, text + "\n") == f"awesome-lint.toml: {message}"


def test_one_line_per_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'select = "AL1"\nexclude = [1, "ok", true]\nmax-file-size = 1.5\n'
    assert load_error(tmp_path, monkeypatch, text).splitlines() == [
        "awesome-lint.toml: select: Input should be an array of strings (got 'AL1')",
        "awesome-lint.toml: exclude[0]: Input should be a string (got 1)",
        "awesome-lint.toml: exclude[2]: Input should be a string (got true)",
        f"awesome-lint.toml: max-file-size: invalid size 1.5: use {SIZES}",
    ]


# Every top-level key and every rule option, so that a new one cannot bring back Python's words.
KEYS = [(key, "") for key in (f.alias or name for name, f in config_model().model_fields.items())] + [
    (option, rule.name) for rule in all_rules() for option in rule.Options.__dataclass_fields__
]
WRONG = ["'x'", "1", "1.5", "true", "1979-05-27", "07:32:00", "[1]", "[[]]", "{ a = 1 }"]
# Words of Python, outside quoted TOML strings and outside kebab-case names such as list-numbering.
PYTHON_WORDS = re.compile(
    r"(?<![\w-])(list|tuple|dict|dictionary|set|frozenset|instance|valid|int|str|float|bool|True|False|None|datetime)"
    r"(?![\w-])"
)


@pytest.mark.parametrize(("key", "rule"), KEYS, ids=[f"{rule}.{key}".lstrip(".") for key, rule in KEYS])
def test_every_wrong_type_reads_in_toml_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, rule: str
) -> None:
    where = f"rules.{rule}.{key}" if rule else key
    refused = 0
    for value in WRONG:
        text = f"[rules.{rule}]\n{key} = {value}\n" if rule else f"{key} = {value}\n"
        monkeypatch.chdir(tmp_path)
        write(tmp_path / "awesome-lint.toml", text)
        try:
            load(tmp_path / "awesome-lint.toml")
        except ConfigError as exc:
            refused += 1
            [line] = str(exc).splitlines()
            assert line.startswith(f"awesome-lint.toml: {where}"), line
            assert not PYTHON_WORDS.search(re.sub(r"'[^']*'", "", line)), line
    assert refused >= len(WRONG) - 2, f"{where}: most of these values are of the wrong type"


def test_show_settings(project: Path) -> None:
    write(project / "awesome-lint.toml", 'ignore = ["AL301"]\n[rules.list-numbering]\nscope = "document"\n')
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--show-settings", "README.md"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    shown = json.loads(done.stdout)
    assert shown["config-file"] == str(project / "awesome-lint.toml")
    assert shown["ignore"] == ["AL301"]
    assert shown["rules"]["list-numbering"] == {"style": "one-or-ordered", "scope": "document"}
    assert shown["rules-run"] == [c for c in shown["rules-run"] if c != "AL301"] and "AL101" in shown["rules-run"]


def test_the_committed_schema_is_current() -> None:
    committed = json.loads((REPO / "docs" / "config.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate it: awesome-lint config --schema > docs/config.schema.json"


def test_the_schema_describes_every_key() -> None:
    schema = json_schema()
    assert set(schema["properties"]) == {
        "select",
        "ignore",
        "extend-select",
        "per-file-ignores",
        "exclude",
        "severity",
        "max-file-size",
        "list-files",
        "online",
        "link-check",
        "rules",
    }
    assert schema["additionalProperties"] is False


def test_document_scope_numbering(tmp_path: Path) -> None:
    # Two lists: 1 2 3 (ordered) and 1 1 (one). Per list, both are fine; one style for the
    # document ("ordered": 1 change, against "one": 2) flags the second list's last item.
    write(tmp_path / "list.md", "1. a\n2. b\n3. c\n\ntext\n\n1. d\n1. e\n")
    write(tmp_path / "awesome-lint.toml", '[rules.list-numbering]\nscope = "document"\n')
    assert codes(run(tmp_path, "list.md")) == [("list.md", 8, "AL101", "error")]


def test_duplicate_scope_all(tmp_path: Path) -> None:
    text = (
        "See [Foo](https://foo.example) first.\n\n"
        "- [Foo](https://foo.example) - [docs](https://foo.example/docs), [home](https://foo.example).\n"
        "- [Bar](https://bar.example) - Like [Foo](https://foo.example).\n"
    )
    write(tmp_path / "list.md", text)
    assert codes(run(tmp_path, "list.md")) == []
    write(tmp_path / "awesome-lint.toml", '[rules.duplicate-url]\nscope = "all"\n')
    # The entry's own repeat (line 3, "home") does not count; the paragraph's and line 4's do.
    assert [(c[1], c[2]) for c in codes(run(tmp_path, "list.md"))] == [(3, "AL201"), (4, "AL201")]


def test_list_rules_check_only_the_list_files(tmp_path: Path) -> None:
    from awesome_lint.config import Settings
    from awesome_lint.files import is_list_file
    from awesome_lint.run.selection import build_linter

    assert Settings().list_files == ["readme.*"]
    names = [("README.md", True), ("readme.markdown", True), ("Readme.MD", True), ("CONTRIBUTING.md", False)]
    for name, expected in names:
        assert is_list_file(str(tmp_path / name), ["readme.*"], str(tmp_path)) is expected, name
    assert is_list_file(str(tmp_path / "docs" / "tools.md"), ["docs/*.md"], str(tmp_path))
    assert is_list_file("-", ["readme.*"])
    write(tmp_path / "awesome-lint.toml", 'list-files = ["lists/*.md"]\n')
    assert load(str(tmp_path / "awesome-lint.toml")).list_files == ["lists/*.md"]
    from awesome_lint.run import RunOptions

    linter = build_linter(Settings(root=str(tmp_path)), RunOptions())
    assert linter.list_files == ["readme.*"]
