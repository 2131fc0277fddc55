"""Diagrams: drawn from the answers, safe for any text, and rendered by Mermaid itself.

The documents of every style x cloud x deployment combination (each with other answers varied
across the catalog), of hostile names and of the C4 option are generated once per test
session, one Copier copy each. Every Mermaid block in them is then rendered in one batch by
tests/mermaid/render.mjs: Mermaid's own bundle in one headless Chromium, once per pinned
Mermaid version. Without Chromium or the npm packages the rendering tests skip, naming the
install step; with the environment variable CI set they fail instead.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    ANSWERS_FILE,
    BASE,
    CATALOG,
    ROOT,
    entries,
    load_answers,
    shared_across_workers,
    snapshot_template,
    valid_matrix,
)
from fast_render import FastRenderer

from extensions.diagrams import COLLAPSE_OVER, all_nodes, build_diagrams, short, walk
from extensions.filters import mermaid_id, mermaid_label
from extensions.model import build_model
from extensions.questions import refusal, slugify, split_domains
from extensions.traits import by_consumers

MERMAID_DIR = ROOT / "tests" / "mermaid"
RENDER_SCRIPT = MERMAID_DIR / "render.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INSTALL = "apt-get install chromium, then npm ci --prefix tests/mermaid"
# The seeds' box drawings: the characters, and their mojibake in seed 002.
BOX_DRAWING = re.compile("[\u2500-\u257f\u25b2\u25ba\u25bc\u25c4]|\u201a\u00ee|\u201a\u00dc")
DIAGRAM_DOCS = ("overview.md", "design.md", "reference.md", "features/feature-template.md")
STRUCTURAL = {"system", "target", "components", "deployment"}

# ---------------------------------------------------------------------------- the cases

DOMAIN_SETS = (
    "accounts",
    "accounts, orders, notifications",
    "identity, catalog, cart, checkout, payments, shipping, returns, reviews, search, "
    "pricing, inventory, reporting",
)
API_SETS = (["rest"], ["rest", "graphql"], ["grpc"], ["rest", "websocket"], ["rest", "events"])
VARIED = ("frontend", "backend_language", "datastore", "cache", "broker", "auth", "idp", "ci")


def _pick(question: str, index: int, answers: dict[str, Any]) -> str:
    """The index-th option of a question, or the next one the other answers allow."""
    keys = entries(question)
    for step in range(len(keys)):
        key = keys[(index + step) % len(keys)]
        if not refusal(CATALOG, question, key, answers):
            return key
    raise AssertionError(f"no valid {question} for {answers}")


def varied(index: int, style: str, cloud: str, deployment: str) -> dict[str, Any]:
    """Answers for one matrix combination, the other choices rotated through the catalog so
    that every option of every diagram-relevant question appears somewhere in the matrix."""
    answers: dict[str, Any] = {"style": style, "cloud": cloud, "deployment": deployment}
    for offset, question in enumerate(VARIED):
        if question == "idp" and answers["auth"] != "oidc":
            continue
        answers[question] = _pick(question, index * (offset + 1) + offset, answers)
    observability = [
        k for k in entries("observability") if k != "cloud_native" or cloud != "onprem"
    ]
    answers["observability"] = observability[index % len(observability)]
    apis = API_SETS[index % len(API_SETS)]
    answers["api_styles"] = (
        apis if answers["broker"] != "none" or "events" not in apis else ["rest"]
    )
    answers["capabilities"] = DOMAIN_SETS[index % len(DOMAIN_SETS)]
    return answers


HOSTILE_NAMES = (
    'Pipe | "quoted" [brackets] <b>tag</b> #1; a&b',
    "end",
    "subgraph style class click graph",
    "`tick` \\back\\ {curly} %%{init: {}}%% 50% ;semi",
    "עברית שלום مرحبا 🚀 Zürich",
    "Long" + "x" * 76,
    'lifestyle:"x" classDef:#y; done',
)
HOSTILE_DOMAINS = 'end, graph, "quoted" [b], a|b <c>, #hash; x, émoji 🚀, עברית 2, style:"z", x-'
STYLE_TARGETS = {
    "monolith": "kubernetes",
    "modular_monolith": "containers_vm",
    "microservices": "kubernetes",
    "serverless": "serverless",
    "event_driven": "paas",
}
C4_CASES = (
    ("monolith", "onprem", "vms"),
    ("modular_monolith", "azure", "containers_vm"),
    ("microservices", "gcp", "kubernetes"),
    ("serverless", "aws", "serverless"),
    ("event_driven", "azure", "paas"),
    ("microservices", "azure", "serverless"),
    ("serverless", "gcp", "paas"),
)


def _cases() -> dict[str, dict[str, Any]]:
    cases = {
        f"{style}-{cloud}-{deployment}": varied(i, style, cloud, deployment)
        for i, (style, cloud, deployment) in enumerate(valid_matrix())
    }
    styles = itertools.cycle(STYLE_TARGETS)
    for i, name in enumerate(HOSTILE_NAMES):
        style = next(styles)
        cases[f"hostile{i}-{style}"] = {
            "project_name": name,
            "capabilities": HOSTILE_DOMAINS,
            "style": style,
            "deployment": STYLE_TARGETS[style],
            "broker": "kafka" if style in ("microservices", "event_driven") else "none",
        }
    for i, (style, cloud, deployment) in enumerate(C4_CASES):
        answers = {**varied(i + 3, style, cloud, deployment), "diagram_style": "c4"}
        if i < 2:
            answers.update(project_name=HOSTILE_NAMES[i], capabilities=HOSTILE_DOMAINS)
        cases[f"c4-{style}-{cloud}-{deployment}"] = answers
    return cases


CASES = _cases()
HOSTILE = [case for case in CASES if "project_name" in CASES[case]]
# Cases whose diagrams every Mermaid version draws (not only parses): names, C4.
DRAWN_BY_ALL = {*HOSTILE, *(case for case in CASES if case.startswith("c4-"))}

# ---------------------------------------------------------------------------- generation


DOCS_PREFIX = "docs/architecture/"


def _generate(root: Path) -> dict[str, Any]:
    """Every case rendered in-process (tests/fast_render.py writes what Copier writes)."""
    renderer = FastRenderer(snapshot_template(root / "template"))
    corpus = {}
    for case, answers in CASES.items():
        files = renderer.render({**BASE, **answers})
        corpus[case] = {
            "answers": yaml.safe_load(files[ANSWERS_FILE]),
            "docs": {
                name.removeprefix(DOCS_PREFIX): text
                for name, text in files.items()
                if name.startswith(DOCS_PREFIX) and name.endswith(".md")
            },
        }
    return corpus


def renderer_missing() -> str:
    """Why Mermaid cannot be run here ('' when it can)."""
    if not shutil.which("node"):
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM}"
    for package in ("mermaid", "mermaid-11", "puppeteer-core"):
        if not (MERMAID_DIR / "node_modules" / package / "package.json").is_file():
            return f"the npm package {package} is not installed in tests/mermaid"
    return ""


def code_key(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:20]


def _render(codes: dict[str, bool], work: Path) -> dict[str, Any]:
    """Every distinct diagram through Mermaid, once per pinned version, in one browser;
    those marked True are drawn by every version (the others are drawn by Mermaid 11 and
    parsed by Mermaid 12)."""
    unique = [{"id": code_key(code), "code": code, "full": full} for code, full in codes.items()]
    batch = work / "diagrams.json"
    batch.write_text(json.dumps(unique))
    started = time.monotonic()
    done = subprocess.run(
        ["node", str(RENDER_SCRIPT), str(batch)],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "CHROMIUM": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        check=False,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"render.mjs failed ({done.returncode}): {done.stderr[-3000:]}")
    versions = {
        version: {r["id"]: r for r in results}
        for version, results in json.loads(done.stdout).items()
    }
    print(f"\nMermaid {list(versions)}: {len(unique)} distinct diagrams in {seconds:.1f} s")
    return {"seconds": seconds, "count": len(unique), "versions": versions}


@pytest.fixture(scope="session")
def corpus(shared_root: Path) -> dict[str, Any]:
    """Every case generated once: its recorded answers and its documents."""
    return shared_across_workers(shared_root, "diagram-corpus", _generate)


@pytest.fixture(scope="session")
def rendered(shared_root: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Mermaid's verdict on every diagram of the corpus, per Mermaid version."""
    if reason := renderer_missing():
        message = f"{reason}; install it with: {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(f"CI must render the diagrams with Mermaid, but {message}")
        pytest.skip(message)
    corpus: dict[str, Any] = request.getfixturevalue("corpus")
    codes: dict[str, bool] = {}
    for case, generated in corpus.items():
        for diagram in blocks(generated["docs"]):
            codes[diagram.code] = codes.get(diagram.code, False) or case in DRAWN_BY_ALL
    return shared_across_workers(shared_root, "diagram-render", lambda work: _render(codes, work))


