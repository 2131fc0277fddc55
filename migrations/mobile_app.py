"""Copier migration (v0.4.0): mobile apps left `frontend` for the new question `mobile_app`.

Usage (run by Copier in the destination, before an update):
    python mobile_app.py ANSWERS_FILE

An answer `frontend: react_native` or `frontend: flutter` becomes `frontend: none` with
`mobile_app: react_native` (or `flutter`) after it, so the documents keep drawing the app.
Touches only ANSWERS_FILE, which must be a relative path inside the current directory.
Idempotent: with `mobile_app` already recorded, or another frontend, the file stays as it is.
Standard library only, so it runs with the Python that runs Copier.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from answers_file import checked

MOBILE = ("react_native", "flutter")
LINE = re.compile(r"^frontend:[ \t]*(['\"]?)(" + "|".join(MOBILE) + r")\1[ \t]*$", re.MULTILINE)


def migrate(answers_file: Path) -> str:
    """Move a mobile `frontend` answer to `mobile_app`; the mobile value, or '' if none."""
    text = answers_file.read_text(encoding="utf-8")
    if re.search(r"^mobile_app:", text, re.MULTILINE):
        return ""
    match = LINE.search(text)
    if not match:
        return ""
    value = match.group(2)
    moved = f"{text[: match.start()]}frontend: none\nmobile_app: {value}{text[match.end() :]}"
    answers_file.write_text(moved, encoding="utf-8")
    return value


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    target = argv[0]
    path, code = checked(target)
    if path is None:
        return code
    value = migrate(path)
    print(
        f"{target}: frontend {value} -> mobile_app {value}, frontend none"
        if value
        else f"{target}: nothing to move"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
