"""Data and recovery text follows the datastore's traits (blind reviews of issue 19).

Each case renders a combination in-process and reads the narrative documents, the decision
records and the checklist: a statement that must appear and one that must not, written from
the vendor page cited above the case.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import EVENTS, IOT
from test_combinations import documents

SQLSERVER_VMS = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "broker": "none",
    "rpo_minutes": 15,
}

ASTRA = EVENTS

COSMOS_FUNCTIONS = IOT

# (id, answers, must appear, must not appear); the comment above each names the vendor page.
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # SQL Server has no UUID or TIMESTAMP column type (timestamp is a row version):
    # https://learn.microsoft.com/sql/t-sql/data-types/uniqueidentifier-transact-sql
    # https://learn.microsoft.com/sql/t-sql/data-types/datetimeoffset-transact-sql
    (
        "sqlserver-ddl-types",
        SQLSERVER_VMS,
        "id UNIQUEIDENTIFIER DEFAULT NEWSEQUENTIALID() PRIMARY KEY",
        "id UUID",
    ),
    ("sqlserver-ddl-timestamp", SQLSERVER_VMS, "created_at DATETIMEOFFSET", "TIMESTAMP NOT NULL"),
    # https://www.postgresql.org/docs/current/datatype-uuid.html
    # https://www.postgresql.org/docs/current/datatype-datetime.html
    ("postgresql-ddl-types", {}, "created_at timestamptz NOT NULL", "TIMESTAMP NOT NULL"),
    # MySQL has no UUID type:
    # https://dev.mysql.com/doc/refman/8.0/en/miscellaneous-functions.html#function_uuid-to-bin
    ("mysql-ddl-types", {"datastore": "mysql"}, "id BINARY(16) PRIMARY KEY", "id UUID"),
    # Transaction log backups under the full recovery model restore to a point in time:
    # https://learn.microsoft.com/sql/relational-databases/backup-restore/restore-a-sql-server-database-to-a-point-in-time-full-recovery-model
    (
        "sqlserver-onprem-log-backups-meet-rpo",
        SQLSERVER_VMS,
        "within the data centre, backups cover a bad write",
        "cannot meet the RPO of 15 minutes",
    ),
    (
        "sqlserver-onprem-point-in-time",
        SQLSERVER_VMS,
        "restores to any point in time from full backups plus transaction log backups",
        "no managed point-in-time recovery",
    ),
    # A disaster-recovery replica in asynchronous-commit mode need not be readable:
    # https://learn.microsoft.com/sql/database-engine/availability-groups/windows/availability-modes-always-on-availability-groups
    (
        "sqlserver-onprem-second-data-centre",
        SQLSERVER_VMS,
        "needs a second data centre: an asynchronous-commit availability group replica in the "
        "second data centre",
        "needs a replica in a second region",
    ),
    # Service Bus duplicate detection drops a message whose MessageId was seen in the window,
    # so the ID is the item key plus the change's version (the change feed item's _lsn):
    # https://learn.microsoft.com/azure/service-bus-messaging/duplicate-detection
    # https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes
    (
        "cosmos-feed-key-plus-lsn",
        COSMOS_FUNCTIONS,
        "with the item key plus the change's \\_lsn as idempotency key",
        "with the item key as idempotency key",
    ),
    (
        "checklist-feed-key-plus-version",
        {**COSMOS_FUNCTIONS, "style": "event_driven"},
        "**REL-71** (critical) State changes and the events that announce them cannot diverge",
        "**REL-70**",
    ),
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html
    (
        "dynamodb-feed-key-plus-sequence-number",
        {"datastore": "dynamodb", "broker": "sqs_sns"},
        "the item key plus the stream record's SequenceNumber as idempotency key",
        "with the item key as idempotency key",
    ),
    # Cosmos DB throughput is request units, not connections; containers, not collections:
    # https://learn.microsoft.com/azure/cosmos-db/request-units
    # https://learn.microsoft.com/azure/cosmos-db/partitioning-overview
    (
        "cosmos-serverless-burst-request-units",
        COSMOS_FUNCTIONS,
        "every instance spends the container's request units (RU/s)",
        "a connection pooler or proxy",
    ),
    (
        "cosmos-no-cache-read-scaling",
        {**COSMOS_FUNCTIONS, "cache": "none"},
        "scale only through more request units (RU/s) on the container",
        "read replicas or a larger database",
    ),
    (
        "cosmos-no-cache-load-metric",
        {**COSMOS_FUNCTIONS, "cache": "none"},
        "Read latency, normalized RU consumption and throttled (429) requests at peak",
        "Datastore read latency and CPU",
    ),
    (
        "cosmos-schema-containers",
        COSMOS_FUNCTIONS,
        "container readings: partition key /<ownerId>",
        "collection accounts: index on createdAt",
    ),
    # PostgreSQL: every connection is a server process, so functions need a pooler:
    # https://www.postgresql.org/docs/current/runtime-config-connection.html
    (
        "postgresql-serverless-pooler",
        {"style": "serverless", "deployment": "serverless"},
        "a connection pooler or proxy and a concurrency cap are needed",
        "{db_",
    ),
    # Cosmos DB continuous backup is kept by the service; the team cannot copy or lock it:
    # https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction
    (
        "cosmos-backups-kept-by-the-service",
        COSMOS_FUNCTIONS,
        "**REL-72** (high) The backups of",
        "**REL-09**",
    ),
    # https://docs.datastax.com/en/astra-db-serverless/databases/backup-restore.html
    ("astra-backups-kept-by-the-service", ASTRA, "**REL-72**", "**REL-09**"),
    # Azure SQL Database long-term retention copies, RDS snapshot copies: the team copies them.
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html
    ("rds-backups-copied-by-the-team", {}, "**REL-09**", "**REL-72**"),
    # Astra DB Serverless: DataStax runs the nodes; no nodetool, no materialized views:
    # https://docs.datastax.com/en/astra-db-serverless/cql/develop/cql-limits.html
    # https://docs.datastax.com/en/astra-db-serverless/databases/database-limits.html
    (
        "astra-no-node-operations",
        ASTRA,
        "the service runs the nodes, repair and compaction",
        "heap and garbage-collection settings need tuning on every node",
    ),
    (
        "astra-no-nodetool-confirmation",
        ASTRA,
        "tombstones scanned per read",
        "nodetool tablehistograms",
    ),
    (
        "astra-no-materialized-views",
        ASTRA,
        "(SAI) for moderately selective filters.",
        "materialized view",
    ),
    ("astra-no-repair-check", ASTRA, "the service runs the nodes", "**REL-58**"),
    # Self-managed Cassandra keeps its node operations:
    # https://cassandra.apache.org/doc/latest/cassandra/managing/operating/repair.html
    (
        "onprem-cassandra-repairs",
        {"cloud": "onprem", "deployment": "vms", "datastore": "cassandra"},
        "**REL-58**",
        "the service runs the nodes",
    ),
    # Spring Boot's data test slices: @DataCassandraTest for Cassandra, @DataJpaTest for JPA:
    # https://docs.spring.io/spring-boot/reference/testing/spring-boot-applications.html
    (
        "spring-cassandra-test-slice",
        {**ASTRA, "backend_language": "java", "backend_framework": "spring_boot"},
        "slices such as @WebMvcTest and @DataCassandraTest",
        "@DataJpaTest",
    ),
    (
        "spring-postgresql-test-slice",
        {"backend_language": "java", "backend_framework": "spring_boot"},
        "slices such as @WebMvcTest and @DataJpaTest",
        "{data_test_slice}",
    ),
    # Cosmos DB change feed latest version mode carries no deletes:
    # https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes
    (
        "cosmos-gdpr-erasure-through-the-feed",
        {**COSMOS_FUNCTIONS, "compliance": ["gdpr"]},
        "GDPR erasure: Erasure reaches the event consumers too: the Cosmos DB change feed in "
        "latest version mode carries no deletes",
        "GDPR erasure: GDPR erasure",
    ),
    # DynamoDB Streams carry REMOVE records: no marker sentence there.
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
    (
        "dynamodb-gdpr-no-marker",
        {"datastore": "dynamodb", "broker": "sqs_sns", "compliance": ["gdpr"]},
        "Publishing events: Events come from DynamoDB Streams",
        "GDPR erasure:",
    ),
    # Astra DB Serverless: hourly backups, no PITR; the verdict names what would meet the RPO:
    # https://docs.datastax.com/en/astra-db-serverless/databases/backup-restore.html
    (
        "astra-verdict-names-the-remedy",
        ASTRA,
        "alone cannot meet the RPO of 15 minutes (only the team's own copy of the changes",
        "what would meet it follows",
    ),
]


@pytest.mark.parametrize(("case", "over", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_documents_state_what_the_datastore_does(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: must not say {absent!r}"