# ---------------------------------------------------------------------------- parsing

FENCE = re.compile(r"^```mermaid\n(.*?)^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6} (.*)$", re.MULTILINE)
NODE = re.compile(
    r'^\s*(n_\w+)(?:\(\[|\[\(|\[\[|\[/|\(|\[|\{)"(.*)"'
    r"(?:\]\)|\)\]|\]\]|/\]|\)|\]|\})(?::::\w+)?$"
)
GROUP = re.compile(r'^\s*subgraph (n_\w+)\["(.*)"\]$')
EDGE = re.compile(r'^\s*(n_\w+) (?:-->|-\.->)(?:\|"(.*)"\|)? (n_\w+)$')
C4_ITEM = re.compile(r'^\s*(\w+)\((n_\w+), "([^"]*)"(?:, "([^"]*)")?\)( \{)?$')
C4_REL = re.compile(r'^\s*Rel\((n_\w+), (n_\w+), "([^"]*)"\)$')
PARTICIPANT = re.compile(r"^\s*(participant|actor) (n_\w+) as (.*)$")
MESSAGE = re.compile(r"^\s*(n_\w+)(?:->>|-->>|-\))(n_\w+): (.*)$")


def decode(label: str) -> str:
    """What Mermaid shows for a label: entity codes resolved, line breaks as spaces."""
    text = label.replace("<br/>", " ")
    return re.sub(
        r"#(\w+);",
        lambda m: chr(int(m[1])) if m[1].isdigit() else html.unescape(f"&{m[1]};"),
        text,
    )


