"""The knowledge catalog: one YAML file per question, parsed once per process and checked.

Run `python -m extensions.catalog` to validate the whole catalog (exit 1 on problems).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
CLOUDS = ("aws", "azure", "gcp", "onprem")

# Question order: `requires` may only name an earlier question.
QUESTIONS: tuple[str, ...] = (
    "style",
    "actors",
    "cloud",
    "deployment",
    "paas_service",
    "hosting",
    "frontend",
    "mobile_app",
    "backend_language",
    "backend_framework",
    "datastore",
    "cache",
    "broker",
    "api_styles",
    "auth",
    "idp",
    "ci",
    "observability",
    "compliance",
)
MULTISELECT = frozenset({"actors", "api_styles", "compliance"})
# What each file holds is extensions/schema.py (pydantic models), imported only to check a
# content not yet checked in this process: building the models costs more than the loading.

Catalog = dict[str, dict[str, Any]]
# libyaml's safe loader when PyYAML has it (about ten times faster), else the pure one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# The template's one cache: catalog data files as parsed, by the sha256 of their bytes (and
# the whole catalog by that of all its files). It lives as long as the process, not as long
# as this module: Copier clones the template for every run and `copier update` renders
# several clones (old and new versions) in one process, each importing this module afresh
# under its own name (see context.py). Keyed by content, a version only ever gets data
# parsed from its own files. The values are shared: never modify them.
_PARSED: dict[str, Any] = vars(
    sys.modules.setdefault("copier_archdocs_catalog", ModuleType("copier_archdocs_catalog"))
).setdefault("parsed", {})


def _parsed(digest: str, parse: Callable[[], Any]) -> Any:
    if digest not in _PARSED:
        if len(_PARSED) > 64:  # many template versions in one long-lived process
            _PARSED.clear()
        _PARSED[digest] = parse()
    return _PARSED[digest]


def _parse(raw: bytes) -> Any:
    return yaml.load(raw.decode("utf-8"), Loader=_Loader)


def load_yaml(path: Path) -> Any:
    """A YAML data file, parsed once per process and content."""
    raw = path.read_bytes()
    return _parsed(hashlib.sha256(raw).hexdigest(), lambda: _parse(raw))


def load_checked(path: Path, kind: str) -> Any:
    """A data file that is not a question file (checklist, rollout), parsed and checked
    against its schema once per process and content (raises schema.CatalogError)."""
    raw = path.read_bytes()

    def parse() -> Any:
        from . import schema

        data = _parse(raw)
        schema.require(schema.check_file(kind, data, path))
        return data

    return _parsed(f"{kind}\0" + hashlib.sha256(raw).hexdigest(), parse)


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Every catalog file, parsed once per process and content: {question: {title, entries}}.

    The same content always gives the same (read-only) object. A content is checked against
    the schema when it is first parsed: a file that does not match raises
    schema.CatalogError, one line per problem."""
    raw = [(directory / f"{question}.yaml").read_bytes() for question in QUESTIONS]
    digest = hashlib.sha256(b"catalog\0" + b"\0".join(raw)).hexdigest()

    def parse() -> Catalog:
        from . import schema

        loaded = {q: _parse(text) for q, text in zip(QUESTIONS, raw, strict=True)}
        schema.require(schema.check_catalog_files(loaded, directory))
        return loaded

    catalog: Catalog = _parsed(digest, parse)
    return catalog


def fill_tokens(value: Any, tokens: Mapping[str, str]) -> Any:
    """Catalog prose with its {placeholder} tokens replaced, through lists and maps."""
    if isinstance(value, str):
        for token, text in tokens.items():
            value = value.replace(token, text)
        return value
    if isinstance(value, list):
        return [fill_tokens(v, tokens) for v in value]
    if isinstance(value, dict):
        return {k: fill_tokens(v, tokens) for k, v in value.items()}
    return value


def is_cloud_map(value: object) -> bool:
    """A map keyed by cloud names holds a per-cloud fact."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(CLOUDS)


def _strings(value: object) -> list[str]:
    """Every string inside a value, skipping cloud maps (which may name clouds)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict) and not is_cloud_map(value):
        return [s for item in value.values() for s in _strings(item)]
    return []


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word, case-sensitive pattern for a catalog term."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")


def check_catalog(catalog: Catalog, directory: Path = CATALOG_DIR) -> list[str]:
    """Every problem in the catalog, as messages naming the file, entry and field: the
    schema's, then writing rule 1 (an option's text names no other option of its file; too
    slow to run on every load, so the tests and `python -m extensions.catalog` run it)."""
    from . import schema

    problems = schema.check_catalog_files(catalog, directory)
    if problems:
        return problems
    for question in QUESTIONS:
        entries: dict[str, dict[str, Any]] = catalog[question]["entries"]
        others_terms = {
            key: [term_pattern(t) for t in [entry["label"], *entry["terms"]]]
            for key, entry in entries.items()
            if key != "none"
        }
        for key, entry in entries.items():
            where = f"{schema.display(directory / f'{question}.yaml')}: entries.{key}"
            text = " ".join(
                _strings({k: v for k, v in entry.items() if k not in ("alternatives", "terms")})
            )
            for other, patterns in others_terms.items():
                if other == key or entries[other]["label"] in entry["label"]:
                    continue
                for pattern in patterns:
                    if pattern.search(text):
                        problems.append(f"{where}: names another option '{pattern.pattern}'")
    return problems


def report(problems: list[str]) -> int:
    """Print the problems a check found and their count; the exit status (1 if any)."""
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def main() -> int:
    from .schema import CatalogError
    from .traits import check_traits, load_traits

    try:
        catalog = load_catalog()
        traits = load_traits()
    except CatalogError as error:
        return report(error.problems)
    return report(check_catalog(catalog) + check_traits(catalog, traits))


if __name__ == "__main__":
    sys.exit(main())
