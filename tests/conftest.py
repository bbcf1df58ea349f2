"""Shared fixtures: the real site built once per session, served on localhost, and Chromium.

Hypothesis runs with a fixed seed (profile `ci`, the default), so a red test suite means a
real regression, never an unlucky draw. It first replays the examples kept in
tests/.hypothesis-db (committed), then the seeded ones. To search for new failing inputs, run
`HYPOTHESIS_PROFILE=explore python -m pytest ...`: random seeds, and every failure found is
saved into tests/.hypothesis-db; commit it (and pin the case with @example in the test).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, is_hypothesis_test, seed, settings
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

from glossary.project import Project
from glossary.site import BuildReport, build

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
EXAMPLES = DirectoryBasedExampleDatabase(ROOT / "tests" / ".hypothesis-db")
HYPOTHESIS_SEED = 20261202
# No deadline and no too_slow health check: both are timings, and the machine running the
# tests may be busy (timings belong in benchmarks/).
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("ci", database=ReadOnlyDatabase(EXAMPLES), **_UNTIMED)
settings.register_profile("explore", database=EXAMPLES, **_UNTIMED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In the ci profile every property test draws from the same seed, run after run."""
    if settings.get_current_profile_name() != "ci":
        return
    for item in items:
        test = getattr(item, "obj", None)
        if test is not None and is_hypothesis_test(test):
            seed(HYPOTHESIS_SEED)(test)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, project: Project) -> BuildReport:
    """The real site, built by the real MkDocs from this repository's sources."""
    return build(project, out=tmp_path_factory.mktemp("built") / "site")


@pytest.fixture(scope="session")
def site_dir(built: BuildReport) -> Path:
    return built.site


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on a free localhost port."""
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):  # type: ignore[no-untyped-def]
    """A fresh browser context (empty storage) that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda req: pg.requests.append(req.url))
    yield pg
    context.close()


def shot(pg, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a screenshot as a test artifact (test-artifacts/NAME.png) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path


def answer(page, right: bool) -> None:  # type: ignore[no-untyped-def]
    """Answer the quiz question on screen (rightly or not), then go on; a Page or a Frame."""
    data = page.evaluate("window.glossaryWidgets.data")
    state = page.evaluate("JSON.parse(localStorage.getItem('glossary-quiz'))")
    correct = next(s["stage"] for s in data["scenarios"] if s["id"] == state["order"][state["index"]])
    choice = correct if right else next(s["id"] for s in data["rules"]["stages"] if s["id"] != correct)
    page.check(f"#stage-{choice}")
    page.click(".quiz-action")
    page.click(".quiz-action")


@pytest.fixture
def tmp_project(tmp_path: Path) -> Project:
    """A copy of this project's sources to change or break on purpose."""
    root = tmp_path / "proj"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "locales", root / "locales")
    return Project(root)


def with_edit_links(project: Project) -> None:
    """Turn on Material's "edit this page" with a repository, in the project's mkdocs.yml."""
    settings = project.mkdocs_yml.read_text(encoding="utf-8")
    settings = settings.replace("  features:\n", "  features:\n    - content.action.edit\n")
    settings += "repo_url: https://git.example.org/acme/glossary\nedit_uri: edit/main/docs/\n"
    project.mkdocs_yml.write_text(settings, encoding="utf-8")


def glossary(cwd: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess; a hang is a failure, not a stuck test run."""
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