@dataclass
class Diagram:
    doc: str
    heading: str
    code: str
    kind: str = ""
    nodes: dict[str, str] = field(default_factory=dict)  # id -> label (first line)
    details: dict[str, str] = field(default_factory=dict)  # id -> the lines under it
    groups: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    parents: dict[str, list[str]] = field(default_factory=dict)  # id -> enclosing groups
    unparsed: list[str] = field(default_factory=list)

    def reaches(self, source: str, target: str) -> bool:
        """An edge from source to target, or to a group that holds target."""
        targets = {target, *self.parents.get(target, [])}
        return any(s == source and t in targets for s, _, t in self.edges)

    def text(self, ident: str) -> str:
        return f"{self.nodes[ident]} {self.details.get(ident, '')}".strip()

    @property
    def ids(self) -> set[str]:
        return set(self.nodes) | {s for s, _, t in self.edges} | {t for _, _, t in self.edges}


def parse(doc: str, heading: str, code: str) -> Diagram:
    lines = code.strip().splitlines()
    diagram = Diagram(doc, heading, code, kind=lines[0].split()[0])
    stack: list[str] = []
    for line in lines[1:]:
        if line.strip() in ("end", "}") and stack and not diagram.kind.startswith("sequence"):
            stack.pop()
        elif m := GROUP.match(line):
            diagram.groups[m[1]] = decode(m[2])
            diagram.parents[m[1]] = list(stack)
            stack.append(m[1])
        elif m := NODE.match(line):
            label, _, detail = m[2].partition("<br/>")
            diagram.nodes[m[1]], diagram.details[m[1]] = decode(label), decode(detail)
            diagram.parents[m[1]] = list(stack)
        elif m := EDGE.match(line):
            diagram.edges.append((m[1], decode(m[2] or ""), m[3]))
        elif m := C4_REL.match(line):
            diagram.edges.append((m[1], m[3], m[2]))
        elif m := C4_ITEM.match(line):
            diagram.parents[m[2]] = list(stack)
            if m[5]:
                diagram.groups[m[2]] = m[3]
                stack.append(m[2])
            else:
                diagram.nodes[m[2]], diagram.details[m[2]] = m[3], m[4] or ""
        elif m := PARTICIPANT.match(line):
            diagram.nodes[m[2]] = decode(m[3])
        elif m := MESSAGE.match(line):
            diagram.edges.append((m[1], decode(m[3]), m[2]))
        elif line.strip() not in ("end", "}", "autonumber") and not re.match(
            r"^\s*(accTitle: |(classDef|Note over|alt|else|opt|loop)\b)", line
        ):
            diagram.unparsed.append(line)
    return diagram


