"""Located errors: every problem in a source file says where it is and how to fix it."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; line is 1-based, 0 when unknown."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class GlossaryError(Exception):
    """Bad input: a one-line message with the file and line it comes from."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def __reduce__(self) -> tuple[type[GlossaryError], tuple[str, Location | None]]:
        # Keeps the location when the error crosses from a build worker to the main process.
        return (type(self), (self.message, self.location))


def display_path(path: Path | str) -> str:
    """A path as a person would type it: relative to the working directory when inside it.

    A symlink is shown as the link, not as where it leads (which may be nowhere, or itself).
    """
    p = Path(os.path.abspath(path))
    cwd = Path.cwd()
    candidates = [p]
    with contextlib.suppress(RuntimeError, OSError):  # the working directory may be reached by a link
        candidates.append(p.parent.resolve() / p.name)
    for candidate in candidates:
        try:
            return str(candidate.relative_to(cwd))
        except ValueError:
            continue
    return str(path)
