"""No traceback, ever: broken projects get one located line and exit 2; a bug gets exit 3."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from conftest import glossary as run
from glossary import __version__, cli

TIMEOUT = 120  # seconds a command may take on a broken project before it counts as a hang


def copy_project(dest: Path) -> Path:
    """A copy of this repository's sources, to break."""
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, dest / name, symlinks=True)
    return dest


def glossary(project: Path, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return run(project, *args, timeout=timeout)


def assert_located(result: subprocess.CompletedProcess[str], where: str, says: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("error: "))
    assert re.match(rf"error: {re.escape(where)}(:\d+)?: ", line), line
    assert says in line, line


def test_an_unexpected_exception_is_an_internal_error_with_exit_3(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from glossary import catalogs

    def broken(project: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(catalogs, "stats", broken)
    result = CliRunner().invoke(cli.main, ["stats"])
    assert result.exit_code == 3
    assert f"error: internal error in glossary {__version__}: KeyError: 'oops'" in result.output
    assert "report" in result.output and "GLOSSARY_DEBUG=1" in result.output


def test_a_usage_error_stays_clicks_own(tmp_path: Path) -> None:
    result = glossary(tmp_path, "classify")
    assert result.returncode == 2 and "Missing argument" in result.stderr


@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_page_saved_as_utf16_says_so(tmp_path: Path, command: str) -> None:
    project = copy_project(tmp_path)
    page = project / "docs" / "lead.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("utf-16"))
    assert_located(glossary(project, command), "docs/lead.md:1", "UTF-16 (little-endian)")


def test_invalid_utf8_says_where_and_what_it_looks_like(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    page = project / "docs" / "lead.md"
    lines = page.read_bytes().count(b"\n")
    page.write_bytes(page.read_bytes() + "café\n".encode("cp1252"))
    result = glossary(project, "extract")
    assert_located(result, f"docs/lead.md:{lines + 1}", "not valid UTF-8: byte 0xe9")
    assert "Windows-1252" in result.stderr


def test_a_locale_with_a_region_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert glossary(project, "init", "fr_FR").returncode == 0
    result = glossary(project, "build")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "fr_FR" / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr-FR"' in html  # the locale's language tag; Material's labels are its French ones


def test_a_broken_plural_expression_is_located(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    po = project / "locales" / "es" / "LC_MESSAGES" / "ui.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r"plural=[^;]*;", "plural=(n != ;", text, count=1), encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "Plural-Forms" in ln)
    for command in ("build", "stats"):
        assert_located(
            glossary(project, command), f"locales/es/LC_MESSAGES/ui.po:{line}", "plural expression"
        )


@pytest.mark.parametrize(
    ("make", "name", "says"),
    [
        (lambda d: os.symlink("loop.md", d / "loop.md"), "loop.md", "symlink loop"),
        (lambda d: os.symlink("nowhere.md", d / "gone.md"), "gone.md", "which does not exist"),
        (lambda d: (d / "x.md").mkdir(), "x.md", "is a folder"),
        (lambda d: os.symlink("/etc/hostname", d / "out.md"), "out.md", "outside the project"),
        (lambda d: os.symlink("..", d / "up"), "up", "symlink to a folder"),
        (lambda d: os.mkfifo(d / "pipe.md"), "pipe.md", "named pipe"),
    ],
    ids=["loop", "dangling", "folder", "outside", "folder-link", "fifo"],
)
@pytest.mark.parametrize("command", ["build", "extract"])
def test_odd_files_under_docs_are_located(tmp_path: Path, make, name: str, says: str, command: str) -> None:  # type: ignore[no-untyped-def]
    project = copy_project(tmp_path)
    make(project / "docs")
    assert_located(glossary(project, command), f"docs/{name}", says)


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("deep.json", '{"facts":\n' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 100"),
        ("deep.yaml", "facts: " + "[" * 100_000 + "]" * 100_000, "nested more than 100"),
        ("big.json", '{"facts": {"need": ' + "9" * 5000 + "}}", "5,000 digits"),
        ("big.yaml", "facts:\n  need: " + "9" * 5000, "5,000 digits"),
    ],
)
def test_classify_refuses_deep_or_huge_prospects(tmp_path: Path, name: str, text: str, says: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = glossary(ROOT, "classify", str(tmp_path / name))
    assert_located(result, str(tmp_path / name), says)
