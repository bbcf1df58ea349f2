"""Time `glossary build` against mkdocs-static-i18n building the same translated pages.

    make bench            (or: .venv/bin/python benchmarks/build.py --runs 5)

The reference gets the exact Markdown our compile step produced for each locale, laid out
as mkdocs-static-i18n expects (docs/<locale>/...), with the same theme and extensions and
its usual search plugin; `glossary build` runs its whole pipeline (compile, render, search
index, assemble) from the sources. Both are timed in the same run, on the same machine.

Every command runs once untimed first, and all run with Python's bytecode cache on, as after
an ordinary install: MkDocs, Material and mkdocs-static-i18n come compiled from pip, while our
package is installed editable, so with PYTHONDONTWRITEBYTECODE in the environment (as in
some CI and sandbox shells) each `glossary build` would compile its modules from source again
(about 0.04 s a run) and the reference would not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
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
"""


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return took


def reference_project(work: Path, langs: list[str]) -> Path:
    """The same translated pages as a mkdocs-static-i18n project."""
    project = work / "i18n"
    for lang in langs:
        shutil.copytree(ROOT / "build" / lang / "docs", project / "docs" / lang)
    entries = "\n".join(
        f"        - locale: {lang}\n          name: {lang}\n          build: true"
        + ("\n          default: true" if i == 0 else "")
        for i, lang in enumerate(langs)
    )
    (project / "mkdocs.yml").write_text(I18N_CONFIG % entries, encoding="utf-8")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        timed([PY, "-m", "glossary", "build", "-o", str(work / "warm")], ROOT)  # also writes build/<lang>/
        langs = sorted(p.name for p in (ROOT / "build").iterdir() if (p / "docs").is_dir())
        langs.sort(key=lambda code: code != "en")
        ref = reference_project(work, langs)
        timed([PY, "-m", "mkdocs", "build", "-q", "-d", str(work / "warm-ref")], ref)
        timings: dict[str, list[float]] = {
            "glossary build (2 jobs)": [],
            "glossary build (1 job)": [],
            "mkdocs-static-i18n": [],
        }
        for run in range(args.runs):
            timings["glossary build (2 jobs)"].append(
                timed([PY, "-m", "glossary", "build", "-j", "2", "-o", str(work / f"a{run}")], ROOT)
            )
            timings["glossary build (1 job)"].append(
                timed([PY, "-m", "glossary", "build", "-j", "1", "-o", str(work / f"b{run}")], ROOT)
            )
            timings["mkdocs-static-i18n"].append(
                timed([PY, "-m", "mkdocs", "build", "-q", "-d", str(work / f"c{run}")], ref)
            )
    ref_time = statistics.median(timings["mkdocs-static-i18n"])
    print(f"locales: {', '.join(langs)}; {args.runs} runs each, median seconds")
    for name, values in timings.items():
        med = statistics.median(values)
        print(f"  {name:26} {med:6.2f}s   {ref_time / med:5.2f}x the speed of mkdocs-static-i18n")


if __name__ == "__main__":
    main()
