"""The README and the user guide (docs/guide/, built by mkdocs.guide.yml).

The README is short, starts with the two commands, links every guide page, and every relative
link in it (and in CONTRIBUTING.md and the guide) reaches a file, and a heading by GitHub's
anchor rules; the guide builds with `mkdocs build --strict`, which fails on a broken link.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown import MD, github_anchors

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "guide"
CONFIG = ROOT / "mkdocs.guide.yml"
PAGES = sorted(GUIDE.glob("*.md"))

SAMPLE_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e . && "
    '.venv/bin/copier copy --trust --defaults --vcs-ref HEAD "$PWD" sample'
)
TEST_COMMAND = (
    'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && .venv/bin/pytest -n auto'
)
MAX_README_LINES = 300
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def links(text: str) -> list[str]:
    """Every link and image target of a Markdown text (none from code)."""
    found = []
    for token in MD.parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
            elif child.type == "image":
                found.append(str(child.attrs["src"]))
    return found


def broken_links(document: Path, root: Path = ROOT) -> list[str]:
    """The relative links of `document` that reach no file under `root`, or no heading."""
    broken = []
    for href in links(document.read_text(encoding="utf-8")):
        if SCHEME.match(href):
            continue
        path, _, anchor = href.partition("#")
        target = (document.parent / path).resolve() if path else document
        if not target.is_relative_to(root) or not target.exists():
            broken.append(f"{href}: no such file")
        elif anchor and anchor not in github_anchors(target.read_text(encoding="utf-8")):
            broken.append(f"{href}: no heading with that anchor in {target.name}")
    return broken


def test_readme_is_at_most_300_lines() -> None:
    count = len(README.read_text(encoding="utf-8").splitlines())
    assert count <= MAX_README_LINES, f"README.md has {count} lines"


def test_readme_starts_with_the_two_commands() -> None:
    tokens = MD.parse(README.read_text(encoding="utf-8"))
    first_section = next(
        i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"
    )
    blocks = [(t.info, t.content) for t in tokens[:first_section] if t.type == "fence"]
    assert blocks[:2] == [("sh", SAMPLE_COMMAND + "\n"), ("sh", TEST_COMMAND + "\n")]


def test_readme_links_every_guide_page() -> None:
    hrefs = links(README.read_text(encoding="utf-8"))
    linked = {(ROOT / href.partition("#")[0]).resolve() for href in hrefs}
    assert PAGES and {page.resolve() for page in PAGES} <= linked


@pytest.mark.parametrize(
    "document",
    [README, ROOT / "CONTRIBUTING.md", *PAGES],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_relative_links_resolve(document: Path) -> None:
    assert broken_links(document) == []


def test_the_link_check_finds_a_missing_anchor_and_file(tmp_path: Path) -> None:
    text = "# Title\n\n[a](#title) [b](#missing) [c](no-such-file.md) [d](https://x.org/#y)\n"
    document = tmp_path / "bad.md"
    document.write_text(text, encoding="utf-8")
    assert links(text) == ["#title", "#missing", "no-such-file.md", "https://x.org/#y"]
    assert broken_links(document, root=tmp_path) == [
        "#missing: no heading with that anchor in bad.md",
        "no-such-file.md: no such file",
    ]


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_guide_builds_with_strict(tmp_path: Path) -> None:
    result = build(CONFIG, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in PAGES:
        html = "index.html" if page.stem == "index" else f"{page.stem}/index.html"
        assert (tmp_path / "site" / html).is_file(), page.name


def test_strict_guide_build_fails_on_a_broken_anchor(tmp_path: Path) -> None:
    shutil.copy(CONFIG, tmp_path / CONFIG.name)
    shutil.copytree(GUIDE, tmp_path / "docs" / "guide")
    index = tmp_path / "docs" / "guide" / "index.md"
    index.write_text(index.read_text() + "\n[gone](updating.md#no-such-heading)\n")
    result = build(tmp_path / CONFIG.name, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-heading" in result.stdout + result.stderr
