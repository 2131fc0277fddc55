"""Round 4 (blind review 3): one value per fact across the views, the design and the
reference. Literal must / must-not cases per fix, each with its vendor page."""

from __future__ import annotations

from typing import Any

from systems import FLEET, LEDGER
from test_combinations import documents, model

from extensions.diagrams import all_nodes, walk

# ------------------------------------------------------------------ PCI DSS: the CDE apart

# "Segmentation ... isolates systems that store, process, or transmit cardholder data from
# those that do not" (PCI DSS v4.0.1, scope of requirements):
# https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf
# Kubernetes namespaces and default-deny NetworkPolicies:
# https://kubernetes.io/docs/concepts/services-networking/network-policies/
# The same class elsewhere: event-driven on VMs with Compose, a relational store.
EVENTS_VM: dict[str, Any] = {
    "style": "event_driven",
    "capabilities": "orders, checkout, shipping",
    "cloud": "gcp",
    "deployment": "containers_vm",
    "cache": "redis",
    "compliance": ["pci_dss"],
}


def _cache_sources(m: dict[str, Any], view: str) -> set[str]:
    graph = m["diagrams"][view]["c4"]
    return {e["source"] for e in graph["edges"] if e["target"] == "cache"}


def test_cde_unit_is_drawn_in_its_own_namespace_without_the_shared_cache() -> None:
    m = model(**FLEET)
    assert m["facts"]["pci"]["cde_namespace"] == "payments"
    deployment = m["diagrams"]["deployment"]["flowchart"]
    groups = {g["id"]: g for g in walk(deployment["groups"])}
    assert groups["g_ns_cde"]["label"] == "namespace payments (PCI DSS scope)"
    # Its change feed's own relay runs in the CDE namespace too (facts.pci.cde_relay).
    assert [n["id"] for n in groups["g_ns_cde"]["nodes"]] == ["w_unit_payments", "relay_cde"]
    assert "w_unit_payments" not in {n["id"] for n in groups["g_ns_app"]["nodes"]}
    assert "unit_payments" not in _cache_sources(m, "system")
    assert "unit_bookings" in _cache_sources(m, "system")
    assert "w_unit_payments" not in _cache_sources(m, "deployment")
    stores = {
        e["target"]
        for e in m["diagrams"]["system"]["c4"]["edges"]
        if e["source"] == "unit_payments"
    }
    assert {s for s in stores if s.startswith("datastore")} == {"datastore_payments"}
    text = documents("reference.md", **FLEET)
    assert "Cache client (every service but payments service)" in text


def test_cde_unit_apart_on_vms_and_nothing_apart_without_a_payment_capability() -> None:
    m = model(**EVENTS_VM)
    assert m["facts"]["pci"]["cde_namespace"] is None
    deployment = m["diagrams"]["deployment"]["flowchart"]
    labels = {g["label"]: g for g in walk(deployment["groups"])}
    assert [n["id"] for n in labels["PCI DSS scope"]["nodes"]] == ["w_unit_checkout"]
    assert "unit_checkout" not in _cache_sources(m, "system")
    assert not any("namespace checkout" in g for g in labels)
    plain = model(**{**FLEET, "capabilities": "bookings, vehicles"})
    assert plain["facts"]["pci"]["cde_unit"] is None
    for view in ("system", "deployment"):
        graph = plain["diagrams"][view]["flowchart"]
        assert not any("PCI DSS" in g["label"] for g in walk(graph["groups"]))
    assert len(_cache_sources(plain, "system")) == 2
    assert all(n["id"] != "g_cde" for n in all_nodes(plain["diagrams"]["system"]["c4"]))


# ------------------------------------------------------- event channels: the model's names


# One topic per capability, the event type in the message's CloudEvents `type` attribute:
# https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#type
# Kafka dead-letter topics are the application's own (named in traits/broker.yaml):
# https://docs.confluent.io/platform/current/connect/index.html#dead-letter-queue
# RabbitMQ dead-letter exchanges per queue: https://www.rabbitmq.com/docs/dlx
def _design_and_reference(**over: Any) -> tuple[str, str]:
    over = {"api_styles": ["rest", "events"], **over}
    return documents("design.md", **over), documents("reference.md", **over)


def test_design_prints_the_kafka_topic_and_dead_letter_names_of_the_reference() -> None:
    design, reference = _design_and_reference(broker="kafka")
    for name in ("`accounts.events.v1`", "`accounts.events.v1.invoices.dlq`"):
        assert name in design and name in reference, name
    assert "one channel per capability" in design
    assert "`accounts.created.v1`" not in design
    assert "accounts.created.v1.invoices.dlq" not in design


