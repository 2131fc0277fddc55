"""The cardholder data environment's change feed has a relay of its own (sixth blind review,
fleet: one shared relay read the payments table's stream and pulled the shared namespace
into PCI DSS scope).

Where a unit is set apart for card data (facts.pci.cde_unit) and a change-feed relay
publishes (facts.relay), the unit's store feeds a relay inside its namespace or segment
(facts.pci.cde_relay); the shared relay reads only the other feeds. A system connected to
the CDE is in scope (PCI DSS scoping and segmentation guidance:
https://docs-prv.pcisecuritystandards.org/Guidance%20Document/PCI%20DSS%20General/Guidance-PCI-DSS-Scoping-and-Segmentation.pdf).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_combinations import documents, model

PCI = ["pci_dss"]
# DynamoDB Streams read by a relay (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
EKS: dict[str, Any] = {
    "compliance": PCI,
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "idp": "cognito",
}
# The Cosmos DB change feed on AKS (https://learn.microsoft.com/azure/cosmos-db/change-feed).
AKS: dict[str, Any] = {
    "compliance": PCI,
    "cloud": "azure",
    "datastore": "cosmosdb",
    "broker": "azure_service_bus",
    "idp": "entra_id",
}
# Firestore triggers on GKE (https://cloud.google.com/firestore/docs/extend-with-functions-2nd-gen).
GKE: dict[str, Any] = {
    "compliance": PCI,
    "cloud": "gcp",
    "datastore": "firestore",
    "broker": "google_pubsub",
}
# One relay kind per target: a function on the feed's trigger
# (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html), a Cloud Run service with
# instance-based billing (https://cloud.google.com/run/docs/configuring/billing-settings),
# a systemd service on a VM, a Deployment on Kubernetes.
KINDS: dict[str, tuple[dict[str, Any], str]] = {
    "function": (
        {**EKS, "style": "serverless", "deployment": "serverless"},
        "a function triggered by DynamoDB Streams, in the payments function's network segment",
    ),
    "cloud_run": (
        {**GKE, "deployment": "paas", "idp": "keycloak"},
        "a Cloud Run service of its own with instance-based billing",
    ),
    "systemd": (
        {"compliance": PCI, "cloud": "onprem", "deployment": "vms", "datastore": "mongodb"},
        "a systemd service of its own, on one VM, in the payments service's network segment",
    ),
    "deployment": (EKS, "a Deployment of its own in the cluster, in namespace payments"),
}
OLD_SCOPE = "the relay is in PCI DSS scope too"


def holders(text: str, node: str) -> list[str]:
    """The label of the innermost subgraph holding each definition of node `node`."""
    found: list[str] = []
    stack: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if m := re.match(r'subgraph \S+\["(.*)"\]', stripped):
            stack.append(m.group(1))
        elif stripped == "end" and stack:
            stack.pop()
        elif stripped.startswith(f"n_{node}[") and stack:
            found.append(stack[-1])
    return found


def test_eks_payments_relay_runs_in_the_cde_namespace() -> None:
    docs = documents("overview.md", "reference.md", **EKS)
    assert "Payments change-feed relay" in docs
    assert (
        "| a Deployment of its own in the cluster, in namespace payments, on Amazon EKS |" in docs
    )
    assert "Its change feed has a relay of its own in the same namespace" in docs
    assert "reads only the other services' feeds and stays out of PCI DSS scope" in docs
    assert OLD_SCOPE not in docs
    # The system and deployment views draw it inside the CDE namespace, the shared one out.
    inside = holders(docs, "relay_cde")
    assert inside and all("namespace payments" in h for h in inside), inside
    assert not any("payments" in h for h in holders(docs, "relay")), holders(docs, "relay")
    assert "| n_relay_cde" in docs
    assert 'n_datastore_payments -.->|"change feed"| n_relay_cde' in docs
    assert 'n_datastore_payments -.->|"change feed"| n_relay\n' not in docs
    # The component view: each relay reads its own feeds.
    assert "change feed (payments service only)" in docs
    # Its own configuration entry, publishing only the payments topic.
    entry = docs[docs.index("Component 5: Payments change-feed relay") :]
    entry = entry[: entry.index("###")]
    assert "payments-events" in entry and "invoices-events" not in entry
    shared = docs[docs.index("Component 4: Change-feed relay") :]
    assert "payments-events" not in shared[: shared.index("### Component 5")]


def test_the_component_count_includes_both_relays() -> None:
    design = documents("design.md", **EKS)
    assert "Change-feed relay, Payments change-feed relay" in design


@pytest.mark.parametrize("combo", [AKS, GKE], ids=["aks", "gke"])
def test_sec61_on_aks_and_gke_keeps_the_shared_relay_out_of_scope(combo: dict[str, Any]) -> None:
    checks = {c["id"]: c["text"] for c in model(**combo)["checklist"]["checks"]}
    assert "Its change feed has a relay of its own in the same namespace" in checks["SEC-61"]
    assert OLD_SCOPE not in checks["SEC-61"]
    docs = documents("reference.md", **combo)
    assert all("namespace payments" in h for h in holders(docs, "relay_cde"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_relay_kind_gets_its_own_cde_relay(kind: str) -> None:
    combo, runs_on = KINDS[kind]
    docs = documents("overview.md", "reference.md", **combo)
    row = next(line for line in docs.splitlines() if line.startswith("| Payments change-feed"))
    assert runs_on in row
    assert OLD_SCOPE not in docs
    inside = holders(docs, "relay_cde") + holders(docs, "w_relay_cde")
    assert inside and all("pci dss scope" in h.lower() for h in inside), inside
    assert not any("pci dss" in h.lower() for h in holders(docs, "relay"))


def test_no_cde_relay_without_a_card_unit_or_without_a_change_feed() -> None:
    plain = documents("overview.md", "reference.md", **EKS, capabilities="accounts, orders")
    assert "Change-feed relay" in plain and "change-feed relay" not in plain
    outbox = model(compliance=PCI)  # PostgreSQL: the transactional outbox, no relay
    assert outbox["facts"]["pci"]["cde_relay"] is None
    checks = {c["id"]: c["text"] for c in outbox["checklist"]["checks"]}
    assert "relay" not in checks["SEC-61"]
