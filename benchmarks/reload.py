"""Time live reload: from saving a file to the site rebuilt, for a page edit and a translation edit.

    make bench            (or: .venv/bin/python benchmarks/reload.py --runs 7)

On a copy of this project. Two edits: (a) a paragraph of docs/lead.md rewritten (the English
page, so that page in every locale), (b) one translation in locales/es/LC_MESSAGES/pages.po.

- rebuild: `glossary serve`'s rebuild (glossary.reload.Preview.rebuild) in its warm process,
  from the file written to the site written (pages, search index, Pagefind index).
- full build: what serve did for every change before: `glossary build` (site.build) in the
  same warm process, timed right after, so a slow spell of the shared machine slows both.
- mkdocs dirty: the reference tool's own quick rebuild, as `mkdocs serve --dirty` does it:
  load one locale's generated mkdocs.yml and build(dirty=True) after its lead.md changed -
  one locale only, and nothing of ours (no compile, no search index).
- served: a real `glossary serve` process, from the file written to the first HTTP answer
  carrying the new text (MkDocs' server holds HTML requests while a rebuild runs); this adds
  noticing the change (the watcher polls every 0.1 s) and its 0.1 s wait for more changes.

Medians over the runs; each ratio is the median of the per-run ratios.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from glossary import catalogs, site
from glossary.project import Project
from glossary.reload import Preview

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
logging.getLogger("mkdocs").addHandler(logging.NullHandler())  # its warning about dirty builds

ROOT = Path(__file__).resolve().parent.parent
PAGE = "lead.md"


def copy_project(to: Path) -> Project:
    to.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", to / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", to / "docs")
    shutil.copytree(ROOT / "locales", to / "locales")
    return Project(to)


def edit_page(project: Project, run: int) -> str:
    """Rewrite the page's closing paragraph; the text to look for."""
    page = project.docs / PAGE
    text = page.read_text(encoding="utf-8").split("\nEdited paragraph")[0]
    marker = f"Edited paragraph, run {run}."
    page.write_text(f"{text}\n{marker}\n", encoding="utf-8")
    return marker


def edit_translation(project: Project, run: int) -> str:
    """Give one paragraph of the page a new Spanish translation; the text to look for."""
    path = catalogs.catalog_path(project, "es", "pages")
    catalog = catalogs.read_catalog(path)
    message = next(
        m for m in catalog if m.id and m.locations[0][0] == f"docs/{PAGE}" and "paragraph" in m.auto_comments
    )
    marker = f"Párrafo traducido de nuevo, vez {run}."
    message.string = marker
    catalogs.write_catalog(path, catalog)
    return marker


def timed(func: Callable[[], object], edit: Callable[[], object] = lambda: None) -> float:
    """Seconds func takes, after edit (untimed: the editor's save)."""
    edit()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def mkdocs_dirty(project: Project, out: Path) -> Callable[[], object]:
    """One locale's dirty MkDocs rebuild after its page changed, as `mkdocs serve --dirty` runs it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = str(project.root / "build" / "es" / "mkdocs.yml")
    build(load_config(config_file=config_file, site_dir=str(out)))  # the first, full build
    return lambda: build(load_config(config_file=config_file, site_dir=str(out)), dirty=True)


def touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def served_after(url: str, marker: str, edit: Callable[[], object], limit: float = 60) -> float:
    """Seconds from the edit until url answers with marker."""
    start = time.perf_counter()
    edit()
    while time.perf_counter() - start < limit:
        try:
            with urllib.request.urlopen(url, timeout=limit) as response:
                if marker in response.read().decode("utf-8"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.01)
    sys.exit(f"{url} never showed {marker!r}")


def end_to_end(work: Path, runs: int) -> dict[str, list[float]]:
    project = copy_project(work / "served")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "glossary", "serve", "--port", str(port)],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, list[float]] = {"page": [], "translation": []}
    try:
        served_after(f"{base}/en/{PAGE[:-3]}/", "<html", lambda: None, limit=120)
        time.sleep(1)
        for run in range(runs + 1):  # the first run is a warm-up
            marker = f"Edited paragraph, run {run}."
            page = served_after(f"{base}/en/{PAGE[:-3]}/", marker, lambda r=run: edit_page(project, r))
            time.sleep(0.3)
            marker = f"Párrafo traducido de nuevo, vez {run}."
            translation = served_after(
                f"{base}/es/{PAGE[:-3]}/", marker, lambda r=run: edit_translation(project, r)
            )
            time.sleep(0.3)
            if run:
                out["page"].append(page)
                out["translation"].append(translation)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = copy_project(work / "proj")
        langs = site.site_locales(project)
        preview = Preview(project)
        preview.rebuild()
        dirty = mkdocs_dirty(project, work / "dirty")
        full_out = work / "full"
        times: dict[str, list[float]] = {"page": [], "translation": [], "full": [], "dirty": []}
        ratios: dict[str, list[float]] = {"page": [], "translation": [], "dirty": []}
        for run in range(args.runs + 1):  # the first run is a warm-up
            page = timed(preview.rebuild, lambda r=run: edit_page(project, r))
            translation = timed(preview.rebuild, lambda r=run: edit_translation(project, r))
            full = timed(lambda: site.build(project, out=full_out))
            dirty_took = timed(dirty, lambda: touch(project.root / "build" / "es" / "docs" / PAGE))
            if not run:
                continue
            for name, took in (
                ("page", page),
                ("translation", translation),
                ("full", full),
                ("dirty", dirty_took),
            ):
                times[name].append(took)
            ratios["page"].append(full / page)
            ratios["translation"].append(full / translation)
            ratios["dirty"].append(dirty_took / page)
        served = end_to_end(work, args.runs)
    med = statistics.median
    print(f"live reload, {', '.join(langs)}; {args.runs} runs, median seconds")
    print(f"  full build (serve before)          {med(times['full']):6.3f}s")
    print(
        f"  rebuild after a page edit          {med(times['page']):6.3f}s   {med(ratios['page']):5.1f}x faster than a full build"
    )
    print(
        f"  rebuild after a translation edit   {med(times['translation']):6.3f}s   {med(ratios['translation']):5.1f}x faster than a full build"
    )
    print(
        f"  mkdocs dirty build, one locale     {med(times['dirty']):6.3f}s   {med(ratios['dirty']):5.2f}x the page edit's rebuild (all locales)"
    )
    print(
        f"  served after a page edit           {med(served['page']):6.3f}s   (real `glossary serve`, save to HTTP)"
    )
    print(f"  served after a translation edit    {med(served['translation']):6.3f}s")


if __name__ == "__main__":
    main()
