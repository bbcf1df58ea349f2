"""The validator: rules with stable IDs over the termbase, catalogs, terminology, bidi, quiz and site.

Importing the package registers every rule (one module per family) in `RULES`.
"""

from __future__ import annotations

from glossary.checks import bidi, catalogs, consistency, quiz, site, termbase, terminology  # noqa: F401 - registers the rules
from glossary.checks.base import ERROR, INFO, RULES, SEVERITIES, WARNING, Finding, Rule, selected
from glossary.checks.runner import check_files, check_project, check_site

__all__ = [
    "ERROR",
    "INFO",
    "RULES",
    "SEVERITIES",
    "WARNING",
    "Finding",
    "Rule",
    "check_files",
    "check_project",
    "check_site",
    "selected",
]