def blocks(docs: dict[str, str]) -> Iterator[Diagram]:
    """Every Mermaid block of the documents, with the heading it sits under."""
    for name, text in sorted(docs.items()):
        for match in FENCE.finditer(text):
            headings = HEADING.findall(text[: match.start()])
            yield parse(name, headings[-1] if headings else "", match[1])


def view_of(diagram: Diagram, service: str) -> str:
    """Which view of the model a block is, from its document and heading."""
    known = {
        ("overview.md", "System Architecture"): "system",
        ("design.md", "Architecture Diagram"): "system",
        ("design.md", "Main Data Flow"): "main_flow",
        ("design.md", "Authentication Flow"): "auth",
        ("design.md", "CI/CD Pipeline"): "pipeline",
        ("reference.md", "High-Level Architecture"): "system",
        ("reference.md", "Component Diagram"): "components",
        ("reference.md", "Data Flow"): "main_flow",
        ("reference.md", "Message Queue Architecture"): "message_queue",
        ("reference.md", f"{service} Architecture"): "deployment",
        ("reference.md", "CI/CD Pipeline"): "pipeline",
        ("features/feature-template.md", "Current Architecture"): "system",
        ("features/feature-template.md", "Target Architecture"): "target",
    }
    return known.get((diagram.doc, diagram.heading), "")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unparen(text: str) -> str:
    return re.sub(r"\([^()]*\)", "", text)


# ---------------------------------------------------------------------------- model level


def _model_cases() -> Iterator[dict[str, Any]]:
    """Complete answer sets for the model: every case above, with the questionnaire's
    defaults for what a case leaves out."""
    from extensions.questions import default

    for answers in CASES.values():
        full: dict[str, Any] = {
            "project_name": "My Service",
            "description": "d",
            "owner_team": "t",
            "doc_status": "draft",
            "decision_date": "2026-01-15",
            "capabilities": "accounts, orders, notifications",
            "frontend": "react",
            "backend_language": "python",
            "datastore": "postgresql",
            "cache": "redis",
            "api_styles": ["rest"],
            "auth": "oidc",
            "ci": "github_actions",
            "availability": 99.9,
            "latency_p95_ms": 300,
            "rto_minutes": 240,
            "rpo_minutes": 15,
            "compliance": [],
            "cloud": "aws",
            **answers,
        }
        for question in ("deployment", "backend_framework", "broker", "idp", "observability"):
            if question not in full:
                full[question] = default(CATALOG, question, full)
        yield full


MODELS = [build_model(answers) for answers in _model_cases()]


