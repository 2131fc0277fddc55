"""The section map (sections.yaml): for every section of every document, the topics it
covers, and for every topic the one document that is its home.

The model exposes it as `arch.sections`; includes/sections.jinja writes a topic in full in
its home and, everywhere else, a line that links there with a GitHub anchor that resolves.
Run `python -m extensions.sections` to print the map as the guide shows it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import load_yaml
from .filters import anchor

SECTIONS_PATH = Path(__file__).resolve().with_name("sections.yaml")
# Documents of the folder the map knows: key -> (file, title), as the model's DOCUMENTS.
DOCUMENT_KEYS = ("overview", "design", "reference", "target", "feature", "checklist")


@dataclass(frozen=True)
class Heading:
    doc: str
    level: int
    text: str
    topics: tuple[str, ...]
    anchor: str


def load_sections() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(SECTIONS_PATH)
    return data


def problems(data: Mapping[str, Any]) -> list[str]:
    """What is wrong with the map: unknown topics or documents, a home without a section."""
    found = []
    topics = data["topics"]
    outline = data["outline"]
    for doc in outline:
        if doc not in DOCUMENT_KEYS:
            found.append(f"outline: unknown document {doc!r}")
    for doc, rows in outline.items():
        for level, text, keys in rows:
            if not isinstance(level, int) or not 2 <= level <= 4:
                found.append(f"outline {doc}: {text!r} has level {level!r}; expected 2 to 4")
            found += [
                f"outline {doc}: {text!r} names unknown topic {k!r}"
                for k in keys
                if k not in topics
            ]
    for doc, rows in outline.items():
        for _, text, keys in rows:
            found += [
                f"outline {doc}: {text!r} is on topic {k!r}, whose homes leave {doc!r} out"
                for k in keys
                if k in topics and doc not in topics[k].get("homes", [])
            ]
    for key, topic in topics.items():
        if not topic.get("homes"):
            found.append(f"topic {key!r} has no home")
        for doc in topic.get("homes", []):
            rows = outline.get(doc, [])
            if not any(key in keys for _, _, keys in rows):
                found.append(f"topic {key!r}: home {doc!r} has no section on it")
    return found


class SectionMap:
    """The map for one system: which written document is each topic's home, and where."""

    def __init__(
        self,
        data: Mapping[str, Any],
        files: Mapping[str, tuple[str, str]],
        written: Sequence[str],
        names: Mapping[str, str],
    ) -> None:
        self.files = dict(files)  # doc key -> (file, title)
        self.written = [d for d in DOCUMENT_KEYS if d in written]
        self.titles = {k: str(t["title"]) for k, t in data["topics"].items()}
        self.outline: dict[str, list[Heading]] = {}
        for doc, rows in data["outline"].items():
            seen: dict[str, int] = {}
            headings = []
            for level, text, keys in rows:
                shown = str(text).format_map(dict(names))
                base = anchor(shown)
                count = seen.get(base, 0)
                seen[base] = count + 1
                target = base if count == 0 else f"{base}-{count}"
                headings.append(Heading(doc, int(level), shown, tuple(keys), target))
            self.outline[doc] = headings
        self.homes: dict[str, str] = {}
        for key, topic in data["topics"].items():
            home = next((d for d in topic["homes"] if d in self.written), "")
            self.homes[key] = home

    def home(self, topic: str) -> str:
        """The document key that holds the topic in full ('' when none of its homes is written)."""
        return self.homes[topic]

    def is_home(self, topic: str, here: str) -> bool:
        return self.homes[topic] == here

    def heading(self, topic: str) -> Heading | None:
        """The first section of the home document on the topic."""
        home = self.homes[topic]
        return next((h for h in self.outline.get(home, []) if topic in h.topics), None)

    def href(self, topic: str, here: str) -> str:
        """A relative link from document `here` to the topic's home section."""
        found = self.heading(topic)
        if found is None:
            raise ValueError(f"section map: topic {topic!r} has no written home")
        if found.doc == here:
            return f"#{found.anchor}"
        file = self.files[found.doc][0]
        prefix = "../" * self.files[here][0].count("/") if here in self.files else ""
        return f"{prefix}{file}#{found.anchor}"

    def label(self, topic: str) -> str:
        """'design: Main Data Flow' for the topic's home section: the home document's file
        name (what the link opens) and the section, short because every brief section ends
        with such links."""
        found = self.heading(topic)
        if found is None:
            raise ValueError(f"section map: topic {topic!r} has no written home")
        name = self.files[found.doc][0].rsplit("/", 1)[-1].removesuffix(".md")
        return f"{name}: {found.text}"

    def rows(self) -> list[dict[str, str]]:
        """One row per topic, for the guide: topic, home, other sections that link to it."""
        out = []
        for key, title in self.titles.items():
            found = self.heading(key)
            others = [
                f"{self.files[h.doc][0]} ({h.text})"
                for doc in self.written
                for h in self.outline.get(doc, [])
                if key in h.topics and (found is None or h.doc != found.doc)
            ]
            out.append(
                {
                    "topic": title,
                    "home": f"{self.files[found.doc][0]} ({found.text})" if found else "",
                    "linked_from": ", ".join(others),
                }
            )
        return out


def build_sections(
    documents: Sequence[Sequence[str]], written: Sequence[str], names: Mapping[str, str]
) -> SectionMap:
    files = {doc[0]: (doc[1], doc[2]) for doc in documents}
    return SectionMap(load_sections(), files, written, names)


def guide_table(documents: Sequence[Sequence[str]]) -> str:
    """The map as a Markdown table, every document written (the guide's table)."""
    smap = build_sections(documents, DOCUMENT_KEYS, {"deployment": "<target>"})
    lines = ["| Topic | Home | Also a section in (one line + link) |", "| --- | --- | --- |"]
    for row in smap.rows():
        lines.append(f"| {row['topic']} | {row['home']} | {row['linked_from'] or '-'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import importlib

    # Imported by name: the model imports this module, never the reverse.
    DOCUMENTS = importlib.import_module(f"{__package__}.model").DOCUMENTS
    issues = problems(load_sections())
    for issue in issues:
        print(issue, file=sys.stderr)
    if issues:
        sys.exit(1)
    print(guide_table(DOCUMENTS), end="")
