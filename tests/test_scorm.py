"""The SCORM 1.2 package: its manifest, and a round of the quiz taken in Chromium inside an LMS.

The LMS side is scorm-again (npm), the SCORM runtime LMSs embed: the test page holds its
SCORM 1.2 API in the parent window, launches the package in a frame, and records what the
course tells it.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ROOT, answer
from glossary.project import Project
from glossary.scorm import ADLCP, IMSCP, file_links, pass_mark, write_package

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
NS = {"cp": IMSCP, "adlcp": ADLCP}

# The LMS: scorm-again's API on window.API, every call the course makes recorded.
LMS_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="scorm12.min.js"></script></head>
<body>
<iframe id="course" style="width:1200px;height:850px"></iframe>
<script>
window.calls = [];
window.start = function (saved) {
  var api = new Scorm12API({ logLevel: 5 });
  if (saved) api.loadFromJSON(saved);
  ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
    api.on(name, function () { calls.push([name]); });
  });
  api.on("LMSSetValue.cmi.*", function (element, value) { calls.push(["LMSSetValue", element, value]); });
  window.API = api;
  document.getElementById("course").src = "course/launch.html";
};
window.stop = function () { document.getElementById("course").src = "about:blank"; };
</script>
</body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    path = tmp_path_factory.mktemp("scorm") / "course-he.zip"
    write_package(project, "he", path)
    return path


@pytest.fixture(scope="module")
def lms_url(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The LMS page with the package unpacked beside it, served on a free localhost port."""
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "course")
    shutil.copy(SCORM_AGAIN, root / "scorm12.min.js")
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# --- the package ----------------------------------------------------------------------------


def test_manifest_is_scorm_12_with_one_sco_listing_every_file(package: Path, project: Project) -> None:
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    assert root.tag == f"{{{IMSCP}}}manifest"
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    orgs = root.find("cp:organizations", NS)
    org = orgs.find(f"cp:organization[@identifier='{orgs.get('default')}']", NS)
    assert org.findtext("cp:title", namespaces=NS) == "ליד או הזדמנות?"
    (item,) = org.findall("cp:item", NS)
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == str(pass_mark(project))
    (resource,) = root.findall(f"cp:resources/cp:resource[@identifier='{item.get('identifierref')}']", NS)
    assert resource.get(f"{{{ADLCP}}}scormtype") == "sco"
    assert resource.get("href") == "launch.html"
    listed = {f.get("href") for f in resource.findall("cp:file", NS)}
    assert listed == names - {"imsmanifest.xml"}
    assert {"launch.html", "he/index.html", "he/quiz/index.html", "he/assets/lms.js"} <= listed