@pytest.mark.parametrize("model", MODELS, ids=list(CASES))
def test_every_edge_joins_nodes_that_exist_and_ids_are_unique(model: dict[str, Any]) -> None:
    """Mermaid draws an edge to an undefined id as a bare box: the model must never do that."""
    diagrams = model["diagrams"]
    for name in ("system", "target", "components", "deployment", "pipeline", "message_queue"):
        value = diagrams[name]
        if value is None:
            continue
        for graph in (value["flowchart"], value["c4"]) if "flowchart" in value else (value,):
            nodes = [n["id"] for n in all_nodes(graph)]
            groups = [g["id"] for g in walk(graph["groups"])]
            assert len(set(nodes)) == len(nodes), (name, nodes)
            assert len(set(groups)) == len(groups) and not set(groups) & set(nodes), name
            # A flowchart may join a group (many units drawn as one), never a group and a
            # node inside it.
            ends = set(nodes) | (set(groups) if not graph["c4"] else set())
            inside = {
                g["id"]: {n["id"] for n in all_nodes({**graph, "groups": [g], "nodes": []})}
                for g in walk(graph["groups"])
            }
            for edge in graph["edges"]:
                assert {edge["source"], edge["target"]} <= ends, (name, edge)
                for one, other in (
                    (edge["source"], edge["target"]),
                    (edge["target"], edge["source"]),
                ):
                    assert other not in inside.get(one, set()), (name, edge)
    for name in ("main_flow", "auth"):
        sequence = diagrams[name]
        declared = {p["id"] for p in sequence["participants"]}
        for step in sequence["steps"]:
            assert {step.get("source"), step.get("target")} - {None} <= declared, (name, step)
        opened = sum(s["kind"] in ("alt", "opt", "loop") for s in sequence["steps"])
        assert opened == sum(s["kind"] == "end" for s in sequence["steps"]), name


def test_ids_are_ascii_identifiers_never_mermaid_keywords() -> None:
    for word in ("end", "graph", "subgraph", "style", "class", "click", "flowchart", "Note"):
        ident = mermaid_id(word)
        assert ident.startswith("n_") and ident != word
    for text in ("עברית", "🚀", "", '"; DROP', "a b/c"):
        assert re.fullmatch(r"n_[a-z0-9_]+", mermaid_id(text)), text


def test_labels_carry_no_mermaid_syntax() -> None:
    text = 'a "b" <c> #d; e|f `g` \\h {i} j: k%%{l}%% m&n'
    label = mermaid_label(text, 200)
    assert not set(label) & set('"<>|`\\{}:%&'), label
    assert decode(label) == text
    c4 = mermaid_label(text, 200, c4=True)
    assert not set(c4) & set('"<>') and "%%" not in c4 and not re.search(r"#\w+;", c4), c4
    assert mermaid_label("x" * 80).endswith("…") and len(mermaid_label("x" * 80)) == 60


def test_short_names_keep_the_product() -> None:
    assert short("Amazon RDS for PostgreSQL or Amazon Aurora PostgreSQL-Compatible Edition") == (
        "Amazon RDS for PostgreSQL"
    )
    assert short("Azure Managed Redis (Azure Cache for Redis is being retired, so new)") == (
        "Azure Managed Redis"
    )
    assert short("Harbor") == "Harbor"


def test_one_model_draws_both_layouts_of_the_same_nodes() -> None:
    model = MODELS[0]
    for name in ("system", "components", "deployment"):
        view = model["diagrams"][name]
        flow = {n["id"] for n in all_nodes(view["flowchart"])}
        assert flow == {n["id"] for n in all_nodes(view["c4"])}, name
        assert view["c4"]["c4"].startswith("C4") and not view["flowchart"]["c4"]


def test_diagrams_are_part_of_the_model() -> None:
    model = MODELS[0]
    assert model["diagrams"] == build_diagrams(model)


