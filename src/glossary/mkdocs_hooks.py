"""MkDocs hooks for the generated per-locale projects (listed under `hooks:` in their mkdocs.yml).

Every locale renders the same theme templates; a shared bytecode cache means Jinja compiles
them once per change of the theme instead of once per locale and build.
"""

from __future__ import annotations

import os
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    folder = os.environ.get("GLOSSARY_JINJA_CACHE")
    if folder:
        os.makedirs(folder, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env
