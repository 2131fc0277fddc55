"""Measures of a generated docs/architecture folder: size, repetition, copied diagrams, links.

Copied from the expert review's tool (`shared/tools/docmetrics.py` of the December 2026
review, issue 17), typed and formatted for this repository; the measures are unchanged, so
the figures the tests assert are the ones the review used.

narrative_words: overview, design, reference, target-architecture and the feature template.
repeated_pct: words of the narrative documents' (and index's) sentences of 8+ words that
stand, identical after normalising case and spacing, in another file of the folder.
diagrams_copied: Mermaid blocks that appear, identical, in more than one file.
circular: contexts of the form "X needs a <topic> that fits the <style>".
broken_links: relative links whose file or GitHub anchor does not exist.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

NARRATIVE = (
    "overview.md",
    "design.md",
    "reference.md",
    "target-architecture.md",
    "features/feature-template.md",
    "README.md",
)
FENCED = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1\s*$", re.S | re.M)
MERMAID = re.compile(r"^```mermaid\s*\n(.*?)^```\s*$", re.S | re.M)


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def sentences(text: str) -> list[str]:
    text = FENCED.sub("\n", text)
    out = []
    for line in text.splitlines():
        cells = line.split("|") if line.lstrip().startswith("|") else [line]
        for cell in cells:
            cell = re.sub(r"[*_`#>]+|\[([^\]]*)\]\([^)]*\)", r"\1", cell)
            for s in re.split(r"(?<=[.!?;:])\s+", cell):
                s = re.sub(r"\s+", " ", s).strip().lower().strip("-. ")
                if len(s.split()) >= 8:
                    out.append(s)
    return out


def measure_files(files: dict[str, str]) -> dict[str, float]:
    """The figures for a folder given as {path relative to it: text} (Markdown files only)."""
    narrative = {k: v for k, v in files.items() if k in NARRATIVE}
    where: dict[str, set[str]] = defaultdict(set)
    for name, text in files.items():
        for s in sentences(text):
            where[s].add(name)
    total = rep = 0
    for text in narrative.values():
        for s in sentences(text):
            n = len(s.split())
            total += n
            if len(where[s]) > 1:
                rep += n
    blocks: dict[str, set[str]] = defaultdict(set)
    for name, text in files.items():
        for b in MERMAID.findall(text):
            blocks[re.sub(r"\s+", " ", b.strip())].add(name)
    circular = sum(
        len(re.findall(r"needs an? [\w ,/-]{1,60}? that fits the", t)) for t in files.values()
    )
    return {
        "narrative_words": sum(words(v) for k, v in narrative.items() if k != "README.md"),
        "overview_words": words(files.get("overview.md", "")),
        "all_words": sum(words(v) for v in files.values()),
        "repeated_pct": 100.0 * rep / total if total else 0.0,
        "diagrams_copied": sum(1 for v in blocks.values() if len(v) > 1),
        "circular": circular,
    }


def measure(arch: Path) -> dict[str, float]:
    return measure_files(
        {
            str(p.relative_to(arch)): p.read_text(errors="replace")
            for p in sorted(arch.rglob("*.md"))
        }
    )


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    h = re.sub(r"<[^>]+>|`", "", heading).strip().lower()
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for line in FENCED.sub("\n", text).splitlines():
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        s = slug(m.group(1))
        n = seen.get(s, 0)
        seen[s] = n + 1
        out.add(s if n == 0 else f"{s}-{n}")
    for m in re.finditer(r'<a\s+(?:id|name)="([^"]+)"', text):
        out.add(m.group(1))
    return out


def broken_links_files(files: dict[str, str]) -> list[str]:
    """Relative links between the files (paths relative to the folder, '/'-separated) whose
    file or #anchor does not exist."""
    bad = []
    for name, text in sorted(files.items()):
        folder = Path(name).parent
        for target in re.findall(r"\]\(([^)\s]+)\)", FENCED.sub("\n", text)):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, frag = target.partition("#")
            dest = _normal(folder / path) if path else name
            if path and dest not in files and not dest.endswith("/"):
                if not any(f.startswith(dest + "/") for f in files):
                    bad.append(f"{name} -> {target}")
                continue
            if frag and dest.endswith(".md") and dest in files and frag not in anchors(files[dest]):
                bad.append(f"{name} -> {target}")
    return bad


def _normal(path: Path) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


if __name__ == "__main__":
    import json
    import sys

    if len(sys.argv) < 2:
        sys.exit("usage: docmetrics.py DOCS_ARCHITECTURE_FOLDER...")
    for a in sys.argv[1:]:
        root = Path(a)
        files = {
            str(p.relative_to(root)): p.read_text(errors="replace")
            for p in root.rglob("*")
            if p.is_file()
        }
        result: dict[str, object] = {**measure(root)}
        result["broken_links"] = broken_links_files(files)
        print(a)
        print(json.dumps(result, indent=2, default=lambda x: round(x, 1)))