# ---------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("case", list(CASES))
def test_every_diagram_renders_with_mermaid(
    case: str, rendered: dict[str, Any], corpus: dict[str, Any]
) -> None:
    diagrams = list(blocks(corpus[case]["docs"]))
    # Each view drawn once, in its home (system, components, deployment, two flows,
    # pipeline, ...): at least seven, and none twice.
    assert len(diagrams) >= 7
    assert len({d.code for d in diagrams}) == len(diagrams)
    failures = [
        f"{d.doc} / {d.heading} (Mermaid {version}): {result['error']}\n{d.code}"
        for d in diagrams
        for version, results in rendered["versions"].items()
        if not (result := results[code_key(d.code)])["ok"]
    ]
    assert not failures, "\n\n".join(failures)


def _expected_visible(text: str, c4: bool) -> str:
    shown = mermaid_label(text, 60, c4=c4)
    return squash(shown if c4 else decode(shown))


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_text_is_shown_as_written(
    case: str, rendered: dict[str, Any], corpus: dict[str, Any]
) -> None:
    answers = corpus[case]["answers"]
    c4 = answers.get("diagram_style") == "c4"
    name = " ".join(answers["project_name"].split())
    systems = [d for d in blocks(corpus[case]["docs"]) if d.heading == "System Architecture"]
    (system,) = systems
    for version, results in rendered["versions"].items():
        result = results[code_key(system.code)]
        assert result["mode"] == "render", version
        shown = squash(result["text"])
        assert _expected_visible(name[:24], c4) in shown, (version, name, shown)
        if answers["style"] != "monolith":
            for domain in split_domains(answers["capabilities"]):
                assert _expected_visible(domain, c4) in shown, (version, domain, shown)


# ---------------------------------------------------------------------------- content


def _label_of(question: str, key: str) -> str:
    return CATALOG[question]["entries"][key]["label"]


def _service_of(question: str, answers: dict[str, Any]) -> str:
    """The concrete service, in each of its consumer modes (a broker's {pull}/{push} text)."""
    entry = CATALOG[question]["entries"][answers[question]]
    raw = (entry.get("services") or {}).get(answers["cloud"]) or entry["label"]
    return " | ".join(dict.fromkeys(by_consumers(raw, mode) for mode in ("pull", "push")))


def _check_detail(d: Diagram, ident: str, label: str, service: str) -> None:
    """A node shows the option's label, then a piece of the concrete service."""
    assert d.nodes[ident] == label, (ident, d.nodes[ident], label)
    detail = squash(d.details[ident]).rstrip("…")
    assert detail and detail in squash(unparen(service)) + squash(service), (ident, detail)


def _check_system(d: Diagram, answers: dict[str, Any], units: list[str]) -> None:
    style = answers["style"]
    assert {"n_users", "n_entry"} <= d.ids, d.heading
    if style == "monolith":
        assert "n_backend" in d.nodes and not set(units) & set(d.nodes)
    else:
        assert set(units) <= set(d.nodes), (units, d.nodes)
        suffix = CATALOG["style"]["entries"][style]["unit"]
        assert all(d.nodes[u].endswith(f" {suffix}") for u in units), d.nodes
        assert ("n_g_backend" in d.groups) == (style == "modular_monolith"), d.groups
    if style == "modular_monolith":
        # The load balancer reaches instances (their HTTP layer); modules are called in process.
        assert d.reaches("n_entry", "n_backend_http"), d.edges
        assert not any(s == "n_entry" and t in units for s, _, t in d.edges), d.edges
        for unit in units:
            assert d.reaches("n_backend_http", unit), unit
        return
    # The entry point reaches every unit: each serves its capability's requests (the
    # design's flows); in an event-driven system every unit has the same REST layout, so
    # each takes commands and queries, and the others receive the first one's events.
    for unit in units if style != "monolith" else ["n_backend"]:
        assert d.reaches("n_entry", unit), unit
    collapsed = len(units) > COLLAPSE_OVER and not d.kind.startswith("C4")
    if style == "event_driven" and not collapsed:
        verbs = {t: label for s, label, t in d.edges if s == "n_entry" and t in units}
        assert set(verbs.values()) == {"commands and queries"}, verbs
    if style == "event_driven" and answers["broker"] != "none":
        assert all(d.reaches("n_broker", unit) for unit in units[1:]), units


