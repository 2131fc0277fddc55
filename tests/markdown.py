"""Small readers of Markdown used by several tests: headings, anchors, tables, sections."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from markdown_it import MarkdownIt

HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
MD = MarkdownIt("commonmark").enable("table")


def lines_outside_fences(text: str) -> Iterator[str]:
    """The lines that are not inside fenced code blocks (fence lines excluded)."""
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX heading outside code fences."""
    found = []
    for line in lines_outside_fences(text):
        if match := HEADING.match(line):
            found.append((len(match.group(1)), match.group(2)))
    return found


def split_cells(row: str) -> list[str]:
    """The cells of a GFM table row; an escaped pipe stays inside its cell."""
    body = row.strip()
    body = body.removeprefix("|")
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def tables(text: str) -> list[list[list[str]]]:
    """Every table: a list of rows, each a list of cells (delimiter row included)."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*lines_outside_fences(text), ""]:
        if line.lstrip().startswith("|"):
            current.append(split_cells(line))
        elif current:
            found.append(current)
            current = []
    return found


def without_sections(text: str, titles: set[str]) -> str:
    """The text with every section whose heading is in `titles` cut out (with subsections)."""
    kept: list[str] = []
    cut_level = 0
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            level = len(match.group(1))
            if cut_level and level <= cut_level:
                cut_level = 0
            if not cut_level and any(match.group(2).startswith(t) for t in titles):
                cut_level = level
        if not cut_level:
            kept.append(line)
    return "\n".join(kept)


def github_anchors(markdown: str) -> dict[str, str]:
    """GitHub's anchor for every heading (rendered text, lower case, punctuation dropped,
    spaces to dashes, -1, -2 ... for repeats) -> the heading's text."""
    found: dict[str, str] = {}
    for _, raw in headings(markdown):
        tokens = MD.parseInline(raw)
        text = "".join(
            child.content
            for token in tokens
            for child in token.children or []
            if child.type in ("text", "code_inline")
        )
        slug = "".join(
            ch
            for ch in text.strip().lower()
            if ch.isalnum() or ch in " -_" or unicodedata.category(ch).startswith("M")
        ).replace(" ", "-")
        unique, n = slug, 0
        while unique in found:
            n += 1
            unique = f"{slug}-{n}"
        found[unique] = text.strip()
    return found