def test_pages_link_to_files_not_folders(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        quiz = archive.read("he/quiz/index.html").decode("utf-8")
    assert 'href="../lead/index.html"' in quiz
    assert not re.findall(r'href="(?![a-z]+:)[^"#?]*/"', quiz)


def test_folder_links_become_index_files_and_others_stay() -> None:
    page = '<a href="../lead/#x"></a><a href=".."></a><a href="https://x.org/a/"></a><a href="#top"></a>'
    assert file_links(page) == (
        '<a href="../lead/index.html#x"></a><a href="../index.html"></a>'
        '<a href="https://x.org/a/"></a><a href="#top"></a>'
    )


def test_export_command_writes_a_package_and_keeps_an_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "course-es.zip"
    target.write_bytes(b"older")
    result = CliRunner().invoke(
        main_cli(), ["export", "--format", "scorm12", "--lang", "es", "-o", str(target)]
    )
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_bytes() == b"older"


def main_cli() -> Any:
    from glossary.cli import main

    return main


# --- in an LMS ------------------------------------------------------------------------------


def sco(page: Any) -> Any:
    """The frame the launch page shows the site in, once it is loaded."""
    page.wait_for_function(
        "() => { const f = document.getElementById('course').contentDocument;"
        " const s = f && f.getElementById('glossary-sco');"
        " return s && s.contentDocument && s.contentDocument.URL.includes('/course/')"
        " && s.contentDocument.readyState === 'complete'; }"
    )
    return next(f for f in page.frames if f.parent_frame and f.parent_frame.url.endswith("/launch.html"))


def set_values(page: Any) -> list[tuple[str, str]]:
    return [(c[1], c[2]) for c in page.evaluate("window.calls") if c[0] == "LMSSetValue"]


def test_a_round_in_an_lms_reports_score_status_time_and_resumes(browser: Any, lms_url: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{lms_url}/lms.html")
    page.evaluate("window.start(null)")
    frame = sco(page)
    assert frame.url.endswith("/course/he/index.html")
    frame.goto(f"{lms_url}/course/he/quiz/index.html")  # the learner opens the quiz
    frame = sco(page)
    frame.select_option("#quiz-count", "5")
    answer(frame, right=True)
    answer(frame, right=True)
    first = page.evaluate("window.calls")
    assert first[0] == ["LMSInitialize"]
    values = set_values(page)
    assert ("cmi.core.lesson_status", "incomplete") in values
    suspended = [v for k, v in values if k == "cmi.suspend_data"]
    assert '"index":2' in suspended[-1]
    # the learner closes the course: session time, exit "suspend", LMSFinish
    page.evaluate("window.stop()")
    page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
    values = set_values(page)
    times = [v for k, v in values if k == "cmi.core.session_time"]
    assert times and all(re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", t) for t in times)
    assert ("cmi.core.exit", "suspend") in values
    assert page.evaluate("API.cmi.core.lesson_status") == "incomplete"
    saved = page.evaluate(
        "({core: {lesson_status: API.cmi.core.lesson_status, entry: 'resume'}, suspend_data: API.cmi.suspend_data})"
    )

    # relaunched the next day (a fresh browser): the LMS gives back the suspend data
    page.evaluate("localStorage.clear(); window.calls = []")
    page.evaluate("saved => window.start(saved)", saved)
    frame = sco(page)
    frame.goto(f"{lms_url}/course/he/quiz/index.html")
    frame = sco(page)
    assert "3" in frame.inner_text(".quiz-progress")  # question 3 of 5
    answer(frame, right=True)
    answer(frame, right=True)
    answer(frame, right=False)  # 4 of 5: 80%, the pass mark
    assert frame.is_visible(".quiz-score")
    values = set_values(page)
    assert ("cmi.core.score.raw", "80") in values
    assert ("cmi.core.score.min", "0") in values
    assert ("cmi.core.score.max", "100") in values
    assert values.index(("cmi.core.lesson_status", "passed")) > values.index(("cmi.core.score.raw", "80"))
    page.evaluate("window.stop()")
    page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
    assert page.evaluate("API.cmi.core.lesson_status") == "passed"
    exits = [v for k, v in set_values(page) if k == "cmi.core.exit"]
    assert exits[-1] == ""  # finished: nothing to resume
    assert not errors
    context.close()


def test_a_mastery_score_from_the_lms_wins_over_the_pass_mark(browser: Any, lms_url: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.goto(f"{lms_url}/lms.html")
    page.evaluate("window.start({student_data: {mastery_score: '100'}})")
    sco(page).goto(f"{lms_url}/course/he/quiz/index.html")
    frame = sco(page)
    frame.select_option("#quiz-count", "5")
    for right in (True, True, True, True, False):
        answer(frame, right)
    assert ("cmi.core.lesson_status", "failed") in set_values(page)
    context.close()


def test_outside_an_lms_the_launch_page_shows_the_site_and_reports_nothing(
    browser: Any, lms_url: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{lms_url}/course/launch.html")
    frame = sco_of_launch(page)
    frame.goto(f"{lms_url}/course/he/quiz/index.html")
    frame = sco_of_launch(page)
    frame.select_option("#quiz-count", "5")
    answer(frame, right=True)
    assert frame.evaluate("typeof window.glossaryScormSession") == "undefined"
    assert not errors
    context.close()


def sco_of_launch(page: Any) -> Any:
    page.wait_for_function(
        "() => { const s = document.getElementById('glossary-sco');"
        " return s && s.contentDocument && s.contentDocument.URL.includes('/course/')"
        " && s.contentDocument.readyState === 'complete'; }"
    )
    return next(f for f in page.frames if f.parent_frame == page.main_frame)