def _check_deployment(d: Diagram, answers: dict[str, Any], units: list[str]) -> None:
    target, cloud = answers["deployment"], answers["cloud"]
    service = _service_of("deployment", answers)
    labels = " ".join(d.groups.values())
    assert _label_of("cloud", cloud) in d.groups.values(), d.groups
    workloads = [f"n_w_{u[2:]}" for u in units] if answers["style"] != "monolith" else []
    if answers["style"] in ("monolith", "modular_monolith"):
        workloads = ["n_w_backend"]
    assert set(workloads) <= set(d.nodes), (workloads, d.nodes)
    if target == "kubernetes":
        slug = slugify(answers["project_name"])
        assert "cluster" in labels and f"namespace {slug}" in labels, labels
        assert all("Deployment" in d.text(w) for w in workloads)
    elif target == "containers_vm":
        assert "Docker Compose project" in labels and "VM group" in labels, labels
    elif target == "vms":
        assert all("systemd service" in d.text(w) for w in workloads), d.details
    else:
        names = (squash(service), squash(unparen(service)))
        assert any(squash(g) in name for g in d.groups.values() for name in names), labels
    for workload in workloads:
        assert d.reaches("n_entry", workload), workload
    if target == "serverless":
        # Besides the functions, the entry may serve the web app's bucket (cloud.yaml
        # static_behind_entry).
        to = {label for s, label, t in d.edges if s == "n_entry" and t != "n_static"}
        assert to == {"HTTP trigger"}
        if answers["broker"] != "none":
            # Every function but the first (the one whose changes are published) receives
            # events, as in the topics view.
            reached = [w for w in workloads if d.reaches("n_broker", w)]
            collapsed = len(workloads) > COLLAPSE_OVER and not d.kind.startswith("C4")
            assert len(reached) == max(len(workloads) - (0 if collapsed else 1), 1), reached


def _check_view(view: str, d: Diagram, answers: dict[str, Any], units: list[str]) -> None:
    if view in ("system", "target"):
        _check_system(d, answers, units)
        assert ("n_new_component" in d.nodes) == (view == "target")
    elif view == "deployment":
        _check_deployment(d, answers, units)
    elif view == "components":
        assert ("n_c_data" in d.nodes) == (answers["datastore"] != "none")
        assert ("n_c_cache" in d.nodes) == (answers["cache"] != "none")
        # A publisher inside the unit, or (change feed) the one relay outside every unit.
        published = "n_c_publisher" in d.nodes or "n_relay" in d.nodes
        assert published == (answers["broker"] != "none")
        assert not ("n_c_publisher" in d.nodes and "n_relay" in d.nodes)
    elif view == "message_queue":
        # One dead-letter destination per subscription, never one shared by all.
        assert "n_alert" in d.nodes and any(n.startswith("n_dlq_") for n in d.nodes), d.nodes
        for domain in split_domains(answers["capabilities"]):
            pattern = CATALOG["broker"]["entries"][answers["broker"]]["topic_pattern"]
            topic = pattern.format(capability=slugify(domain))
            assert topic in d.nodes.values(), topic
    elif view == "main_flow":
        assert "n_entry" in d.nodes and len(d.edges) >= 4
    elif view == "auth":
        expected = {
            "oidc": "n_idp",
            "mtls": "n_ca",
            "sessions": {"redis": "n_cache", "memcached": "n_cache"}.get(answers["cache"], ""),
            "api_keys": "n_person",
            "jwt": "n_person",
        }[answers["auth"]] or ("n_datastore" if answers["datastore"] != "none" else "n_store")
        assert expected in d.nodes, (answers["auth"], d.nodes)
    elif view == "pipeline":
        ci = _label_of("ci", answers["ci"])
        assert any(g.startswith(ci) for g in d.groups.values()), d.groups
        stages = [d.nodes[k].split(" ")[0] for k in sorted(d.nodes) if k.startswith("n_s_")]
        assert stages[:2] == ["Build", "Test"], stages


