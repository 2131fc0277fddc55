"""Copier migration: rename a recorded answer in the answers file, in place.

Usage (run by Copier in the destination, before an update):
    python rename_answer.py ANSWERS_FILE OLD NEW

Touches only ANSWERS_FILE, which must be a relative path inside the current directory.
Idempotent: when OLD is absent or NEW is already recorded, the file is left as it is.
Standard library only, so it runs with the Python that runs Copier.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from answers_file import checked


def rename(answers_file: Path, old: str, new: str) -> bool:
    """Rename top-level key `old` to `new`; True when the file changed."""
    text = answers_file.read_text(encoding="utf-8")
    if re.search(rf"^{re.escape(new)}:", text, re.MULTILINE):
        return False
    renamed, count = re.subn(rf"^{re.escape(old)}:", f"{new}:", text, flags=re.MULTILINE)
    if not count:
        return False
    answers_file.write_text(renamed, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    target, old, new = argv
    path, code = checked(target)
    if path is None:
        return code
    changed = rename(path, old, new)
    print(f"{target}: {old} -> {new}" if changed else f"{target}: nothing to rename")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
