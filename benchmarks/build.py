"""Time `glossary build` against mkdocs-static-i18n building the same translated pages.

    make bench            (or: .venv/bin/python benchmarks/build.py --runs 5)

Three sizes: this repository as it is, then 3 and 10 locales of 60 pages each. The larger
projects are generated from ours in a temporary folder: the 8 pages plus copies of them in
part01/, part02/, ... (each copy's paragraphs, list items and cells end in a copy marker such
as ` (12)`, so every copy has messages of its own), the Spanish and Hebrew catalogs grown by
the same messages, and for 10 locales those catalogs copied under other codes (fr, de, ...),
so every locale is fully translated. Every page is in the navigation, for both tools.

The reference gets the exact Markdown our compile step produced for each locale, laid out
as mkdocs-static-i18n expects (docs/<locale>/...), with the same theme, extensions and
navigation and its usual search plugin; `glossary build` runs its whole pipeline (compile,
render, search index, assemble) from the sources. Both are timed in the same run, on the
same machine. CPU time is user+sys of all the command's processes; peak memory is the
largest resident set of any one process in its tree (both from getrusage RUSAGE_CHILDREN in
a small wrapper process, which is not counted). On a shared machine the wall times swing
with the other load; the CPU times much less. Every stage keeps a core busy, so a build
cannot take less than its CPU time divided by the cores: the last line of each size prints
that bound for the 2-job build, and how far its CPU must fall for the 0.5x target.

Every command runs once untimed first, and all run with Python's bytecode cache on, as after
an ordinary install: MkDocs, Material and mkdocs-static-i18n come compiled from pip, while our
package is installed editable, so with PYTHONDONTWRITEBYTECODE in the environment (as in
some CI and sandbox shells) each `glossary build` would compile its modules from source again
(about 0.04 s a run) and the reference would not.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from glossary.segment import apply, segments

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
# Extra locales for the 10-locale project: a code, and the catalogs it is a copy of.
EXTRA = {"fr": "es", "de": "es", "it": "es", "pt": "es", "ar": "he", "ru": "es", "ja": "es"}
MARKED = ("paragraph", "list item", "table cell", "description")  # headings keep their anchors
PAGE_LINK = re.compile(r"\]\((?=[\w-]+\.md\b)")  # a link to another page: a copy links the original
# Runs a command and prints its wall time, its processes' CPU time and the largest RSS (KiB) among them.
WRAPPER = """\
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
took = time.perf_counter() - start
if result.returncode:
    sys.stderr.write(result.stderr.decode(errors="replace"))
    sys.exit(result.returncode)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""
