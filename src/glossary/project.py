"""Where a glossary project keeps its sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing start (default: the working directory): the folder with mkdocs.yml."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "mkdocs.yml").is_file() and (folder / "locales").is_dir():
                return cls(folder)
        raise GlossaryError(f"no glossary project here: no mkdocs.yml and locales/ in {here} or above")

    def pages(self) -> list[Path]:
        """The Markdown pages under docs/, each a regular file inside the project (or a located error)."""
        from glossary.reading import source_files

        return source_files(self.docs, ".md", self.root)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def termbase(self) -> Path:
        return self.locales / "termbase.yaml"

    @property
    def rules(self) -> Path:
        return self.docs / "rules.yaml"

    @property
    def scenarios(self) -> Path:
        return self.docs / "scenarios.yaml"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    def site_settings(self) -> dict[str, Any]:
        """The top-level mkdocs.yml as plain data, read without MkDocs (sources.load_site_config)."""
        from glossary.sources import load_site_config  # sources imports this module

        return load_site_config(self.mkdocs_yml)
