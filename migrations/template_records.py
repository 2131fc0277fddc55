"""Copier migration (v0.4.0): keep the team's record numbers when the template adds records.

Usage (run by Copier in the destination, before an update):
    python template_records.py ANSWERS_FILE LAST

Up to v0.3.0 the template wrote decision records 0001 to LAST (16) and said that the numbers
after them are the team's. v0.4.0 writes records up to 0020. If the project's decision folder
already holds a record numbered after LAST (the team's own), this records
`template_records: LAST` in ANSWERS_FILE, so that the update writes no second record under a
number the team took; otherwise the file stays as it is and the new records are written.
Touches only ANSWERS_FILE, a relative path inside the current directory. Idempotent: with
`template_records` already recorded, nothing changes. Standard library only.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from answers_file import checked

DECISIONS = Path("docs/architecture/decisions")
NUMBERED = re.compile(r"^(\d{4})-.+\.md$")


def team_numbers(folder: Path, last: int) -> list[int]:
    """The numbers after `last` that records in `folder` already use."""
    if not folder.is_dir():
        return []
    found = (NUMBERED.match(p.name) for p in folder.iterdir() if p.is_file())
    return sorted({int(m.group(1)) for m in found if m and int(m.group(1)) > last})


def migrate(answers_file: Path, last: int, folder: Path = DECISIONS) -> list[int]:
    """Record `template_records: last` if the team took numbers after it; those numbers."""
    text = answers_file.read_text(encoding="utf-8")
    if re.search(r"^template_records:", text, re.MULTILINE):
        return []
    taken = team_numbers(folder, last)
    if taken:
        ending = "" if text.endswith("\n") else "\n"
        answers_file.write_text(f"{text}{ending}template_records: {last}\n", encoding="utf-8")
    return taken


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    target, last = argv[0], int(argv[1])
    path, code = checked(target)
    if path is None:
        return code
    taken = migrate(path, last)
    print(
        f"{target}: the team's records use {', '.join(f'{n:04d}' for n in taken)}; "
        f"the template keeps writing records 0001 to {last:04d}"
        if taken
        else f"{target}: no team record after {last:04d}; every template record is written"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
