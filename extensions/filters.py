"""Jinja filters that make any answer text safe in Markdown, tables, anchors and Mermaid."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from .questions import slugify

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_BLOCK_START = re.compile(r"^(\d*)([-+=>.)])")
_HEADING = re.compile(r"^#{1,6} ")


def one_line(value: Any) -> str:
    """Text on one line: line breaks and tabs become a space; other spacing is kept."""
    return _BREAKS.sub(" ", str(value)).strip()


def md(value: Any) -> str:
    """Inline Markdown text shown literally, on one line: metacharacters escaped, and a
    leading block marker (list, quote, setext or numbered item) escaped too, so the text
    stays text even where it starts a line."""
    text = _MD_SPECIAL.sub(r"\\\1", one_line(value))
    return _BLOCK_START.sub(r"\1\\\2", text)


def capfirst(value: Any) -> str:
    """Upper-case the first character only (Jinja's `capitalize` lowers the rest)."""
    text = str(value)
    return text[:1].upper() + text[1:]


def md_cell(value: Any) -> str:
    """A table cell: literal text, `|` escaped, never empty."""
    text = md(value)
    return text if text else "-"


def sentence(value: Any) -> str:
    """One line that ends with a full stop (or other closing punctuation)."""
    text = one_line(value)
    return text if not text or text[-1] in ".!?:)" else f"{text}."


def md_tidy(text: str) -> str:
    """Clean a rendered document for Markdown linters.

    No trailing spaces; headings and code fences between blank lines; one blank line at most
    between blocks; code inside fences kept as written; one newline at the end.
    """
    out: list[str] = []
    fence = ""
    after_block = False
    for line in str(text).split("\n"):
        stripped = line.rstrip()
        marker = stripped.lstrip()[:3]
        if fence:
            out.append(line)
            if marker == fence:
                fence, after_block = "", True
            continue
        if not stripped:
            if out and out[-1]:
                out.append("")
            continue
        opens_fence = marker in ("```", "~~~")
        is_heading = _HEADING.match(stripped) is not None
        if (is_heading or opens_fence or after_block) and out and out[-1]:
            out.append("")
        out.append(stripped)
        after_block = is_heading
        fence = marker if opens_fence else ""
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = unicodedata.normalize("NFC", one_line(heading)).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


_MERMAID_ENTITIES = {
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "&": "#amp;",
    ";": "#59;",
    "|": "#124;",
    "`": "#96;",
    "\\": "#92;",
    "{": "#123;",
    "}": "#125;",
    # Mermaid runs regular expressions over the whole text before it parses it: a colon
    # followed by an entity on a line that says "style" or "classDef" loses the line's last
    # character, and "%%{" starts a directive.
    ":": "#58;",
    "%": "#37;",
}
# Mermaid's C4 diagrams show entity codes literally in element labels and drop what looks
# like an HTML tag (Mermaid 12), so a C4 string keeps its text and only swaps what would end
# it, be taken for an entity code, a tag or a directive for a look-alike.
_C4_FIXES = (
    (re.compile('"'), "'"),
    (re.compile("<"), "\uff1c"),
    (re.compile(">"), "\uff1e"),
    (re.compile(r"#(?=\w+;)"), "\uff03"),
    (re.compile("%(?=%)"), "\uff05"),
)


def mermaid_label(value: Any, limit: int = 60, c4: bool = False) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for syntax, shortened.

    With `c4=True`, text for a quoted string of a C4 diagram: no entity codes (Mermaid 12
    shows them literally there); a double quote becomes a single one, angle brackets their
    full-width forms."""
    text = one_line(value)
    if len(text) > limit:
        # Cut at a word boundary, before an unclosed parenthesis: never mid-word.
        cut = text[: limit - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut and text[limit - 1] != " " else cut
        if cut.count("(") > cut.count(")"):
            cut = cut[: cut.rfind("(")]
        text = cut.rstrip(" ,;:") + "…"
    if c4:
        for pattern, replacement in _C4_FIXES:
            text = pattern.sub(replacement, text)
        return text
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)


def mermaid_id(value: Any) -> str:
    """A node id made only of ASCII letters, digits and underscores."""
    ident = slugify(str(value)).replace("-", "_")
    return f"n_{ident}" if ident else "n_node"


def yaml_str(value: Any) -> str:
    """Any text as a YAML double-quoted scalar that parses back to exactly that text.

    JSON string syntax is valid YAML; characters YAML would not take literally (line and
    paragraph separators, NEL, other non-printables) are escaped as well."""
    text = json.dumps(str(value), ensure_ascii=False)
    return "".join(
        ch
        if ch.isprintable()
        else (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        for ch in text
    )


FILTERS: dict[str, Callable[..., str]] = {
    "md": md,
    "md_cell": md_cell,
    "capfirst": capfirst,
    "one_line": one_line,
    "md_tidy": md_tidy,
    "sentence": sentence,
    "anchor": anchor,
    "slugify": slugify,
    "mermaid_label": mermaid_label,
    "mermaid_id": mermaid_id,
    "yaml_str": yaml_str,
}
