"""Round 4 of issue 19: sections that link to a topic's home say the decided fact first.

One fact, one home: a section whose topic lives in another document carries one sentence
that states the fact in brief (from the model: the platform's scaling, the observability
product, the backup window, the versioning rule ...) and then the link; a topic that does
not apply to the system (caching without a cache) gets no link at all. The cases also hold
the literal fixes of the third blind review: run-together sentences, generic example
resources, mislabelled test levels and record wording. Each case names a statement that
must appear and one that must not, with the vendor page behind the fact where there is one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_combinations import documents

NARRATIVE = ("overview.md", "design.md", "reference.md", "target-architecture.md")

# Five systems of different classes (style, cloud, deployment, store, broker, frontend).
SYSTEMS: dict[str, dict[str, Any]] = {
    "microservices-eks": {},
    "functions-azure": {
        "style": "serverless",
        "cloud": "azure",
        "deployment": "serverless",
        "datastore": "cosmosdb",
        "broker": "azure_service_bus",
        "backend_language": "typescript",
        "backend_framework": "none",
        "frontend": "none",
        "idp": "entra_id",
        "ci": "gitlab_ci",
        "observability": "cloud_native",
    },
    "monolith-onprem-vms": {
        "style": "monolith",
        "cloud": "onprem",
        "deployment": "vms",
        "datastore": "sqlserver",
        "cache": "redis",
        "broker": "rabbitmq",
        "frontend": "server_rendered",
        "backend_language": "csharp",
        "backend_framework": "aspnet_core",
        "auth": "sessions",
        "ci": "jenkins",
    },
    "modular-cloud-run": {
        "style": "modular_monolith",
        "cloud": "gcp",
        "deployment": "paas",
        "datastore": "postgresql",
        "broker": "google_pubsub",
        "frontend": "vue",
        "backend_language": "kotlin",
        "idp": "okta",
        "observability": "cloud_native",
    },
    "event-driven-gke-cassandra": {
        "style": "event_driven",
        "cloud": "gcp",
        "deployment": "kubernetes",
        "datastore": "cassandra",
        "broker": "kafka",
        "cache": "redis",
        "idp": "google_identity_platform",
        "hosting": "managed",
        "observability": "cloud_native",
        "api_styles": ["rest", "events"],
    },
}

FENCED = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1\s*$", re.S | re.M)


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body without sub-sections) of every section, code blocks left out."""
    found: list[tuple[str, str]] = []
    heading, body = "", []
    for line in FENCED.sub("\n", text).splitlines():
        if re.match(r"#{1,6} ", line):
            if heading:
                found.append((heading, "\n".join(body).strip()))
            heading, body = line, []
        elif line.strip() != "---":
            body.append(line)
    if heading:
        found.append((heading, "\n".join(body).strip()))
    return found


def link_only(body: str) -> bool:
    """A body that is only links (with 'See' or a few words around them)."""
    if "](" not in body:
        return False
    rest = re.sub(r"\[[^\]]*\]\([^)]*\)", "", body).replace("See [", "[")
    return len(re.findall(r"\w+", rest)) <= 1


def section(doc: str, heading: str, **over: Any) -> str:
    bodies = [b for h, b in sections(documents(doc, **over)) if h == heading]
    assert bodies, heading
    return bodies[0]


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_no_section_is_only_a_link(system: str) -> None:
    over = SYSTEMS[system]
    stubs = [
        f"{doc}: {heading}"
        for doc in NARRATIVE
        for heading, body in sections(documents(doc, **over))
        if link_only(body) and heading != "### Internal Documentation"
    ]
    assert stubs == []
    # And the old stub wording is gone from every one of them.
    text = documents(*NARRATIVE, **over)
    assert "\nSee [" not in text
    assert "The system diagram is drawn once." not in text


