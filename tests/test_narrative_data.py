"""Data and event publishing in the narrative documents follow the model's patterns and facts.

Each case renders a combination in-process (tests/fast_render.py) and reads the narrative
documents (design, overview, reference): a statement that must appear and one that must not,
written from the vendor page cited above the case. The main flow, its sequence diagram and
the design's pattern list tell one publishing story (`patterns.publish`); data access names
the store's own driver and schema tool (`facts.data_access`); a service owns the store's own
unit (`facts.store_unit`); backup text comes from `patterns.recovery`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from systems import EVENTS, IOT
from test_combinations import documents, model

NARRATIVE = ("design.md", "overview.md", "reference.md")


def narrative(**over: Any) -> str:
    """The three narrative documents of a combination, as one text."""
    return documents(*(f"/{name}" for name in NARRATIVE), **over)


def section(text: str, heading: str) -> str:
    """The text under one heading of the design, up to the next heading of any level."""
    found = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#+ )", text, re.S | re.M)
    assert found, heading
    return found.group(1)


ASTRA = EVENTS
COSMOS_FUNCTIONS = IOT
DYNAMO_EKS = {"datastore": "dynamodb", "broker": "sqs_sns", "backend_language": "python"}
SQLSERVER_VMS = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "broker": "none",
}

# (id, answers, must appear, must not appear); the comment above each names the vendor page.
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # Cassandra has no multi-row transactions (a logged batch is atomic, not isolated);
    # Astra DB streams table changes to Pulsar topics through Astra Streaming CDC:
    # https://docs.datastax.com/en/cql-oss/3.3/cql/cql_reference/cqlBatch.html
    # https://docs.datastax.com/en/streaming/astra-streaming/developing/astream-cdc.html
    (
        "astra-flow-publishes-from-cdc",
        ASTRA,
        "A consumer of Astra Streaming CDC publishes each committed change",
        "in one transaction (transactional outbox)",
    ),
    (
        "astra-pattern-list-has-no-outbox",
        ASTRA,
        "- **Change feed publishing**: The state change is the only write",
        "- **Transactional outbox**",
    ),
    # Lightweight transactions are compare-and-set on one partition:
    # https://docs.datastax.com/en/cassandra/2.1/cassandra/dml/dml_ltwt_transaction_c.html
    (
        "astra-idempotent-consumer-conditional-update",
        ASTRA,
        "applies its state change as a conditional update (a lightweight transaction)",
        "in the same transaction as its state change",
    ),
    # Astra DB Serverless: hourly and daily backups, restored by DataStax Support, no PITR:
    # https://docs.datastax.com/en/astra-db-serverless/databases/backup-restore.html
    (
        "astra-backup-no-pitr",
        ASTRA,
        "Astra DB Serverless has no point-in-time recovery",
        "continuous (point-in-time recovery) where the datastore offers it",
    ),
    (
        "astra-backup-not-backup-and-dr",
        ASTRA,
        "backups of DataStax Astra DB on Google Cloud alone cannot meet the RPO of 15 minutes",
        "automated backups and point-in-time recovery on the managed databases",
    ),
    # Cassandra's query model: a table per query, keyed by the query's partition key:
    # https://cassandra.apache.org/doc/latest/cassandra/developing/data-modeling/intro.html
    (
        "cassandra-table-per-query",
        ASTRA,
        "a table designed for every query path",
        "an index for every query path",
    ),
    # Keyspaces with roles granted on them:
    # https://cassandra.apache.org/doc/latest/cassandra/developing/cql/security.html
    (
        "cassandra-keyspace-per-consumer",
        ASTRA,
        "One keyspace per consumer, with its own role",
        "One database (or schema and credentials) per consumer",
    ),
    # The DataStax and Apache drivers speak CQL; SQLAlchemy and Alembic are relational:
    # https://docs.datastax.com/en/developer/python-driver/latest/
    (
        "cassandra-python-driver-not-sqlalchemy",
        {**ASTRA, "backend_language": "python", "backend_framework": "fastapi"},
        "the DataStax Python driver (cassandra-driver)",
        "SQLAlchemy",
    ),
    (
        "cassandra-python-no-database-session",
        {**ASTRA, "backend_language": "python", "backend_framework": "fastapi"},
        "swap the datastore client",
        "database session",
    ),
    # CQL examples fenced as CQL: https://cassandra.apache.org/doc/latest/cassandra/developing/cql/
    ("cassandra-fenced-as-cql", ASTRA, "```cql", "```sql"),
    # Cosmos DB transactions cover one logical partition; the change feed carries changes:
    # https://learn.microsoft.com/azure/cosmos-db/nosql/transactional-batch
    # https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes
    (
        "cosmos-functions-change-feed-in-components",
        COSMOS_FUNCTIONS,
        # One relay for all functions, outside each (round 4), never a publisher in each.
        '"Change-feed relay<br/>reads the Cosmos DB change<br/>feed"',
        '"Event publisher',
    ),
    # The JavaScript SDK is @azure/cosmos; Prisma and TypeORM list no Cosmos DB for NoSQL:
    # https://www.prisma.io/docs/orm/reference/supported-databases
    (
        "cosmos-typescript-sdk",
        COSMOS_FUNCTIONS,
        "- **Data access**: @azure/cosmos; schema changes: containers, partition keys",
        "TypeORM",
    ),
    # Cosmos DB data-plane RBAC is scoped to an account, database or container:
    # https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac
    (
        "cosmos-microservices-container-per-service",
        {**COSMOS_FUNCTIONS, "style": "microservices"},
        "One container per service",
        "Azure Cosmos DB, own<br/>credentials",
    ),
    # DynamoDB Streams carry item-level changes; IAM policies name table ARNs:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html
    (
        "dynamodb-microservices-streams-in-sequence",
        DYNAMO_EKS,
        "A consumer of DynamoDB Streams publishes each committed change",
        "publish the resulting event",
    ),
    (
        "dynamodb-microservices-tables-per-service",
        DYNAMO_EKS,
        "One set of tables per service, reached only through an IAM role",
        "One database (or schema and credentials) per service",
    ),
    # boto3 is the AWS SDK for Python; table definitions live in infrastructure code:
    # https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/dynamodb.html
    ("dynamodb-python-boto3", DYNAMO_EKS, "- **Data access**: boto3", "Alembic"),
    # Access patterns are served by the table key or a secondary index; a Scan reads everything:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-query-scan.html
    (
        "dynamodb-key-design-per-access-pattern",
        DYNAMO_EKS,
        "a key design (the table key or a secondary index) for every access pattern",
        "an index for every query path",
    ),
    # SQL Server: multi-statement ACID transactions within one database; EF Core or JPA:
    # https://learn.microsoft.com/sql/t-sql/language-elements/begin-transaction-transact-sql
    (
        "sqlserver-monolith-local-transaction",
        SQLSERVER_VMS,
        "within one local transaction",
        "by partition key",
    ),
    # PostgreSQL with a broker: one transaction covers the state and the outbox row:
    # https://www.postgresql.org/docs/current/tutorial-transactions.html
    (
        "postgresql-cloud-run-outbox-relay",
        {
            "style": "modular_monolith",
            "cloud": "gcp",
            "deployment": "paas",
            "paas_service": "cloud_run",
            "broker": "google_pubsub",
        },
        "outbox relay publishes the event",
        "change feed consumer",
    ),
    # Cloud SQL keeps 1 to 35 days of point-in-time recovery and restores to a new instance:
    # https://cloud.google.com/sql/docs/postgres/backup-recovery/pitr
    (
        "cloud-sql-pitr-from-traits",
        {"cloud": "gcp", "broker": "google_pubsub"},
        "write-ahead logs kept 1 to 35 days on Cloud SQL Enterprise Plus edition",
        "Backup and DR Service covers",
    ),
]


@pytest.mark.parametrize(("case", "over", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_narrative_states_what_the_products_do(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = narrative(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: must not say {absent!r}"


@pytest.mark.parametrize(
    "over",
    [ASTRA, COSMOS_FUNCTIONS, DYNAMO_EKS, {"style": "event_driven"}],
    ids=["astra", "cosmos", "dynamodb", "postgresql"],
)
def test_flow_diagram_and_patterns_tell_one_story(over: dict[str, Any]) -> None:
    """The numbered flow, the sequence diagram and the pattern list name one mechanism."""
    publish = model(**over)["patterns"]["publish"]
    flow = section(narrative(**over), "Main Data Flow")
    design = narrative(**over)
    if publish["pattern"] == "outbox":
        assert "outbox relay publishes the event" in flow
        assert "A relay publishes the event from the outbox" in flow
        assert "- **Transactional outbox**" in design
    else:
        assert publish["pattern"] == "change_feed"
        assert "n_relay-)n_broker: publish the event" in flow
        assert f"A consumer of {publish['feed']} publishes" in flow
        assert "outbox" not in flow
        assert "- **Change feed publishing**" in design


def test_no_placeholder_left_in_any_style() -> None:
    """Every style's flow and patterns are filled, with or without a datastore and a broker."""
    for style in ("monolith", "modular_monolith", "microservices", "serverless", "event_driven"):
        for datastore in ("postgresql", "none"):
            over = {"style": style, "datastore": datastore}
            if style == "serverless":
                over["deployment"] = "serverless"
            text = narrative(**over)
            assert not re.search(r"\{(publish|dedupe|durable|transaction|unit_of_work)", text)
