"""xAPI learning records in Chromium: statements reach an LRS, none lost while offline or down.

Most tests use a small LRS run by the test on a loopback port: it stores statements PUT with
their id (the xAPI statement resource), answers a cmi5 fetch URL with a token, and can be
switched down (503). The last one uses Ralph (ralph-malph), a real LRS, stopped mid-round
and started again.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import bcrypt
import pytest

from conftest import answer
from glossary.project import Project
from glossary.site import build

TOKEN = "dGVzdGVyOnNlY3JldA=="
QUEUE = "JSON.parse(localStorage.getItem('glossary-xapi-queue') || '[]')"


class LRS:
    """Statements by id, every PUT attempt, and a switch to make it fail."""

    def __init__(self) -> None:
        self.statements: dict[str, dict[str, Any]] = {}
        self.puts: Counter[str] = Counter()  # PUTs per statement id while the LRS was up
        self.auth: list[str] = []
        self.fetches = 0
        self.down = False
        self.lock = threading.Lock()

    def verbs(self) -> list[str]:
        with self.lock:
            return [s["verb"]["id"].rsplit("/", 1)[1] for s in self.statements.values()]

    def of(self, verb: str) -> list[dict[str, Any]]:
        with self.lock:
            return [s for s in self.statements.values() if s["verb"]["id"].endswith("/" + verb)]


class _Handler(BaseHTTPRequestHandler):
    lrs: LRS

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers", "Content-Type, Authorization, X-Experience-API-Version"
        )
        self.send_header("Content-Length", str(len(body)))
        if body:
            self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self._reply(204)

    def do_POST(self) -> None:  # the cmi5 fetch URL
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.lrs.lock:
            self.lrs.fetches += 1
        self._reply(200, json.dumps({"auth-token": TOKEN}).encode())

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        if self.lrs.down:
            return self._reply(503)
        if url.path != "/xapi/statements" or self.headers.get("X-Experience-API-Version") != "1.0.3":
            return self._reply(400)
        statement_id = parse_qs(url.query)["statementId"][0]
        statement = json.loads(body)
        assert statement["id"] == statement_id
        with self.lrs.lock:
            self.lrs.puts[statement_id] += 1
            self.lrs.auth.append(self.headers.get("Authorization") or "")
            if statement_id in self.lrs.statements:
                return self._reply(204 if self.lrs.statements[statement_id] == statement else 409)
            self.lrs.statements[statement_id] = statement
        self._reply(204)


class _Static(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def lrs() -> Iterator[tuple[LRS, str]]:
    store = LRS()
    handler = type("Handler", (_Handler,), {"lrs": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield store, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def all_sent(page: Any) -> None:
    page.wait_for_function(f"() => {QUEUE}.length === 0")


def build_with(folder: Path, project: Project, xapi: str) -> Path:
    """The site built from a copy of the project whose mkdocs.yml has these extra.lms.xapi lines."""
    copy = folder / "project"
    copy.mkdir(parents=True)
    for name in ("docs", "locales"):
        shutil.copytree(project.root / name, copy / name)
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  lms:\n" in text
    (copy / "mkdocs.yml").write_text(
        text.replace("  lms:\n", f"  lms:\n    xapi:\n{xapi}", 1), encoding="utf-8"
    )
    return build(Project(copy), out=folder / "site").site


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Static, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def launch_url(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Iterator[str]:
    """The site built to accept cmi5 launches naming an LRS on this machine, served."""
    site = build_with(
        tmp_path_factory.mktemp("cmi5"), project, '      cmi5_endpoints: ["http://127.0.0.1:"]\n'
    )
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture
def configured_site(tmp_path: Path, project: Project, lrs: Any) -> Path:
    """The site built with an LRS in mkdocs.yml."""
    _, url = lrs
    return build_with(tmp_path, project, f"      endpoint: {url}/xapi/\n      auth: Basic {TOKEN}\n")


def test_a_cmi5_launch_sends_answers_round_checker_and_pages(context: Any, launch_url: str, lrs: Any) -> None:
    base_url = launch_url
    store, url = lrs
    registration = str(uuid.uuid4())
    actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "new-hire-7"}}
    query = (
        f"endpoint={quote(url + '/xapi/')}&fetch={quote(url + '/fetch')}"
        f"&actor={quote(json.dumps(actor))}&registration={registration}"
        f"&activityId={quote('https://training.example/glossary')}"
    )
    page = context.new_page()
    page.goto(f"{base_url}/he/quiz/?{query}")
    page.select_option("#quiz-count", "5")
    for right in (True, True, True, True, False):
        answer(page, right)
    all_sent(page)
    answered = store.of("answered")
    assert len(answered) == 5
    for s in answered:
        assert s["actor"] == actor
        assert s["context"]["language"] == "he"
        assert s["context"]["registration"] == registration
        assert s["object"]["id"].startswith("https://training.example/glossary/quiz/")
        correct = s["object"]["definition"]["correctResponsesPattern"][0]
        assert s["context"]["extensions"]["https://w3id.org/xapi/glossary/correct-stage"] == correct
        assert s["result"]["success"] == (s["result"]["response"] == correct)
    assert sum(s["result"]["success"] for s in answered) == 4
    (passed,) = store.of("passed")  # 4 of 5 is 80%, the pass mark
    assert passed["result"]["score"] == {"scaled": 0.8, "raw": 4, "min": 0, "max": 5}
    assert passed["result"]["success"] is True
    # the next page of the session: same learner and token, no second fetch
    page.goto(f"{base_url}/he/checker/")
    page.check("#fact-need-yes")
    all_sent(page)
    (checked,) = store.of("interacted")
    assert checked["result"]["response"] == "need=true"
    pages = [s["object"]["id"] for s in store.of("experienced")]
    assert sorted(pages) == [f"{base_url}/he/checker/", f"{base_url}/he/quiz/"]
    assert store.fetches == 1
    assert set(store.auth) == {f"Basic {TOKEN}"}
    assert set(store.puts.values()) == {1}


def test_offline_and_lrs_outage_lose_nothing_and_send_nothing_twice(
    context: Any, launch_url: str, lrs: Any
) -> None:
    base_url = launch_url
    store, url = lrs
    actor = {"objectType": "Agent", "mbox": "mailto:new.hire@example.com"}
    page = context.new_page()
    page.goto(f"{base_url}/es/quiz/?endpoint={quote(url + '/xapi/')}&actor={quote(json.dumps(actor))}")
    all_sent(page)
    assert store.verbs() == ["experienced"]
    page.select_option("#quiz-count", "5")
    # offline: answers wait in the browser, with a quiet notice; the quiz goes on
    context.set_offline(True)
    answer(page, True)
    answer(page, False)
    assert len(page.evaluate(QUEUE)) == 2
    assert page.is_visible("#glossary-xapi-notice")
    assert "conexión" in page.inner_text("#glossary-xapi-notice")
    assert page.is_visible(".scenario-title")
    context.set_offline(False)  # back online: the queue is sent
    all_sent(page)
    assert store.verbs().count("answered") == 2
    assert not page.is_visible("#glossary-xapi-notice")
    # the LRS goes down mid-round, then comes back; the next page sends what waited
    store.down = True
    answer(page, True)
    answer(page, True)
    page.wait_for_selector("#glossary-xapi-notice")
    waiting = [s["id"] for s in page.evaluate(QUEUE)]
    assert len(waiting) == 2
    store.down = False
    page.reload()
    all_sent(page)
    assert set(waiting) <= set(store.statements)
    assert store.verbs().count("answered") == 4
    assert set(store.puts.values()) == {1}  # every statement reached the LRS once


def test_an_lrs_in_mkdocs_yml_gets_pages_from_an_anonymous_learner(
    context: Any, configured_site: Path, lrs: Any
) -> None:
    store, _ = lrs
    server, site = serve(configured_site)
    try:
        page = context.new_page()
        page.goto(f"{site}/en/lead/")
        all_sent(page)
        page.goto(f"{site}/en/")
        all_sent(page)
    finally:
        server.shutdown()
    first, second = store.of("experienced")
    assert first["actor"] == second["actor"]
    assert first["actor"]["account"]["homePage"] == f"{site}/"
    assert {first["object"]["id"], second["object"]["id"]} == {f"{site}/en/lead/", f"{site}/en/"}
    assert set(store.auth) == {f"Basic {TOKEN}"}


# --- against Ralph, a real LRS ---------------------------------------------------------------


# Ralph 5.1's file-system backend writes with operation type CREATE by default, so every
# write after the first fails ("fs_lrs.jsonl already exists"); its writes here append.
RALPH_SERVER = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


class Ralph:
    """Ralph LRS (ralph-malph) with its file-system backend, run by uvicorn on a loopback port."""

    def __init__(self, folder: Path, origin: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        (folder / "data").mkdir(parents=True)
        user = {
            "agent": {
                "objectType": "Agent",
                "account": {"homePage": "https://lms.example", "name": "tester"},
            },
            "scopes": ["all"],
            "hash": bcrypt.hashpw(b"secret", bcrypt.gensalt(4)).decode(),
            "username": "tester",
        }
        (folder / "auth.json").write_text(json.dumps([user]), encoding="utf-8")
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([origin]),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", RALPH_SERVER, str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):  # until it answers (it takes seconds to import on a busy machine)
            assert self.process.poll() is None, "Ralph exited"
            try:
                with urllib.request.urlopen(f"{self.url}/__heartbeat__", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("Ralph did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def statements(self) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.url}/xAPI/statements?limit=500",
            headers={"Authorization": f"Basic {TOKEN}", "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return list(json.load(response)["statements"])


@pytest.fixture
def ralph(tmp_path: Path, launch_url: str) -> Iterator[Ralph]:
    lrs = Ralph(tmp_path / "ralph", launch_url)
    lrs.start()
    yield lrs
    lrs.stop()


def test_statements_reach_ralph_and_none_are_lost_while_it_is_down(
    context: Any, launch_url: str, lrs: Any, ralph: Ralph
) -> None:
    base_url = launch_url
    _, lms = lrs  # the LMS side of the cmi5 launch: its fetch URL gives the LRS credentials
    actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "new-hire-9"}}
    query = f"endpoint={quote(ralph.url + '/xAPI/')}&fetch={quote(lms + '/fetch')}&actor={quote(json.dumps(actor))}"
    page = context.new_page()
    page.goto(f"{base_url}/es/quiz/?{query}")
    page.select_option("#quiz-count", "5")
    answer(page, True)
    answer(page, False)
    all_sent(page)
    ralph.stop()  # the LRS goes down mid-round
    answer(page, True)
    answer(page, True)
    page.wait_for_selector("#glossary-xapi-notice")
    waiting = {s["id"] for s in page.evaluate(QUEUE)}
    assert len(waiting) == 2
    ralph.start()
    page.reload()  # the next page the learner opens sends what waited
    all_sent(page)
    stored = ralph.statements()
    ids = [s["id"] for s in stored]
    assert len(ids) == len(set(ids))
    assert waiting <= set(ids)
    answered = [s for s in stored if s["verb"]["id"].endswith("/answered")]
    assert len(answered) == 4
    assert all(s["actor"] == actor and s["context"]["language"] == "es" for s in answered)
    assert sorted(s["result"]["success"] for s in answered) == [False, True, True, True]


def test_a_launch_url_naming_an_lrs_mkdocs_yml_does_not_list_is_ignored(
    context: Any, base_url: str, lrs: Any
) -> None:
    store, url = lrs
    actor = {"objectType": "Agent", "mbox": "mailto:someone@example.com"}
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base_url}/en/quiz/?endpoint={quote(url + '/xapi/')}&actor={quote(json.dumps(actor))}")
    page.select_option("#quiz-count", "5")
    answer(page, True)
    assert not [r for r in requests if r.startswith(url)]
    assert page.evaluate("localStorage.getItem('glossary-xapi-queue')") is None
    assert not store.statements
