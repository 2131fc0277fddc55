"""The Copier extension: questionnaire helpers as Jinja globals, and the model in the context.

Loaded by `copier_template_extensions.TemplateExtensionLoader` as
`extensions/context.py:ArchDocs`. The sibling modules are imported under a name unique to
this folder, so that `copier update`, which renders two template versions in one process,
never runs one version's code for the other.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from copier_template_extensions import ContextHook
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

_HERE = Path(__file__).resolve().parent


def _package() -> str:
    """Import this folder as a package with a unique name; return that name."""
    name = "archdocs_" + hashlib.sha256(str(_HERE).encode()).hexdigest()[:16]
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, _HERE / "__init__.py", submodule_search_locations=[str(_HERE)]
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return name


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{_package()}.{name}")


catalog_mod = _module("catalog")
questions_mod = _module("questions")
model_mod = _module("model")
filters_mod = _module("filters")
features_mod = _module("features")

# Answers that decide the model; the model is cached per distinct set of them.
MODEL_KEYS = (
    "project_name",
    "description",
    "owner_team",
    "doc_status",
    "decision_date",
    "capabilities",
    "availability",
    "latency_p95_ms",
    "rto_minutes",
    "rpo_minutes",
    "documents",
    *catalog_mod.QUESTIONS,
    "template_records",
)
# Answers the model can do without: idp (asked only with OIDC), template_records (asked last,
# absent from answers files before v0.4.0: every record is then written).
OPTIONAL_KEYS = ("idp", "template_records")
# In the feature scope, the feature's answers decide the model's `feature` too. (In the
# system scope they are only defaults of hidden questions: keying on them would build the
# model again for every question Copier renders after them.)
FEATURE_KEYS = ("scope", *(q for q in features_mod.QUESTIONS if q != "system"))
# The model of each set of answers, built once per run: Copier makes a new context, and so
# calls `hook`, for every string and file it renders (about 200 times with a complete set of
# answers in a copy, where building the model takes 15 to 30 ms). This module is imported
# once per template folder (see `_package`), so two template versions never share a model.
_MODELS: dict[str, dict[str, Any]] = {}


def model_for(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """The model for a complete set of answers (None while the questionnaire runs)."""
    if any(key not in answers for key in MODEL_KEYS if key not in OPTIONAL_KEYS):
        return None
    keys = (*MODEL_KEYS, *FEATURE_KEYS) if answers.get("scope") == "feature" else MODEL_KEYS
    key = repr([answers.get(k) for k in keys])  # repr: 99 and 99.0 differ
    if key not in _MODELS:
        if len(_MODELS) > 256:  # a long-lived process rendering many answer sets
            _MODELS.clear()
        _MODELS[key] = model_mod.build_model(answers)
    return _MODELS[key]


@pass_context
def archdocs_choices(context: Context, question: str) -> str:
    if question in features_mod.QUESTIONS:
        return features_mod.choices_yaml(question, context)
    return questions_mod.choices_yaml(catalog_mod.load_catalog(), question, context)


@pass_context
def archdocs_default(context: Context, question: str) -> Any:
    if question in features_mod.QUESTIONS:
        return features_mod.default(question, context)
    return questions_mod.default(catalog_mod.load_catalog(), question, context)


@pass_context
def archdocs_validate(context: Context, question: str) -> str:
    if question in features_mod.QUESTIONS:
        return features_mod.validate(question, context)
    return questions_mod.validate(question, context)


@pass_context
def archdocs_type(context: Context, question: str) -> str:
    return questions_mod.number_type(question, context)


@pass_context
def archdocs_has_system(context: Context) -> bool:
    """Whether the destination holds the system's answers file already: only there is a
    feature's scope worth asking about."""
    conf = context.get("_copier_conf") or {}
    try:
        destination = Path(str(conf["dst_path"]))
    except (KeyError, TypeError):
        return False
    return (destination / SYSTEM_ANSWERS_FILE).is_file()


SYSTEM_ANSWERS_FILE = ".copier-answers.archdocs.yml"


class ArchDocs(ContextHook):
    """Adds the questionnaire globals, the Markdown/Mermaid filters and `arch` (the model)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals.update(
            archdocs_choices=archdocs_choices,
            archdocs_default=archdocs_default,
            archdocs_validate=archdocs_validate,
            archdocs_type=archdocs_type,
            archdocs_has_system=archdocs_has_system,
            archdocs_system_answers=features_mod.system_json,
        )
        environment.filters.update(filters_mod.FILTERS)

    def hook(self, context: dict[str, Any]) -> None:
        features_mod.overlay(context)  # feature scope: the system's recorded answers
        model = model_for(context)
        if model is not None:
            context["arch"] = model
