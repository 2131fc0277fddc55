"""Round 5: the fourth blind review of the event-driven system (GKE, Astra DB, Kafka,
Memorystore for Redis, Identity Platform), fixed as data for every system of the class.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

from test_combinations import documents

EVENTS: dict[str, Any] = {
    "style": "event_driven",
    "cloud": "gcp",
    "deployment": "kubernetes",
    "hosting": "managed",
    "datastore": "cassandra",
    "broker": "kafka",
    "cache": "redis",
    "backend_language": "java",
    "backend_framework": "spring_boot",
    "auth": "oidc",
    "idp": "google_identity_platform",
    "observability": "cloud_native",
}


def test_idempotent_consumer_without_transactions_makes_the_change_conditional() -> None:
    # No transaction covers a processed-ID row and the state change in Cassandra, so the
    # change itself is a compare-and-set on the entity's row:
    # https://docs.datastax.com/en/dse/6.7/cql/cql/cql_using/useInsertLWT.html
    text = documents("design.md", **EVENTS)
    assert "applies its state change as a conditional update (a lightweight transaction)" in text
    assert "before its state change" not in text
    assert "or upserts keyed by them" not in text
    # Where one transaction covers both, the ID is recorded with the change.
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
    aws = {**EVENTS, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}
    other = documents("design.md", **aws)
    assert "in the same TransactWriteItems call as its state change" in other
    assert "conditional update (a lightweight transaction)" not in other
