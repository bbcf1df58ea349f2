"""The package as a user gets it: built into a wheel (through the sdist), installed into a fresh
virtual environment (no editable install, no source tree on the path), then used on a copy of
this project.

Two environments: one with only `sales-glossary` (what a linter such as the pre-commit hook
installs) and one with `sales-glossary[site]` (what builds the site). pip takes the
dependencies from the configured package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "glossary"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and a wheel built from it, as `python -m build` makes them for a release."""
    out = tmp_path_factory.mktemp("dist")
    ok(run(sys.executable, "-m", "build", "--outdir", out, ROOT))
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob("sales_glossary-*.whl")
    return found


def venv(folder: Path, *requirements: str) -> Path:
    """A fresh virtual environment with requirements installed by pip; its bin/ folder."""
    ok(run(sys.executable, "-m", "venv", folder))
    ok(run(folder / "bin" / "python", "-m", "pip", "install", "--quiet", *requirements))
    return folder / "bin"


@pytest.fixture(scope="module")
def lint_bin(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    return venv(tmp_path_factory.mktemp("lint") / "venv", str(wheel))


@pytest.fixture(scope="module")
def site_bin(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    return venv(tmp_path_factory.mktemp("site") / "venv", f"{wheel}[site]")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of this project's sources, without the code: what a user's repository holds."""
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, root / name)
    return root


def test_the_wheel_and_the_sdist_carry_every_file_of_the_package(dist: Path, wheel: Path) -> None:
    tracked = ok(run("git", "ls-files", "src/glossary", cwd=ROOT)).stdout.split()
    files = {path.removeprefix("src/") for path in tracked}
    assert "glossary/overrides/main.html" in files
    with zipfile.ZipFile(wheel) as whl:
        in_wheel = set(whl.namelist())
    assert files <= in_wheel, sorted(files - in_wheel)
    (sdist,) = dist.glob("sales_glossary-*.tar.gz")
    listing = ok(run("tar", "tzf", sdist)).stdout.split()
    in_sdist = {name.split("/", 1)[1] for name in listing if "/" in name}
    assert {f"src/{path}" for path in files} <= in_sdist
    assert "LICENSE" in in_sdist


def test_the_distribution_has_its_own_name_and_a_licence(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
        metadata = whl.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Name: sales-glossary\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "[console_scripts]\nglossary = glossary.cli:main" in zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))
    ).decode().replace("\r", "")


def test_the_installed_wheel_builds_checks_and_exports_a_project(site_bin: Path, project_copy: Path) -> None:
    where = ok(run(site_bin / "python", "-c", "import glossary; print(glossary.__file__)", cwd=project_copy))
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout
    build = ok(run(site_bin / "glossary", "build", cwd=project_copy))
    assert "built en, es, he" in build.stdout
    site = project_copy / "site"
    for lang in ("en", "es", "he"):
        assert (site / lang / "lead" / "index.html").is_file()
        assert (site / lang / "assets" / "glossary.css").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert 'dir="rtl"' in (site / "he" / "index.html").read_text(encoding="utf-8")
    ok(run(site_bin / "glossary", "check", cwd=project_copy))
    ok(run(site_bin / "glossary", "check", "--site", site, cwd=project_copy))
    quiz = ok(run(site_bin / "glossary", "quiz", "--help", cwd=project_copy))
    assert "--bidi" in quiz.stdout
    ok(run(site_bin / "glossary", "export", "--format", "tbx", "-o", "out.tbx", cwd=project_copy))
    assert b"<tbx" in (project_copy / "out.tbx").read_bytes()


def test_without_the_site_extra_the_linter_works_and_build_says_what_to_install(
    lint_bin: Path, project_copy: Path
) -> None:
    installed = ok(run(lint_bin / "python", "-m", "pip", "list", "--format", "freeze")).stdout.lower()
    for heavy in ("mkdocs", "mkdocs-material", "pagefind", "weasyprint", "genanki", "lxml", "cssselect"):
        assert f"\n{heavy}==" not in "\n" + installed
    ok(run(lint_bin / "glossary", "check", cwd=project_copy))
    po = project_copy / "locales" / "es" / "LC_MESSAGES" / "termbase.po"
    ok(run(lint_bin / "glossary", "check", po, cwd=project_copy))
    ok(run(lint_bin / "glossary", "extract", cwd=project_copy))
    ok(run(lint_bin / "glossary", "update", cwd=project_copy))
    ok(run(lint_bin / "glossary", "init", "fr", cwd=project_copy))
    ok(run(lint_bin / "glossary", "stats", cwd=project_copy))
    ok(run(lint_bin / "glossary", "export", "-o", "out.tbx", cwd=project_copy))
    ok(run(lint_bin / "glossary", "export", "--format", "csv", "-o", "out.csv", cwd=project_copy))
    ok(run(lint_bin / "glossary", "export", "--format", "tbx2", "-o", "out2.tbx", cwd=project_copy))
    assert b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' in (project_copy / "out2.tbx").read_bytes()
    # TBX is read and written with the standard library: a v2 export imports back as no change
    imported = ok(run(lint_bin / "glossary", "import", "out2.tbx", cwd=project_copy))
    assert imported.stdout.startswith("locales/termbase.yaml: 0 added, 0 changed, 0 kept"), imported.stdout
    (project_copy / "site").mkdir()
    for command, extra in (
        (["build"], "site"),
        (["serve"], "site"),
        (["check", "--site", "site"], "site"),
        (["export", "--format", "scorm12", "--lang", "es"], "site"),
        (["export", "--format", "anki", "--lang", "es"], "anki"),
        (["export", "--format", "pdf", "--lang", "es"], "pdf"),
    ):
        result = run(lint_bin / "glossary", *command, cwd=project_copy)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert f"pip install 'sales-glossary[{extra}]'" in result.stderr
