"""Print the lowest versions pyproject.toml allows for the direct dependencies, one pin a line.

`.ci/run` installs these beside the package (`pip install -r <this output> -e '.[dev,site]'`) in a
separate venv and runs the fast tests there, so the floors in pyproject.toml are tested floors.
Only the package's own dependencies (and its `site` extra) are pinned; the test tools are not.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9._-]+(?:\[[^\]]*\])?)\s*(?:[^;]*?)>=\s*([0-9][^,;\s]*)")


def pins(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project.get("optional-dependencies", {}).get("site", [])]
    out = []
    for requirement in requirements:
        match = FLOOR.match(requirement.split("#")[0])
        if not match:
            sys.exit(f"error: {pyproject}: {requirement!r} has no '>=' floor to test; give it one")
        out.append(f"{match.group(1)}=={match.group(2)}")
    return out


if __name__ == "__main__":
    print("\n".join(pins(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))))
