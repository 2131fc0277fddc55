"""What every migration script checks first: the answers file it may touch.

Imported by the scripts beside it (Python puts a script's folder first on sys.path).
Standard library only, so it runs with the Python that runs Copier.
"""

from __future__ import annotations

import sys
from pathlib import Path


def checked(target: str) -> tuple[Path | None, int]:
    """The answers file to migrate, or None and the exit code: 2 for a path outside the
    current directory (refused), 0 for a missing file (nothing to migrate)."""
    path = Path(target)
    root = Path.cwd().resolve()
    if path.is_absolute() or not path.resolve().is_relative_to(root):
        print(f"refusing to touch {target}: not inside {root}", file=sys.stderr)
        return None, 2
    if not path.is_file():
        print(f"{target}: no answers file, nothing to migrate", file=sys.stderr)
        return None, 0
    return path, 0