def test_design_prints_the_rabbitmq_exchange_and_queue_names_of_the_reference() -> None:
    design, reference = _design_and_reference(broker="rabbitmq")
    for name in ("`accounts.events`", "`invoices.accounts.events.dlq`"):
        assert name in design and name in reference, name
    assert "`accounts.created.v1`" not in design
    assert ".v1.invoices" not in design


# ------------------------------------------------ health: one check where a load balancer probes

# HAProxy's `option httpchk` probes one path per server:
# https://docs.haproxy.org/2.8/configuration.html#4.2-option%20httpchk
# An ALB target group has one health check path:
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
# Container Apps probes liveness and readiness apart:
# https://learn.microsoft.com/azure/container-apps/health-probes


def test_haproxy_on_vms_has_one_health_check_path_everywhere() -> None:
    text = documents("reference.md", "review-checklist.md", "0004-deployment-target.md", **LEDGER)
    assert "**REL-108** (high) One health check on /health/ready, by HAProxy health checks" in text
    assert "one health check on /health/ready, for HAProxy health checks." in text
    assert "MapHealthChecks on this path" in text
    assert "REL-12" not in text
    assert "liveness and readiness" not in text and "these two paths" not in text


def test_ec2_target_group_has_one_path_and_container_apps_two() -> None:
    one = documents("review-checklist.md", style="monolith", deployment="containers_vm")
    assert "One health check on /actuator/health/readiness" in one
    assert "separate liveness from readiness" not in one
    two = documents("review-checklist.md", deployment="paas", cloud="azure")
    assert "separate liveness from readiness" in two and "REL-108" not in two


# ------------------------------------------- entity examples: the fields are the team's to name


# JSON has no comments (RFC 8259), so the TODO line stands below the example:
# https://www.rfc-editor.org/rfc/rfc8259 ; DynamoDB single-table keys:
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-modeling-nosql.html
def test_document_and_key_value_entities_leave_the_fields_to_the_team() -> None:
    mongo = documents("reference.md", datastore="mongodb")
    assert '  "updatedAt": "timestamp"\n}\n```\n\nTODO(team): the fields of accounts.' in mongo
    assert '"TODO' not in mongo
    dynamo = documents("reference.md", datastore="dynamodb", cloud="aws")
    assert "TODO(team): the attributes of accounts, and one key design" in dynamo
    assert "attributes: createdAt, updatedAt, TODO(team)" not in dynamo
    cosmos = documents("reference.md", datastore="firestore", cloud="gcp")
    assert "TODO(team): the fields of accounts." in cosmos


# ------------------------------------------------- identity texts for the clients the system has

# Conditional Access applies to user sign-ins and needs P1 or P2 licences per user:
# https://learn.microsoft.com/entra/identity/conditional-access/overview
# Browser token storage (OAuth 2.0 for Browser-Based Applications):
# https://datatracker.ietf.org/doc/html/draft-ietf-oauth-browser-based-apps
MACHINES: dict[str, Any] = {
    "cloud": "azure",
    "idp": "entra_id",
    "frontend": "none",
    "actors": ["partner_systems"],
}


def test_machine_only_systems_get_no_conditional_access_or_browser_token_text() -> None:
    m = model(**MACHINES)
    assert m["facts"]["clients"] == []
    strengths = " ".join(m["opt"]["idp"]["strengths"])
    assert "Managed identities and workload identity federation" in strengths
    assert "P1 or P2" not in strengths and "P1 or P2" not in " ".join(m["opt"]["idp"]["tradeoffs"])
    storage = m["opt"]["auth"]["session_storage"]
    assert storage == "The backend keeps no per-user state, only a cache of the provider's JWKS."
    text = documents(**MACHINES)
    assert "{people}" not in text and "{/}" not in text and "{web}" not in text


def test_browser_and_mobile_clients_keep_their_identity_texts() -> None:
    web = model(cloud="azure", idp="entra_id")
    assert "Browser apps hold tokens in memory" in web["opt"]["auth"]["session_storage"]
    assert "Mobile apps" not in web["opt"]["auth"]["session_storage"]
    assert any("P1 or P2" in s for s in web["opt"]["idp"]["strengths"])
    app = model(frontend="none", mobile_app="flutter", idp="keycloak")
    storage = app["opt"]["auth"]["session_storage"]
    assert "Mobile apps keep the refresh token" in storage and "Browser" not in storage
