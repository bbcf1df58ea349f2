"""Training exports of one or every locale: Anki flashcards, a SCORM 1.2 course, a printable handout.

With a locale, the export is one file (default name in the working directory, or the path
given). Without one, every locale of the site gets its own file in the folder given (default:
the working directory). An existing file is never overwritten unless forced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary import catalogs, languages
from glossary.errors import GlossaryError, Location, display_path
from glossary.extras import require
from glossary.project import Project

# format -> (default file name, writer(project, lang, path))
Writer = Callable[[Project, str, Path], None]


def _anki(project: Project, lang: str, path: Path) -> None:
    require("anki")
    from glossary.anki import write_deck

    write_deck(project, lang, path)


def _scorm12(project: Project, lang: str, path: Path) -> None:
    require("site")  # the package is the built site
    from glossary.scorm import write_package

    write_package(project, lang, path)


def _pdf(project: Project, lang: str, path: Path) -> None:
    require("pdf")
    from glossary.handout import write_handout

    write_handout(project, lang, path)


FORMATS: dict[str, tuple[str, Writer]] = {
    "anki": ("glossary-{lang}.apkg", _anki),
    "scorm12": ("course-{lang}.zip", _scorm12),
    "pdf": ("handout-{lang}.pdf", _pdf),
}


def export(
    project: Project, fmt: str, lang: str | None, output: Path | None, force: bool = False
) -> list[Path]:
    """Write the export of lang (or of every locale) and return the files written."""
    name, writer = FORMATS[fmt]
    known = [languages.SOURCE_LANGUAGE, *catalogs.locales(project)]
    if lang is not None and lang not in known:
        raise GlossaryError(f"no locale {lang!r}; available: {', '.join(known)}")
    if lang is not None:
        targets = [(lang, output or Path(name.format(lang=lang)))]
    else:
        folder = output or Path(".")
        if folder.exists() and not folder.is_dir():
            raise GlossaryError(
                "without --lang every locale is exported, so -o must be a folder", Location(str(folder))
            )
        targets = [(code, folder / name.format(lang=code)) for code in known]
    for _, path in targets:
        if path.exists() and not force:
            raise GlossaryError("file exists; use --force to overwrite it", Location(display_path(path)))
    written = []
    for code, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            writer(project, code, path)
        except OSError as exc:
            raise GlossaryError(f"cannot write file: {exc.strerror}", Location(display_path(path))) from None
        written.append(path)
    return written
