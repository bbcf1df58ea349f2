"""A SCORM 1.2 package of the training site that opens in one locale.

The package is the built site (every locale, so the language switcher keeps working) with
`imsmanifest.xml` and `launch.html` at its root. launch.html is the one SCO: it opens the LMS
session and shows the site in a frame; assets/lms.js reports the quiz (score, lesson status,
suspend data, session time) to the LMS's SCORM API. The pass mark is `extra.lms.pass_mark` in
mkdocs.yml (80 when left out); it is also the manifest's mastery score, and a mastery score the
LMS sets wins over it.
"""

from __future__ import annotations

import html
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError, Location
from glossary.languages import direction
from glossary.localize import load_texts
from glossary.project import Project
from glossary.sources import load_site_config

DEFAULT_PASS_MARK = 80
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd"
# a relative link to a folder: "../lead/", "./", "..", "../lead/#anchor"
_FOLDER_LINK = re.compile(
    r'(?P<attr>\b(?:href|src)=")(?P<path>(?:[^":#?/][^":#?]*)?/|(?:\.\./)*\.\.|\.)(?P<rest>[#?][^"]*)?"'
)


def settings(project: Project) -> dict[str, Any]:
    """The `extra.lms` settings of mkdocs.yml (empty when there are none)."""
    data = load_site_config(project.mkdocs_yml)
    extra = data.get("extra") if isinstance(data, dict) else None
    lms = extra.get("lms") if isinstance(extra, dict) else None
    return lms if isinstance(lms, dict) else {}


def pass_mark(project: Project) -> int:
    """The percentage that passes the quiz: extra.lms.pass_mark, or 80."""
    mark = settings(project).get("pass_mark", DEFAULT_PASS_MARK)
    if isinstance(mark, bool) or not isinstance(mark, int | float) or not 0 <= mark <= 100:
        raise GlossaryError(
            f"extra.lms.pass_mark must be a percentage from 0 to 100, not {mark!r}", Location("mkdocs.yml")
        )
    return round(mark)


def file_links(page: str) -> str:
    """Links to folders made links to their index.html, so any file server (or an LMS) serves them."""

    def fix(m: re.Match[str]) -> str:
        path = m["path"]
        path = path + "index.html" if path.endswith("/") else path + "/index.html"
        return f'{m["attr"]}{path}{m["rest"] or ""}"'

    return _FOLDER_LINK.sub(fix, page)


def manifest(identifier: str, title: str, mastery: int, files: list[str]) -> bytes:
    """imsmanifest.xml: one organization with one item, the launch page as its SCO."""
    from lxml import etree  # comes with the site extra, which exports._scorm12 requires

    nsmap = {None: IMSCP, "adlcp": ADLCP, "xsi": XSI}
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap=nsmap, identifier=identifier, version="1.0")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMAS)
    meta = etree.SubElement(root, f"{{{IMSCP}}}metadata")
    etree.SubElement(meta, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    etree.SubElement(meta, f"{{{IMSCP}}}schemaversion").text = "1.2"
    orgs = etree.SubElement(root, f"{{{IMSCP}}}organizations", default="course")
    org = etree.SubElement(orgs, f"{{{IMSCP}}}organization", identifier="course")
    etree.SubElement(org, f"{{{IMSCP}}}title").text = title
    item = etree.SubElement(org, f"{{{IMSCP}}}item", identifier="training", identifierref="sco")
    item.set("isvisible", "true")
    etree.SubElement(item, f"{{{IMSCP}}}title").text = title
    etree.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(mastery)
    resources = etree.SubElement(root, f"{{{IMSCP}}}resources")
    resource = etree.SubElement(
        resources, f"{{{IMSCP}}}resource", identifier="sco", type="webcontent", href="launch.html"
    )
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in files:
        etree.SubElement(resource, f"{{{IMSCP}}}file", href=name)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def launch_page(lang: str, title: str) -> str:
    """The SCO: opens the LMS session and shows the locale's home page in a frame."""
    return f"""<!doctype html>
<html lang="{html.escape(lang)}" dir="{direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>html, body {{ margin: 0; height: 100%; }} iframe {{ border: 0; width: 100%; height: 100%; display: block; }}</style>
</head>
<body>
<iframe id="glossary-sco" title="{html.escape(title, quote=True)}" data-src="{html.escape(lang)}/index.html"></iframe>
<script src="{html.escape(lang)}/assets/lms.js"></script>
</body>
</html>
"""


def write_package(project: Project, lang: str, path: Path) -> int:
    """Build the site and write the SCORM 1.2 package opening in lang; returns the number of files."""
    from glossary.site import build

    mastery = pass_mark(project)
    texts = load_texts(project, lang)
    config = load_site_config(project.mkdocs_yml)
    name = str(config.get("site_name") or "Glossary") if isinstance(config, dict) else "Glossary"
    title = texts.ui.gettext(name)
    with tempfile.TemporaryDirectory(prefix="glossary-scorm-") as tmp:
        site = build(project, out=Path(tmp) / "site").site
        files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "imsmanifest.xml", manifest(f"glossary-{lang}", title, mastery, ["launch.html", *files])
            )
            archive.writestr("launch.html", launch_page(lang, title))
            for name in files:
                source = site / name
                if name.endswith(".html"):
                    archive.writestr(name, file_links(source.read_text(encoding="utf-8")))
                else:
                    archive.write(source, name)
    return len(files) + 2