# (id, answers, document, heading, must appear in the section, must not appear in it)
CASES: list[tuple[str, dict[str, Any], str, str, str, str]] = [
    # Cloud Run adds instances by concurrency and CPU:
    # https://cloud.google.com/run/docs/about-instance-autoscaling
    (
        "overview-scaling-names-what-cloud-run-scales-on",
        SYSTEMS["modular-cloud-run"],
        "overview.md",
        "### Horizontal Scaling",
        "Unit of scale: the Cloud Run service",
        "instance instances",
    ),
    (
        "reference-scaling-names-what-cloud-run-scales-on",
        SYSTEMS["modular-cloud-run"],
        "reference.md",
        "### Horizontal Scaling",
        "Cloud Run scales out with instances added by in-flight requests per instance",
        "Cloud Run instance instances",
    ),
    # On VMs nothing scales out by itself:
    # https://developer.hashicorp.com/packer/docs/intro
    (
        "target-scaling-on-vms-has-no-autoscaler",
        SYSTEMS["monolith-onprem-vms"],
        "target-architecture.md",
        "### Scalability",
        "No autoscaler on Linux virtual machines; the peak load sets how many run.",
        "Scales out on",
    ),
    # Kubernetes scales pods with a HorizontalPodAutoscaler:
    # https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
    (
        "target-scaling-on-eks-scales-out",
        SYSTEMS["microservices-eks"],
        "target-architecture.md",
        "### Scalability",
        "Scales out on Amazon EKS; the peak load sets its maximum.",
        "No autoscaler",
    ),
    (
        "reference-scaling-on-vms-has-no-autoscaler",
        SYSTEMS["monolith-onprem-vms"],
        "reference.md",
        "### Horizontal Scaling",
        "No autoscaler on Linux virtual machines",
        "scales out with",
    ),
    # Azure Monitor metrics with Application Insights:
    # https://learn.microsoft.com/azure/azure-monitor/essentials/data-platform-metrics
    (
        "metrics-names-the-observability-product",
        SYSTEMS["functions-azure"],
        "reference.md",
        "### Metrics",
        "Azure Monitor Metrics: request rate, errors and p95 latency",
        "The cloud's own monitoring",
    ),
    (
        "metrics-names-the-self-chosen-stack",
        SYSTEMS["microservices-eks"],
        "reference.md",
        "### Metrics",
        "Amazon Managed Service for Prometheus: request rate",
        "Azure Monitor",
    ),
    # Cosmos DB continuous backup keeps 7 or 30 days:
    # https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction
    (
        "backup-states-the-window",
        SYSTEMS["functions-azure"],
        "reference.md",
        "### Backup Strategy",
        "Azure Cosmos DB for NoSQL backups, with point-in-time restore over 7 days",
        "30 days",
    ),
    # Cloud SQL point-in-time recovery keeps up to 35 days of logs:
    # https://cloud.google.com/sql/docs/postgres/backup-recovery/pitr
    (
        "backup-states-the-window-cloud-sql",
        SYSTEMS["modular-cloud-run"],
        "reference.md",
        "### Backup Strategy",
        "Cloud SQL for PostgreSQL backups, with point-in-time restore over 1 to 35 days",
        "up to 7 days",
    ),
    (
        "api-versioning-states-the-rule",
        SYSTEMS["event-driven-gke-cassandra"],
        "reference.md",
        "### API Versioning",
        "REST: major version in the uri path, now v1. Asynchronous events: versioned event types",
        "\nSee [",
    ),
    # Without a cache the design's Database Scaling links to no "Not applicable" section.
    (
        "no-cache-no-link-to-caching",
        SYSTEMS["modular-cloud-run"],
        "design.md",
        "### Database Scaling",
        "**Replication**",
        "caching-strategy",
    ),
    (
        "cache-links-to-caching",
        SYSTEMS["event-driven-gke-cassandra"],
        "design.md",
        "### Database Scaling",
        "(reference.md#caching-strategy)",
        "Not applicable",
    ),
    # The target sheet's Security line states data protection, the section it links.
    (
        "target-security-is-data-protection",
        SYSTEMS["modular-cloud-run"],
        "target-architecture.md",
        "### Security",
        "TLS to the entry point, encryption at rest, secrets outside the code.",
        "OpenID Connect",
    ),
    (
        "target-security-is-data-protection-sessions",
        SYSTEMS["monolith-onprem-vms"],
        "target-architecture.md",
        "### Security",
        "(design.md#data-protection)",
        "Server-side sessions",
    ),
    (
        "design-diagram-section-says-what-runs-where",
        SYSTEMS["microservices-eks"],
        "design.md",
        "## Architecture Diagram",
        " services on Amazon EKS; entry point: ",
        "drawn once",
    ),
    (
        "design-components-are-named",
        SYSTEMS["functions-azure"],
        "design.md",
        "## High-Level Components",
        "8 components: Entry point, accounts function, invoices function",
        "drawn once",
    ),
    # Labels say what the lines hold: the style's test mix, the framework's handler tests.
    (
        "test-mix-labelled-serverless",
        SYSTEMS["functions-azure"],
        "reference.md",
        "### Test Levels",
        "- **Test mix of the serverless style**: Business logic behind thin handlers",
        "**Architecture tests**",
    ),
    (
        "test-mix-labelled-monolith",
        SYSTEMS["monolith-onprem-vms"],
        "reference.md",
        "### Test Levels",
        "- **Handler and integration tests**: xUnit with WebApplicationFactory",
        "- **Integration tests**:",
    ),
]


