"""Time live reload: from saving a file to the site rebuilt, for a page edit and a translation edit.

    make bench            (or: .venv/bin/python benchmarks/reload.py --runs 7)

On a copy of this project. Two edits: (a) a paragraph of docs/lead.md rewritten (the English
page, so that page in every locale), (b) one translation in locales/es/LC_MESSAGES/pages.po.

- rebuild: `glossary serve`'s rebuild (glossary.reload.Preview.rebuild) in its warm process,
  from the file written to the pages written (with the header search's index); "+ search
  index" adds the wait for Pagefind, which runs after the pages are served.
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


Edit = tuple[str, Callable[[], object]]  # the text to look for, and the save that writes it


def edit_page(project: Project, run: int) -> Edit:
    """A new closing paragraph for the page."""
    page = project.docs / PAGE
    text = page.read_text(encoding="utf-8").split("\nEdited paragraph")[0]
    marker = f"Edited paragraph, run {run}."
    return marker, lambda: page.write_text(f"{text}\n{marker}\n", encoding="utf-8")


def edit_translation(project: Project, run: int) -> Edit:
    """A new Spanish translation for one paragraph of the page."""
    path = catalogs.catalog_path(project, "es", "pages")
    catalog = catalogs.read_catalog(path)
    message = next(
        m for m in catalog if m.id and m.locations[0][0] == f"docs/{PAGE}" and "paragraph" in m.auto_comments
    )
    marker = f"Párrafo traducido de nuevo, vez {run}."
    message.string = marker
    data = catalogs.render(catalog)
    return marker, lambda: path.write_bytes(data)


def timed(func: Callable[[], object], save: Callable[[], object] = lambda: None) -> float:
    """Seconds from save to func's return."""
    start = time.perf_counter()
    save()
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


def served_after(url: str, edit: Edit, limit: float = 60) -> float:
    """Seconds from the save until url answers with the edit's text."""
    marker, save = edit
    start = time.perf_counter()
    save()
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
        served_after(f"{base}/en/{PAGE[:-3]}/", ("<html", lambda: None), limit=120)
        time.sleep(1)
        for run in range(runs + 1):  # the first run is a warm-up
            page = served_after(f"{base}/en/{PAGE[:-3]}/", edit_page(project, run))
            time.sleep(1.5)  # edits seconds apart, as people make them (Pagefind is done by then)
            translation = served_after(f"{base}/es/{PAGE[:-3]}/", edit_translation(project, run))
            time.sleep(1.5)
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
    names = ["page", "page+index", "translation", "translation+index", "full", "dirty"]
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = copy_project(work / "proj")
        langs = site.site_locales(project)
        preview = Preview(project)
        preview.rebuild()
        dirty = mkdocs_dirty(project, work / "dirty")
        for run in range(args.runs + 1):  # the first run is a warm-up
            took = {"page": timed(preview.rebuild, edit_page(project, run)[1])}
            took["page+index"] = took["page"] + timed(preview.wait)
            took["translation"] = timed(preview.rebuild, edit_translation(project, run)[1])
            took["translation+index"] = took["translation"] + timed(preview.wait)
            took["full"] = timed(lambda: site.build(project, out=work / "full"))
            took["dirty"] = timed(dirty, lambda: touch(project.root / "build" / "es" / "docs" / PAGE))
            if run:
                for name in names:
                    times[name].append(took[name])
                    ratios[name].append(took["full"] / took[name])
        served = end_to_end(work, args.runs)
    med = statistics.median
    print(f"live reload, locales {', '.join(langs)}; {args.runs} runs, median seconds")
    rows = [
        ("full build (what serve did)", "full"),
        ("page edit: pages rebuilt", "page"),
        ("page edit: + search index", "page+index"),
        ("translation edit: pages rebuilt", "translation"),
        ("translation edit: + search index", "translation+index"),
        ("mkdocs dirty build, es only", "dirty"),
    ]
    for label, name in rows:
        print(f"  {label:34} {med(times[name]):6.3f}s   {med(ratios[name]):5.1f}x the speed of a full build")
    print(
        f"  {'served after a page edit':34} {med(served['page']):6.3f}s   (real `glossary serve`, save to HTTP)"
    )
    print(f"  {'served after a translation edit':34} {med(served['translation']):6.3f}s")


if __name__ == "__main__":
    main()
