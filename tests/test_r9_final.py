"""Round-9 blind reviews, the last contradictions: the payment provider is a third party,
what happens behind the point where TLS ends, a self-run Redis that keeps sessions persists,
and Cosmos DB's checklist item does not offer a serverless account beside a second region."""

from __future__ import annotations

from systems import CLINIC, FLEET, IOT, LEDGER, TICKETS
from test_combinations import documents


def test_the_payment_provider_is_a_third_party_under_pci_dss() -> None:
    design = documents("design.md", **FLEET)
    assert "Third parties: Payment provider." in design
    assert "No third-party service" not in design
    # Without PCI DSS no provider is listed.
    plain = documents("design.md", **{**FLEET, "compliance": ["gdpr"]})
    assert "Payment provider" not in plain


def test_behind_the_tls_end_the_data_services_still_use_tls() -> None:
    # Managed PostgreSQL, Redis and RabbitMQ (CloudAMQP) take TLS connections:
    # https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls
    clinic = documents("design.md", **CLINIC)
    assert "while connections to the datastore, cache and broker use TLS" in clinic
    assert "stays on the virtual network without TLS of its own" not in clinic
    # Cloud Run behind a serverless NEG: Google's network, encrypted by Google:
    # https://cloud.google.com/docs/security/encryption-in-transit
    tickets = documents("design.md", **TICKETS)
    assert "Google's network carries requests on to the service, encrypted by Google" in tickets
    assert "stay on the VPC network" not in tickets


def test_a_self_run_redis_persists_and_cosmos_offers_no_serverless_account() -> None:
    # Redis persistence: https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/
    ledger = documents("design.md", **LEDGER)
    assert "Persistence: RDB snapshots forked at intervals and the append-only file" in ledger
    assert "Optional: RDB" not in ledger
    # A serverless Cosmos DB account has one region:
    # https://learn.microsoft.com/azure/cosmos-db/serverless
    checklist = documents("review-checklist.md", **IOT)
    assert "Cosmos DB provisioned throughput matches the load" in checklist
    assert "serverless for low or sporadic traffic" not in checklist


def test_delete_is_a_soft_delete_where_the_change_feed_carries_no_deletes() -> None:
    # Cosmos DB's latest-version change feed carries no deletes:
    # https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes
    iot = documents("design.md", **IOT)
    assert "DELETE marks it deleted (a soft delete, which the change feed carries)" in iot
    assert "DELETE removes" not in iot
    assert "DELETE removes" in documents("design.md", **TICKETS)
