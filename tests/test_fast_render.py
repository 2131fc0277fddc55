"""The in-process renderer used for matrices writes exactly what `copier copy` writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ANSWERS_FILE, load_answers, run_copy
from fast_render import FastRenderer

SAMPLES: list[dict[str, Any]] = [
    {},
    {"style": "microservices", "cloud": "gcp", "deployment": "kubernetes", "broker": "kafka"},
    {"style": "serverless", "cloud": "azure", "datastore": "cosmosdb", "auth": "jwt"},
    {
        "style": "monolith",
        "cloud": "onprem",
        "deployment": "vms",
        "frontend": "none",
        "datastore": "sqlite",
        "cache": "none",
        "adr_format": "nygard",
    },
    {
        "style": "event_driven",
        "cloud": "aws",
        "api_styles": ["rest", "events"],
        "compliance": ["gdpr", "pci_dss"],
        "diagram_style": "c4",
        "project_name": 'Orders | "Checkout" <v2>',
        "capabilities": "payments, refunds",
    },
]


@pytest.mark.parametrize(
    "data", SAMPLES, ids=lambda d: "-".join(map(str, d.values()))[:40] or "defaults"
)
def test_fast_renderer_matches_copier(data: dict[str, Any], template_repo: Path, tmp_path: Path):
    project = run_copy(template_repo, tmp_path / "copy", **data)
    written = {
        str(p.relative_to(project)): p.read_text(encoding="utf-8")
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }
    recorded = load_answers(project)
    extra = {"_commit": recorded["_commit"], "_src_path": recorded["_src_path"]}
    from conftest import BASE

    rendered = FastRenderer(template_repo).render({**BASE, **data}, extra)
    assert sorted(rendered) == sorted(written)
    for name, text in written.items():
        assert rendered[name] == text, name
    assert ANSWERS_FILE in rendered
