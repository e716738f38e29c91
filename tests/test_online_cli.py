"""``--online`` on the command line: the install hint, the progress bar, pull-request mode, suppression
comments, HTTPS verified, all against servers on 127.0.0.1."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import command, command_env
from onlineutil import CERTIFICATE, FAST, Route, fake_dns, found, run_online, site


def cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in command_env(env).items() if "proxy" not in key.lower()}
    clean.pop("GITHUB_TOKEN", None)
    return subprocess.run(
        [*command(real_rules=True), *args], cwd=tmp_path, capture_output=True, text=True, env=clean, timeout=60
    )


def write_project(tmp_path: Path, readme: str, config: str = FAST) -> None:
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    (tmp_path / "awesome-lint.toml").write_text(config, encoding="utf-8")


def test_without_httpx_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    (blocker / "httpx").mkdir(parents=True)
    (blocker / "httpx" / "__init__.py").write_text("raise ImportError('No module named httpx')\n")
    write_project(tmp_path, "# A\n\n- [x](https://example.com/) - y.\n")
    env = {"PYTHONPATH": os.pathsep.join([str(blocker), command_env()["PYTHONPATH"]])}
    done = cli(tmp_path, "--online", "README.md", env=env)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "awesome-lint: error: online checks need httpx: pip install 'awesome-lint[online]'\n"
    offline = cli(tmp_path, "--select", "AL2", "README.md", env=env)  # offline, httpx is never imported
    assert offline.returncode == 0, offline.stderr


def test_online_findings_in_every_format(tmp_path: Path) -> None:
    with site({"/gone": Route(404)}) as server:
        write_project(tmp_path, f"# A\n\n- [x]({server.url('/gone')}) - y.\n")
        text = cli(tmp_path, "--online", "--no-cache", "--select", "AL5", "README.md")
        data = cli(tmp_path, "--online", "--no-cache", "--select", "AL5", "--output-format", "json", "README.md")
        github = cli(tmp_path, "--online", "--no-cache", "--select", "AL5", "--output-format", "github", "README.md")
        sarif = cli(tmp_path, "--online", "--no-cache", "--select", "AL5", "--output-format", "sarif", "README.md")
    message = f'dead link "{server.url("/gone")}": the server answers 404 Not Found'
    assert text.returncode == 1
    assert text.stdout.splitlines()[0] == f"README.md:3:7: error: AL501 [dead-link] {message}"
    assert [(item["code"], item["line"], item["column"]) for item in json.loads(data.stdout)] == [("AL501", 3, 7)]
    assert github.stdout == (
        f"::error file=README.md,line=3,endLine=3,col=7,endColumn={6 + len(server.url('/gone'))},"
        f"title=AL501 dead-link::{message}\n"
    )
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    assert (result["ruleId"], result["message"]["text"]) == ("AL501", message)


def test_unchecked_links_are_said_to_be_unchecked(tmp_path: Path) -> None:
    config = FAST.replace("timeout = 1", "timeout = 10") + "budget = 1\n"
    with site({"/slow": Route(404, delay=3)}) as server:
        write_project(tmp_path, f"# A\n\n- [x]({server.url('/slow')}) - y.\n", config)
        done = cli(tmp_path, "--online", "--select", "AL5", "README.md")
    assert done.returncode == 0
    assert done.stderr == (
        "awesome-lint: warning: 1 link was not checked (the time budget ran out): "
        "they are neither reported nor passed\n"
    )


def test_the_progress_bar_shows_on_a_terminal_only(tmp_path: Path) -> None:
    routes = {f"/p{i}": Route(200, delay=0.15) for i in range(6)}
    with site(routes) as server:
        readme = "# A\n\n" + "".join(f"- [x{i}]({server.url(path)}) - y.\n" for i, path in enumerate(routes))
        write_project(tmp_path, readme, FAST + "max-concurrency-per-host = 1\n")
        on_terminal = _stderr_on_a_terminal(tmp_path, "--online", "--no-cache", "--select", "AL5", "README.md")
        quiet = _stderr_on_a_terminal(tmp_path, "--online", "--no-cache", "--select", "AL5", "-q", "README.md")
        piped = cli(tmp_path, "--online", "--no-cache", "--select", "AL5", "README.md")
    assert "checking links [" in on_terminal and "6/6 · 0 failed" in on_terminal and "ETA" in on_terminal
    assert on_terminal.endswith("\r\x1b[2K")  # cleared before the report
    assert "checking links" not in quiet
    assert piped.stderr == ""


def _stderr_on_a_terminal(tmp_path: Path, *args: str) -> str:
    leader, follower = pty.openpty()
    env = {key: value for key, value in command_env().items() if "proxy" not in key.lower()}
    with subprocess.Popen(
        [*command(real_rules=True), *args], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=follower, env=env
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_the_progress_bar_draws_counts_and_an_eta() -> None:
    from awesome_lint.cli.progress import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.started -= 10  # ten seconds in
    bar(5, 10, 1)
    bar(6, 10, 1)  # within a tenth of a second: not drawn
    bar(10, 10, 2)  # the last: always drawn
    bar.close()
    assert stream.getvalue() == (
        "\r\x1b[2Kchecking links [############············] 5/10 · 1 failed · ETA 0:10"
        "\r\x1b[2Kchecking links [########################] 10/10 · 2 failed"
        "\r\x1b[2K"
    )


def test_pull_request_mode_checks_only_the_links_on_changed_lines(tmp_path: Path, monkeypatch: Any) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    with site({"/old": Route(404), "/new": Route(404)}) as server:
        git("init", "-q", "-b", "main")
        git("config", "user.email", "t@example.com")
        git("config", "user.name", "T")
        readme = f"# A\n\n- [Old]({server.url('/old')}) - y.\n"
        (tmp_path / "README.md").write_text(readme, encoding="utf-8")
        (tmp_path / "awesome-lint.toml").write_text("online = true\n" + FAST, encoding="utf-8")
        git("add", ".")
        git("commit", "-qm", "base")
        git("checkout", "-qb", "feature")
        readme += f"- [New]({server.url('/new')}) - z.\n"
        result = run_online(tmp_path, monkeypatch, readme, diff_base="main")
    assert found(result) == [(4, 9, "AL501", f'dead link "{server.url("/new")}": the server answers 404 Not Found')]
    assert server.requests_for("/old") == []


def test_a_suppression_comment_silences_one_link(tmp_path: Path, monkeypatch: Any) -> None:
    with site({"/gone": Route(404), "/also": Route(404)}) as server:
        readme = (
            "# A\n\n<!-- awesome-lint-disable-next-line dead-link -->\n"
            f"- [x]({server.url('/gone')}) - y.\n- [z]({server.url('/also')}) - w.\n"
        )
        result = run_online(tmp_path, monkeypatch, readme, select=["AL5", "AL0"])
    assert [(line, code) for line, _, code, _ in found(result)] == [(5, "AL501")]


def test_https_verified_makes_the_fix_safe(tmp_path: Path, monkeypatch: Any) -> None:
    fake_dns(monkeypatch)
    monkeypatch.setenv("SSL_CERT_FILE", str(CERTIFICATE))
    with site({"/page": Route(200)}, both=True) as server:
        url = f"http://site.test:{server.port}/page"
        readme = f"# A\n\n- [x]({url}) - y.\n"
        result = run_online(tmp_path, monkeypatch, readme, select=["AL202"])
        assert found(result) == [(3, 7, "AL202", f'insecure URL "{url}": use https:// (HTTPS verified)')]
        assert result.results[0].findings[0].fix.applicability.value == "safe"
        fixed = run_online(tmp_path, monkeypatch, readme, select=["AL202"], fix=True)
    assert fixed.results[0].fixed == ["AL202"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == readme.replace("http://", "https://")


def test_https_that_fails_is_said_and_not_fixed(tmp_path: Path, monkeypatch: Any) -> None:
    fake_dns(monkeypatch)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)  # the certificate is not trusted
    with site({"/page": Route(200)}, both=True) as server:
        url = f"http://site.test:{server.port}/page"
        result = run_online(tmp_path, monkeypatch, f"# A\n\n- [x]({url}) - y.\n", select=["AL202"])
    ((line, column, code, message),) = found(result)
    assert (line, column, code) == (3, 7, "AL202")
    assert message == (
        f'insecure URL "{url}": https:// was tried and failed: the TLS certificate of site.test:{server.port} '
        "is not valid: self-signed certificate"
    )
    assert result.results[0].findings[0].fix is None


def test_online_is_a_python_module_away_from_the_rules() -> None:
    """An offline run imports neither httpx nor the checker."""
    code = (
        "import sys; from awesome_lint.engine import Linter; "
        "Linter().lint_text('[a](https://example.com/)\\n', 'README.md'); "
        "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'awesome_lint.online.checking', 'asyncio'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=command_env(), check=True)
    assert done.stdout == "[]\n"