@pytest.mark.parametrize("case", list(CASES))
def test_diagrams_follow_the_answers(case: str, corpus: dict[str, Any]) -> None:
    answers = corpus[case]["answers"]
    docs = {k: v for k, v in corpus[case]["docs"].items() if k in DIAGRAM_DOCS}
    diagrams = list(blocks(docs))
    service = _service_of("deployment", answers)
    units = [
        f"n_unit_{slugify(d).replace('-', '_')}" for d in split_domains(answers["capabilities"])
    ]
    views = [view_of(d, service) for d in diagrams]
    assert all(views), [(d.doc, d.heading) for d, v in zip(diagrams, views, strict=True) if not v]
    expected = {"system", "target", "components", "deployment", "main_flow", "auth", "pipeline"}
    assert set(views) == expected | ({"message_queue"} if answers["broker"] != "none" else set())
    ids = set().union(*(d.ids for d in diagrams))
    for question, ident in (
        ("cache", "n_cache"),
        ("broker", "n_broker"),
        ("datastore", "n_datastore"),
        ("frontend", "n_frontend"),
    ):
        # Microservices and event-driven systems draw a store per service: n_datastore_<unit>.
        present = any(i == ident or i.startswith(f"{ident}_") for i in ids)
        assert present == (answers[question] != "none"), f"{question}: {ident}"
    assert ("n_idp" in ids) == (answers["auth"] == "oidc")
    for d, view in zip(diagrams, views, strict=True):
        assert not d.unparsed, (d.doc, d.heading, d.unparsed)
        assert "{{" not in d.code and "{%" not in d.code, (d.doc, d.heading)
        c4 = answers.get("diagram_style") == "c4" and view in STRUCTURAL
        assert d.kind.startswith("C4") == c4, (d.doc, d.heading, d.kind)
        for question in ("datastore", "cache", "broker"):
            ident = f"n_{question}"
            if ident in d.nodes and d.kind in ("flowchart", "C4Container"):
                label = _label_of(question, answers[question])
                _check_detail(d, ident, label, _service_of(question, answers))
        _check_view(view, d, answers, units)


@pytest.mark.parametrize("case", list(CASES))
def test_no_seed_box_drawing_in_any_document(case: str, corpus: dict[str, Any]) -> None:
    for name, text in corpus[case]["docs"].items():
        assert not BOX_DRAWING.search(text), (name, BOX_DRAWING.search(text))


def test_the_c4_option_is_asked_and_explained() -> None:
    spec = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))["diagram_style"]
    assert spec["default"] == "flowchart"
    assert set(spec["choices"].values()) == {"flowchart", "c4"}
    labels = " ".join(spec["choices"])  # the prompt fits 76 columns; the choices explain
    assert "experimental" in labels and "GitHub" in labels


def test_diagram_style_is_asked_only_when_a_document_has_diagrams(render) -> None:
    assert "diagram_style" not in load_answers(render(documents=["target"]))
    project = render(documents=["overview"], diagram_style="c4")
    assert load_answers(project)["diagram_style"] == "c4"
    assert "```mermaid\nC4Container\n" in (project / "docs/architecture/overview.md").read_text()


def test_renderer_is_pinned_to_the_npm_registry() -> None:
    manifest = json.loads((MERMAID_DIR / "package.json").read_text())
    lock = json.loads((MERMAID_DIR / "package-lock.json").read_text())
    for name, version in manifest["dependencies"].items():
        assert re.fullmatch(r"(npm:mermaid@)?\d+\.\d+\.\d+", version), (name, version)
    resolved = [p.get("resolved", "") for p in lock["packages"].values()]
    assert all(r.startswith("https://registry.npmjs.org/") for r in resolved if r), resolved