I18N_CONFIG = """\
site_name: Lead or opportunity?
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
  features: [content.tooltips, navigation.footer, toc.follow]
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
%s
nav: %s
"""


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of a command."""
    result = subprocess.run(
        [PY, "-c", WRAPPER, *cmd], cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    took, cpu, rss = result.stdout.split()
    return float(took), float(cpu), int(rss)


def _nav(settings_text: str) -> list[str]:
    return re.findall(r"^  - (\S+\.md)$", settings_text.split("\nnav:\n", 1)[1].split("\n\n", 1)[0], re.M)


def scaled_project(work: Path, locales: int, pages: int) -> Path:
    """A copy of this project with `pages` pages in `locales` locales, all translated."""
    project = work / f"project-{locales}x{pages}"
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, project / name)
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    originals = sorted((project / "docs").glob("*.md"))
    catalogs = {}
    for lang in ("es", "he"):
        with (project / "locales" / lang / "LC_MESSAGES" / "pages.po").open("rb") as fh:
            catalogs[lang] = read_po(fh)
    nav: list[str] = []
    for copy in range(1, pages - len(originals) + 1):
        page = originals[(copy - 1) % len(originals)]
        rel = f"part{(copy - 1) // len(originals) + 1:02d}/{page.name}"
        source = page.read_text(encoding="utf-8")
        marker = f" ({copy})"

        def copied(text: str, kind: str, marker: str = marker) -> str:
            return PAGE_LINK.sub("](../", text) + (marker if kind in MARKED else "")

        marked = apply(source, lambda seg, copied=copied: copied(seg.text, seg.kind))
        (project / "docs" / rel).parent.mkdir(exist_ok=True)
        (project / "docs" / rel).write_text(marked, encoding="utf-8")
        nav.append(rel)
        for catalog in catalogs.values():
            for seg in segments(source):
                message = catalog.get(seg.text)
                new = copied(seg.text, seg.kind)
                if new != seg.text and message is not None and message.string:
                    catalog.add(new, copied(str(message.string), seg.kind))
    for lang, catalog in catalogs.items():
        with (project / "locales" / lang / "LC_MESSAGES" / "pages.po").open("wb") as fh:
            write_po(fh, catalog)
    for code, like in list(EXTRA.items())[: max(0, locales - 3)]:
        folder = project / "locales" / code / "LC_MESSAGES"
        shutil.copytree(project / "locales" / like / "LC_MESSAGES", folder)
        for po in folder.glob("*.po"):
            text = po.read_text(encoding="utf-8").replace(f'"Language: {like}\\n"', f'"Language: {code}\\n"')
            po.write_text(text, encoding="utf-8")
    parts = "".join(f"  - {rel}\n" for rel in nav)
    settings = settings.replace("  - search.md\n", parts + "  - search.md\n", 1)
    (project / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return project


def reference_project(work: Path, project: Path, langs: list[str]) -> Path:
    """The same translated pages as a mkdocs-static-i18n project."""
    ref = work / f"i18n-{project.name}"
    for lang in langs:
        shutil.copytree(project / "build" / lang / "docs", ref / "docs" / lang)
    entries = "\n".join(
        f"        - locale: {lang}\n          name: {lang}\n          build: true"
        + ("\n          default: true" if i == 0 else "")
        for i, lang in enumerate(langs)
    )
    nav = _nav((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (ref / "mkdocs.yml").write_text(I18N_CONFIG % (entries, json.dumps(nav)), encoding="utf-8")
    return ref


def compare(work: Path, project: Path, runs: int) -> None:
    """Warm up, then time both tools on one project and print the ratios."""
    measured([PY, "-m", "glossary", "build", "-o", str(work / "warm")], project)  # writes build/<lang>/
    langs = sorted(p.name for p in (project / "build").iterdir() if (p / "docs").is_dir())
    langs.sort(key=lambda code: code != "en")
    pages = len(list((project / "build" / "en" / "docs").rglob("*.md")))
    ref = reference_project(work, project, langs)
    measured([PY, "-m", "mkdocs", "build", "-q", "-d", str(work / "warm-ref")], ref)
    commands = {
        "glossary build (2 jobs)": ([PY, "-m", "glossary", "build", "-j", "2"], project),
        "glossary build (1 job)": ([PY, "-m", "glossary", "build", "-j", "1"], project),
        "mkdocs-static-i18n": ([PY, "-m", "mkdocs", "build", "-q"], ref),
    }
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for run in range(runs):
        for n, (name, (cmd, cwd)) in enumerate(commands.items()):
            out = work / f"out-{n}-{run}"
            results[name].append(measured([*cmd, "-o" if cwd == project else "-d", str(out)], cwd))
            shutil.rmtree(out)
    ref_time = statistics.median(t for t, _, _ in results["mkdocs-static-i18n"])
    ref_cpu = statistics.median(c for _, c, _ in results["mkdocs-static-i18n"])
    print(
        f"{len(langs)} locales x {pages} pages with the search page ({', '.join(langs)}); {runs} runs, medians"
    )
    for name, values in results.items():
        med = statistics.median(t for t, _, _ in values)
        cpu = statistics.median(c for _, c, _ in values)
        peak = max(rss for _, _, rss in values) / 1024
        print(
            f"  {name:24} {med:6.2f}s  {med / ref_time:5.2f}x the reference's time"
            f"  CPU {cpu:6.2f}s ({cpu / ref_cpu:4.2f}x)  peak RSS {peak:4.0f} MB"
        )
    # Every stage is busy on the CPU, so no build is faster than its CPU time spread over all cores.
    cores = os.cpu_count() or 1
    best = statistics.median(c for _, c, _ in results["glossary build (2 jobs)"]) / cores
    print(
        f"  on {cores} cores the 2-job build takes at least its CPU / {cores} = {best:.2f}s = "
        f"{best / ref_time:.2f}x the reference's time; the 0.5x target needs its CPU at most "
        f"{0.5 * ref_time * cores / ref_cpu:.2f}x the reference's"
    )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="repo,3x60,10x60", help="which projects (default: all three)")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            if size == "repo":
                project = work / "repo"
                for name in ("docs", "locales", "mkdocs.yml"):
                    (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
            else:
                locales, pages = (int(n) for n in size.split("x"))
                project = scaled_project(work, locales, pages)
            compare(work, project, args.runs)


if __name__ == "__main__":
    main()
