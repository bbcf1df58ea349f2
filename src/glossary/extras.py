"""The optional parts of the package and the extra that installs each.

`pip install sales-glossary` is the validator, the catalogs and the termbase tools; what
renders, indexes or checks the built site or writes a training export comes with an extra, so
that a linter (such as the pre-commit hook) does not install a site renderer, an HTML parser,
a PDF engine or a flashcard writer.
"""

from __future__ import annotations

import importlib.util

from glossary.errors import GlossaryError

# extra -> (what it is for, the modules it brings)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "site": ("the site", ("mkdocs", "material", "pagefind", "cssselect", "lxml")),
    "anki": ("the Anki export", ("genanki",)),
    "pdf": ("the PDF handout", ("weasyprint",)),
}


def require(extra: str, *only: str) -> None:
    """A clear 'install the extra' error (exit 2 in the CLI) when an extra's modules (or only these) are missing."""
    purpose, modules = EXTRAS[extra]
    missing = [name for name in only or modules if importlib.util.find_spec(name) is None]
    if missing:
        raise GlossaryError(
            f"{purpose} needs {', '.join(missing)}, which is not installed; "
            f"install it with: pip install 'sales-glossary[{extra}]'"
        )
