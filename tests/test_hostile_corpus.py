"""The fuzz corpus (tests/fixtures/bad/manifest.yaml): every case through every command that reads it.

Each run is the real command line in a subprocess, in a copy of this project with the case
put in place. A broken input must end with exit 2 and one located line, `error: FILE[:LINE]:
...` (the validator, `check`, reports it as a finding with exit 1 instead); a valid one
with exit 0. Never a traceback, never exit 3 (an internal error), never a hang: the
subprocess timeout ends a run that takes too long, and the case fails.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from test_hostile_cli import copy_project, glossary

BAD = ROOT / "tests" / "fixtures" / "bad"
CASES = yaml.safe_load((BAD / "manifest.yaml").read_text(encoding="utf-8"))
PROSPECT = ROOT / "tests" / "fixtures" / "prospects" / "need_and_budget_just_researching.yaml"
TIMEOUT = {"build": 90}  # seconds; a build renders three locales when the input is valid
DEFAULT_TIMEOUT = 45


def _lead_paragraphs() -> str:
    return (ROOT / "docs" / "lead.md").read_text(encoding="utf-8")


def _po_with(text: str, long: str) -> bytes:
    """A catalog with its first translated message's msgstr replaced by `long`."""
    first = re.search(r'\nmsgid "[^"]+"\nmsgstr "[^"]+"\n', text)
    assert first is not None
    entry = first.group()
    replaced = entry[: entry.index("msgstr ")] + f'msgstr "{long}"\n'
    return (text[: first.start()] + replaced + text[first.end() :]).encode()


def generate(name: str, path: Path) -> None:
    """Make a case that is too big, or not a file at all, to be committed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    if path.is_file() or path.is_symlink():
        path.unlink()  # the case takes the place of the project's own file
    if name == "fifo":
        os.mkfifo(path)
    elif name == "dev-zero":
        os.symlink("/dev/zero", path)
    elif name == "folder":
        path.mkdir()
        (path / "inside.md").write_text("# inside\n", encoding="utf-8")
    elif name == "dangling":
        os.symlink("nowhere-to-be-found", path)
    elif name == "loop":
        os.symlink(path.name, path)
    elif name == "outside":
        os.symlink("/etc/hostname", path)
    elif name == "folder-link":
        os.symlink("..", path)
    elif name == "page-2mb":
        path.write_text(
            _lead_paragraphs() * (2 * 1024 * 1024 // len(_lead_paragraphs()) + 1), encoding="utf-8"
        )
    elif name == "page-deep-list":
        path.write_text("".join("  " * i + "- item\n" for i in range(700)), encoding="utf-8")
    elif name == "page-deep-quote":
        path.write_text("# Quotes\n\n" + ">" * 100_000 + " deep\n", encoding="utf-8")
    elif name == "page-deep-brackets":
        path.write_text("# Brackets\n\n" + "[" * 100_000 + "x" + "]" * 100_000 + "\n", encoding="utf-8")
    elif name == "po-10mb-msgstr":
        path.write_bytes(_po_with(original, "x" * 10_000_000))
    elif name == "pages-po-10mb-msgstr":
        path.write_bytes(_po_with(original, "y " * 5_000_000))
    elif name == "pages-po-brackets":
        path.write_bytes(_po_with(original, "[" * 5_000 + "]" * 5_000))
    elif name == "po-200k":
        entries = "".join(
            f'msgid "Message number {i}"\nmsgstr "Mensaje número {i}"\n\n' for i in range(200_000)
        )
        path.write_text('msgid ""\nmsgstr "Language: es\\n"\n\n' + entries, encoding="utf-8")
    elif name == "yaml-deep-flow":
        path.write_text("facts: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    elif name == "yaml-deep-block":
        path.write_text("facts:\n" + "".join(" " * (i + 1) + "- \n" for i in range(3000)), encoding="utf-8")
    elif name == "json-deep":
        path.write_text('{"facts":\n' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    elif name == "json-5000-digits":
        path.write_text('{"facts": {"need": ' + "9" * 5000 + "}}\n", encoding="utf-8")
    elif name == "yaml-5000-digits":
        path.write_text("facts:\n  need: " + "9" * 5000 + "\n", encoding="utf-8")
    elif name == "yaml-40mb":
        path.write_text("facts:\n  need: true\n" + "# padding\n" * 4_200_000, encoding="utf-8")
    else:
        raise AssertionError(f"unknown generated case {name!r}")


def runs() -> list[tuple[dict[str, str], str]]:
    return [(case, command) for case in CASES for command in case["run"]]


@pytest.mark.parametrize(
    ("case", "command"), runs(), ids=[f"{c['id']}:{cmd.split()[0]}" for c, cmd in runs()]
)
def test_every_command_on_every_bad_input(tmp_path: Path, case: dict[str, str], command: str) -> None:
    project = copy_project(tmp_path)
    target = (
        tmp_path / "input" / Path(case["file"].removeprefix("gen:")).name
        if case["at"] == "ARG"
        else project / case["at"]
    )
    if case["file"].startswith("gen:"):
        target.parent.mkdir(parents=True, exist_ok=True)
        generate(case["file"].removeprefix("gen:"), target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        shutil.copyfile(BAD / case["file"], target)
    args = [
        str(target) if a == "ARG" else str(PROSPECT) if a == "PROSPECT" else a for a in shlex.split(command)
    ]
    result = glossary(project, *args, timeout=TIMEOUT.get(args[0], DEFAULT_TIMEOUT))
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert result.returncode != 3, output[-3000:]
    if case.get("expect") == "ok":
        assert result.returncode in ((0, 1) if args[0] == "check" else (0,)), output[-3000:]
        return
    shown = os.path.relpath(target, project) if case["at"] == "ARG" else case["at"]
    if args[0] == "check":  # the validator reports bad input as a finding of the file
        assert result.returncode in (1, 2), output[-3000:]
        assert Path(shown).name in output or Path(shown).parent.name in output, output[-3000:]
    else:
        assert result.returncode == 2, output[-3000:]
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, result.stderr[-3000:]
        assert re.match(r"error: [^\s:][^:]*(:\d+)?: \S", errors[0]), errors[0]
    says = case.get("says")
    if says:
        assert says.lower() in output.lower(), output[-3000:]
