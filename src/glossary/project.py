"""Where a glossary project keeps its sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError, Location, display_path


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
        """The top-level mkdocs.yml as a mapping, read without MkDocs (see read_site_settings)."""
        return read_site_settings(self.mkdocs_yml)


def read_site_settings(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, for what glossary itself reads from it.

    Read with PyYAML, not MkDocs, so that linting needs no site renderer. MkDocs' tags stay
    usable: `!ENV [NAME, default]` gives the variable or the default, `!relative` the path;
    a Python object tag (`!!python/name:...`) gives None here, MkDocs resolves it when it builds.
    """
    import os

    import yaml

    from glossary.sources import read_text

    loader_class: Any = type("Loader", (yaml.SafeLoader,), {})  # our tags, not on SafeLoader itself

    def env(loader: Any, node: Any) -> Any:
        values = (
            loader.construct_sequence(node)
            if isinstance(node, yaml.SequenceNode)
            else [loader.construct_scalar(node)]
        )
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
        return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)

    def other(loader: Any, suffix: str, node: Any) -> Any:
        return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None

    loader_class.add_constructor("!ENV", env)
    loader_class.add_multi_constructor("!relative", other)
    loader_class.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise GlossaryError(
            f"invalid YAML: {exc.problem or exc.context}",
            Location(display_path(path), mark.line + 1 if mark else 0),
        ) from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"invalid YAML: {exc}", Location(display_path(path))) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GlossaryError(
            "mkdocs.yml must be a mapping of settings (site_name: ...)", Location(display_path(path), 1)
        )
    return data
