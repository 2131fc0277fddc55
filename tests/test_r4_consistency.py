"""Round 4 (blind review 3): one value per fact across the views, the design and the
reference. Literal must / must-not cases per fix, each with its vendor page."""

from __future__ import annotations

from typing import Any

from test_combinations import documents, model

from extensions.diagrams import all_nodes, walk

# ------------------------------------------------------------------ PCI DSS: the CDE apart

# "Segmentation ... isolates systems that store, process, or transmit cardholder data from
# those that do not" (PCI DSS v4.0.1, scope of requirements):
# https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf
# Kubernetes namespaces and default-deny NetworkPolicies:
# https://kubernetes.io/docs/concepts/services-networking/network-policies/
FLEET: dict[str, Any] = {
    "style": "microservices",
    "capabilities": "bookings, vehicles, payments",
    "cloud": "aws",
    "deployment": "kubernetes",
    "datastore": "dynamodb",
    "cache": "redis",
    "broker": "sqs_sns",
    "compliance": ["gdpr", "pci_dss"],
}
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
    assert groups["g_ns_cde"]["label"] == "namespace payments (cardholder data environment)"
    assert [n["id"] for n in groups["g_ns_cde"]["nodes"]] == ["w_unit_payments"]
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
    assert [n["id"] for n in labels["Cardholder data environment"]["nodes"]] == ["w_unit_checkout"]
    assert "unit_checkout" not in _cache_sources(m, "system")
    assert not any("namespace checkout" in g for g in labels)
    plain = model(**{**FLEET, "capabilities": "bookings, vehicles"})
    assert plain["facts"]["pci"]["cde_unit"] is None
    for view in ("system", "deployment"):
        graph = plain["diagrams"][view]["flowchart"]
        assert not any("cardholder" in g["label"] for g in walk(graph["groups"]))
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
