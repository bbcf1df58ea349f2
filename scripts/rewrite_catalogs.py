"""Rewrite every committed template and catalog in the layout GNU msgcat writes (nothing else changes).

Run from the repository root: `.venv/bin/python scripts/rewrite_catalogs.py`.
"""

from glossary.catalogs import rewrite
from glossary.project import Project

for path in rewrite(Project.find()):
    print(f"rewritten {path}")
