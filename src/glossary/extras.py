"""The optional parts of the package and the extra that installs each.

`pip install sales-glossary` is the validator, the catalogs and the termbase tools; what
renders the site or writes a training export comes with an extra, so that a linter (such as
the pre-commit hook) does not install a site renderer, a PDF engine or a flashcard writer.
"""

from __future__ import annotations

import importlib.util

from glossary.errors import GlossaryError

# extra -> (what it is for, the modules it brings)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "site": ("the site", ("mkdocs", "material", "pagefind", "cssselect")),
    "anki": ("the Anki export", ("genanki",)),
    "pdf": ("the PDF handout", ("weasyprint",)),
}


def require(extra: str) -> None:
    """A clear 'install the extra' error (exit 2 in the CLI) when an extra's modules are missing."""
    purpose, modules = EXTRAS[extra]
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise GlossaryError(
            f"{purpose} needs {', '.join(missing)}, which is not installed; "
            f"install it with: pip install 'sales-glossary[{extra}]'"
        )
