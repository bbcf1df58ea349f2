"""`glossary serve`: the real preview server rebuilds when a page or a catalog changes, and
keeps serving the last good site, with a located error, when a catalog edit is refused."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from glossary import catalogs
from glossary.project import Project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_on_a_page_change_and_on_a_catalog_change(
    tmp_path: Path, tmp_project: Project
) -> None:
    root = tmp_project.root
    port = free_port()
    errors = tmp_path / "stderr.txt"
    server = subprocess.Popen(
        [sys.executable, "-m", "glossary", "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=errors.open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/en/lead/", "<html"), "the server never answered"
        page = root / "docs" / "lead.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\nA brand-new closing paragraph.\n", encoding="utf-8"
        )
        assert wait_for(f"{base}/en/lead/", "A brand-new closing paragraph."), (
            "no rebuild after a page change"
        )

        path = catalogs.catalog_path(tmp_project, "es", "pages")
        catalog = catalogs.read_catalog(path)
        message = next(
            m
            for m in catalog
            if m.id and m.locations[0][0] == "docs/lead.md" and "paragraph" in m.auto_comments
        )
        message.string = "Un párrafo recién traducido."
        catalogs.write_catalog(path, catalog)
        assert wait_for(f"{base}/es/lead/", "Un párrafo recién traducido."), (
            "no rebuild after a catalog change"
        )

        message.string = "Un <script>alert(1)</script> párrafo."  # refused: the last good page stays
        catalogs.write_catalog(path, catalog)
        line = catalogs.read_catalog(path)[message.id].lineno
        deadline = time.monotonic() + 60
        while f"pages.po:{line}: translation contains raw HTML" not in errors.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, f"no located error: {errors.read_text(encoding='utf-8')}"
            time.sleep(0.2)
        assert "Traceback" not in errors.read_text(encoding="utf-8")
        assert "Un párrafo recién traducido." in fetch(f"{base}/es/lead/")
        message.string = "Un párrafo corregido."
        catalogs.write_catalog(path, catalog)
        assert wait_for(f"{base}/es/lead/", "Un párrafo corregido."), "no rebuild after the fix"
    finally:
        server.terminate()
        server.wait(timeout=20)