@pytest.mark.parametrize(
    ("over", "doc", "heading", "must", "must_not"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_section_states_the_fact(
    over: dict[str, Any], doc: str, heading: str, must: str, must_not: str
) -> None:
    body = section(doc, heading, **over)
    assert must in body
    assert must_not not in body


@pytest.mark.parametrize("system", ["modular-cloud-run", "monolith-onprem-vms"])
def test_target_risks_are_sentences(system: str) -> None:
    body = section("target-architecture.md", "## Risks and Constraints", **SYSTEMS[system])
    assert "and its owner. The known trade-offs are in [" in body
    assert "and its owner The known" not in body


@pytest.mark.parametrize("system", ["microservices-eks", "event-driven-gke-cassandra"])
def test_api_examples_name_only_what_the_answers_decide(system: str) -> None:
    design = documents("design.md", **SYSTEMS[system])
    assert "/v1/accounts/:id`: Item: GET reads" in design
    assert "TODO(team): the domain actions on an item" in design
    assert "/:id/items" not in design and "/:id/archival" not in design


def test_event_channels_invent_no_commands() -> None:
    design = documents("design.md", **SYSTEMS["event-driven-gke-cassandra"])
    # The model's topic (round 4, h10: one topic per capability, the event type in the
    # message), not one channel per event type.
    assert "`accounts.events.v1`" in design and "`accounts.created.v1`" not in design
    assert "TODO(team): the capability's other event types" in design
    assert ".process-" not in design and "archived.v1" not in design


def test_wide_column_entities_leave_the_columns_to_the_team() -> None:
    reference = documents("reference.md", **SYSTEMS["event-driven-gke-cassandra"])
    assert "CREATE TABLE accounts_by_id (" in reference
    assert "-- TODO(team): the columns of accounts" in reference
    sql = documents("reference.md", **SYSTEMS["microservices-eks"])
    assert "-- TODO(team): the columns of accounts" in sql
    assert "_by_id (" not in sql


@pytest.mark.parametrize("system", ["functions-azure", "microservices-eks"])
def test_no_paas_record_asks_about_an_application_platform(system: str) -> None:
    record = documents("0019-paas-service.md", **SYSTEMS[system])
    assert "Which application platform (PaaS) runs the code of" in record
    assert 'Chosen option: "No application PaaS"' in record
    assert "No PaaS service" not in record


def test_paas_record_with_a_platform_names_it() -> None:
    # Cloud Run is the chosen application platform: https://cloud.google.com/run/docs/overview/what-is-cloud-run
    record = documents("0019-paas-service.md", **SYSTEMS["modular-cloud-run"])
    assert 'Chosen option: "Cloud Run"' in record
    assert "No application PaaS (chosen)" not in record


@pytest.mark.parametrize("system", ["functions-azure", "monolith-onprem-vms"])
def test_no_mobile_app_record_names_no_browser(system: str) -> None:
    record = documents("0017-mobile-app.md", **SYSTEMS[system])
    assert "is reached by its clients through its API" in record
    assert "used through the browser" not in record
    assert "beyond what the browser offers" not in record


def test_executive_summary_article() -> None:
    events = section(
        "reference.md", "## Executive Summary", **SYSTEMS["event-driven-gke-cassandra"]
    )
    assert " is an event-driven system on Google Kubernetes Engine" in events
    assert " is a event-driven" not in events
    serverless = section("reference.md", "## Executive Summary", **SYSTEMS["functions-azure"])
    assert " is a serverless system on Azure Functions" in serverless
    assert " is an serverless" not in serverless
