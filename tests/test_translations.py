"""The shipped Spanish and Hebrew catalogs: valid for GNU gettext, Babel and polib, and complete."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import polib
import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from glossary import catalogs
from glossary.project import Project

PO_FILES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


def test_there_are_catalogs_for_spanish_and_hebrew() -> None:
    assert {p.parent.parent.name for p in PO_FILES} == {"es", "he"}
    assert {p.stem for p in PO_FILES} == set(catalogs.DOMAINS)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_gnu_msgfmt_check_passes(path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_babel_and_polib_read_it_without_warnings(path) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with path.open("rb") as fh:
            babel_catalog = read_po(fh, abort_invalid=True)
        po = polib.pofile(str(path))
    # both see the same messages, obsolete ones (kept by `glossary update`) included
    assert len([m for m in babel_catalog if m.id]) + len(babel_catalog.obsolete) == len(po)
    assert catalogs.read_catalog(path) is not None


def test_stats_say_spanish_and_hebrew_are_complete() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "stats", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["lang"], r["domain"]) for r in rows} == {
        (lang, d) for lang in ("es", "he") for d in catalogs.DOMAINS
    }
    for row in rows:
        assert row["percent"] == 100.0 and row["fuzzy"] == 0 and row["untranslated"] == 0, row


def test_catalogs_are_up_to_date_with_the_sources() -> None:
    """Every message the sources have today is in the templates: nobody forgot `glossary update`."""
    project = Project(ROOT)
    for domain, template in catalogs.extract(project).items():
        shipped = catalogs.read_catalog(catalogs.template_path(project, domain))
        want = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
        have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in shipped if m.id}
        assert want == have, f"{domain}.pot is stale: run `glossary update`"
