"""Render the template in-process without Copier's per-run machinery, for matrices.

A real `copier copy` clones the template, runs the questionnaire and writes files: about a
third of a second per project even with the extension's shared caches. Matrix tests render
dozens of combinations whose questionnaire path is the same, so this renderer builds one
Jinja environment the way Copier does (same loader root, extensions and envops from
copier.yml), completes the answers from copier.yml's defaults and `when` conditions, and
renders the paths and files of `_subdirectory`. `tests/test_fast_render.py` proves its
output byte-identical to Copier's for a sample of combinations; anything about Copier's
own behaviour (questions, validation, updates) is tested through Copier.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from copier._jinja_ext import (
    CopierTemplateLoader,
    SandboxedEnvironment,
    YieldExtension,
    get_yield_context,
)
from jinja2 import Template

SUFFIX = ".jinja"


class FastRenderer:
    def __init__(self, template_root: Path) -> None:
        self.root = template_root
        self.config: dict[str, Any] = yaml.safe_load(
            (template_root / "copier.yml").read_text(encoding="utf-8")
        )
        self.env = SandboxedEnvironment(  # Copier's sandbox and loader, as `copier copy`
            loader=CopierTemplateLoader(template_root),
            extensions=[
                "jinja2_ansible_filters.AnsibleCoreFiltersExtension",
                YieldExtension,
                *self.config["_jinja_extensions"],
            ],
            **self.config.get("_envops", {}),
        )
        self._strings: dict[str, Template] = {}

    def _render(self, text: str, context: dict[str, Any]) -> str:
        # Strings (defaults, path parts) are compiled once per renderer: Jinja keeps only the
        # templates it loads by name. Reading the source resets the `yield` tag's state.
        if text not in self._strings:
            self._strings[text] = self.env.from_string(text)
        else:
            self.env.preprocess(text)
        return self._strings[text].render(context)

    def _paths(
        self, parts: list[str], context: dict[str, Any]
    ) -> list[tuple[list[str], dict[str, Any]]]:
        """Each (rendered parts, context) these path parts give, as Copier renders them: a
        part with a `yield` tag gives one path per item; an empty part, none."""
        if not parts:
            return [([], context)]
        rendered = self._render(parts[0], context)
        yielded = get_yield_context(self.env)
        if yielded.yield_name:
            contexts = [{**context, yielded.yield_name: v} for v in yielded.yield_iterable or ()]
        else:
            contexts = [context]
        found: list[tuple[list[str], dict[str, Any]]] = []
        for each in contexts:
            if each is not context:
                rendered = self._render(parts[0], each)
            if rendered:
                found += [([rendered, *rest], c) for rest, c in self._paths(parts[1:], each)]
        return found

    def answers(self, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(every answer, the recorded ones) for these data, as Copier completes them."""
        context: dict[str, Any] = {"_copier_conf": {"answers_file": ""}}
        recorded: dict[str, Any] = {}
        for name, spec in self.config.items():
            if name.startswith("_"):
                continue
            asked = True
            if "when" in spec:
                when = spec["when"]
                asked = when if isinstance(when, bool) else self._render(when, context) == "True"
            if name in data:
                value = data[name]
            else:
                value = spec.get("default")
                if isinstance(value, str) and "{" in value:
                    value = self._render(value, context)
                    if spec.get("type") in ("yaml", "json") or spec.get("multiselect"):
                        value = yaml.safe_load(value)
            kind = spec.get("type", "str")
            if "{" in kind:  # a templated type, such as the number questions' archdocs_type
                kind = self._render(kind, {**context, name: value})
            if not spec.get("multiselect") and value is not None:
                value = {"int": int, "float": float, "bool": bool}.get(kind, lambda v: v)(value)
            context[name] = value
            if asked:
                recorded[name] = value
        return context, recorded

    def render(self, data: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, str]:
        """{relative path: text} of every file a copy with these answers writes."""
        context, recorded = self.answers(data)
        answers_file = self._render(self.config["_answers_file"], context)
        context["_copier_conf"] = {"answers_file": answers_file, "dst_path": ""}
        context["_copier_answers"] = {**(extra or {}), **recorded}
        subdirectory = self._render(self.config["_subdirectory"], context)
        base = self.root / subdirectory
        out: dict[str, str] = {}
        for path in sorted(base.rglob("*")):
            if not path.is_file():
                continue
            *folders, name = path.relative_to(base).parts
            is_template = name.endswith(SUFFIX)
            for parts, file_context in self._paths([*folders, name.removesuffix(SUFFIX)], context):
                relative = "/".join(parts)
                if is_template:
                    template = self.env.get_template(str(path.relative_to(self.root)))
                    out[relative] = template.render(file_context)
                else:
                    out[relative] = path.read_text(encoding="utf-8")
        return out

    def write(self, data: dict[str, Any], dst: Path) -> Path:
        """Write what a copy with these answers writes into dst (a new folder)."""
        for relative, text in self.render(data).items():
            (dst / relative).parent.mkdir(parents=True, exist_ok=True)
            (dst / relative).write_text(text, encoding="utf-8")
        return dst
