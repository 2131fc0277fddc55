"""Data, cache and recovery text follows the products' traits (second blind reviews, issue 19).

Each case renders a combination in-process and reads every Markdown document: a statement
that must appear and one that must not, written from the vendor page cited above the case.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import FLEET, LEDGER
from test_combinations import documents

# (id, answers, must appear, must not appear); the comment above each names the vendor page.
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # DynamoDB limits are per partition; a key with few values is a hot partition:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
    ("dynamodb-no-shared-type-index", FLEET, "GSI1: PK = <ownerId>", "TYPE#<type>"),
    (
        "dynamodb-table-per-service",
        FLEET,
        "One table per service, written only by its owner",
        "GSI1: TYPE",
    ),
    (
        "dynamodb-ceiling-is-the-partition",
        FLEET,
        "holds each service's own set of tables, and its limits are per partition",
        "its write capacity is the ceiling",
    ),
    # The SDK takes a Region and table names, SQS a queue URL, SNS a topic ARN:
    # https://docs.aws.amazon.com/sdk-for-go/v2/developer-guide/configure-gosdk.html
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html
    ("dynamodb-config-table", FLEET, "table_name: ${TABLE_NAME}", "datastore_url:"),
    ("sqs-config-queue-url", FLEET, "queue_url: ${QUEUE_URL}", "broker_url:"),
    # A relational store keeps its connection URL: https://www.postgresql.org/docs/current/libpq-connect.html
    ("postgres-config-url", {}, "datastore_url: ${DATASTORE_URL}", "table_name:"),
    # PITR's LatestRestorableDateTime trails now by about 5 minutes, and PITR stays in the
    # Region; global tables cover a regional outage:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html
    (
        "dynamodb-verdict-within-one-region",
        FLEET,
        "The RPO of 5 minutes needs a second region: a global table replica in a second Region",
        "an RTO of 60 minutes as described",
    ),
    (
        "dynamodb-rpo-at-the-lag",
        FLEET,
        "only with no margin: its latest restorable point is typically 5 minutes old",
        "which leaves no margin within the RPO",
    ),
    (
        "rel06-alert-leaves-a-margin",
        FLEET,
        "trails now by more than the RPO itself, its usual lag leaving no margin below it",
        "newest recoverable point is older than 5 minutes",
    ),
    # Sessions in Redis need noeviction and persistence; the cache is then not optional:
    # https://redis.io/docs/latest/develop/reference/eviction/
    # https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/
    (
        "sessions-keys-noeviction",
        LEDGER,
        "this one instance too, so it runs with noeviction and the append-only file",
        "It holds cached reads and per-user quota counters",
    ),
    ("sessions-rel149", LEDGER, "**REL-149**", "**REL-129**"),
    (
        "pure-cache-rel129",
        FLEET,
        "restarts the quota counters of the current window",
        "**REL-149**",
    ),
    # TDE for SQL Server; Vault's EKM provider is Windows-only and Enterprise:
    # https://learn.microsoft.com/sql/relational-databases/security/encryption/transparent-data-encryption
    # https://developer.hashicorp.com/vault/docs/platform/mssql
    (
        "sqlserver-tde",
        LEDGER,
        "Transparent Data Encryption (a certificate in master",
        "**At rest**: encrypted with keys held in HashiCorp Vault",
    ),
    # RabbitMQ resource alarms are cluster-wide: https://www.rabbitmq.com/docs/alarms
    (
        "rabbitmq-alarm-cluster-wide",
        LEDGER,
        "blocks every publisher in the cluster",
        "blocks every publisher on the node",
    ),
    # CDC for Astra DB misses TTL expiry, range deletes and truncates:
    # https://docs.datastax.com/en/astra-db-serverless/databases/change-data-capture.html
    (
        "astra-cdc-misses",
        {"style": "event_driven", "cloud": "gcp", "datastore": "cassandra", "rpo_minutes": 15},
        "each committed change except TTL expiry, range deletes, truncates",
        "which carries every committed change",
    ),
    # Cosmos DB: a partition key the hot queries filter on, not /id:
    # https://learn.microsoft.com/azure/cosmos-db/partitioning-overview#choose-a-partition-key
    (
        "cosmos-partition-key-owner",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        "partition key /<ownerId>",
        "partition key /id (point reads by ID)",
    ),
    # Cosmos DB regional-outage RPO depends on the consistency level:
    # https://learn.microsoft.com/azure/cosmos-db/consistency-levels#rto
    (
        "cosmos-second-region-consistency",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
            "rpo_minutes": 5,
        },
        "a second region of the account with bounded staleness, its staleness window at most 5 "
        "minutes",
        "(additional regions of the account replicate every write)",
    ),
    # ElastiCache runs no Sentinel: Multi-AZ with automatic failover is the service's:
    # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html
    ("elasticache-no-sentinel", FLEET, "run by the service across zones", "Sentinel"),
    # Managed Redis sets memory headroom itself (ElastiCache reserved-memory-percent,
    # Memorystore maxmemory-gb, Azure maxmemory-reserved), not redis.conf:
    # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/redis-memory-management.html
    # https://cloud.google.com/memorystore/docs/redis/memory-management-best-practices
    (
        "managed-redis-reserved-memory",
        FLEET,
        "the node size leaves headroom for them, as the service's memory settings reserve it",
        "maxmemory is set well below",
    ),
    # AOF/appendfsync is self-managed Redis persistence:
    # https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/
    ("elasticache-no-aof", FLEET, "the service's scheduled snapshots", "appendfsync"),
    # The product the service runs for a team that chose Redis:
    # https://aws.amazon.com/elasticache/redis/
    ("elasticache-redis-named", FLEET, "Amazon ElastiCache for Redis OSS", "Redis (or Valkey)"),
    # Self-managed Redis keeps Sentinel and the append-only file:
    # https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/
    ("onprem-redis-sentinel", LEDGER, "self-managed Redis with Sentinel", "Valkey with Sentinel"),
    # Memorystore for Redis: https://cloud.google.com/memorystore/docs/redis
    (
        "memorystore-redis-named",
        {"cloud": "gcp", "cache": "redis"},
        "Memorystore for Redis",
        "Memorystore for Valkey",
    ),
    # Memorystore for Redis authenticates with one AUTH string per instance, no ACL users:
    # https://cloud.google.com/memorystore/docs/redis/about-redis-auth
    (
        "memorystore-auth-string",
        {"cloud": "gcp", "cache": "redis"},
        "requires authentication (the instance's AUTH string, kept in Secret Manager)",
        "parameter group",
    ),
    # ElastiCache for Redis OSS has role-based access control with users per application:
    # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
    (
        "elasticache-rbac-users",
        FLEET,
        "requires authentication (an RBAC user per service)",
        "KEYS is denied by ACL",
    ),
]


@pytest.mark.parametrize(("case", "over", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_documents_state_what_the_products_do(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: must not say {absent!r}"


# Managed PostgreSQL sets its own standby: Cloud SQL's regional high availability
# (https://cloud.google.com/sql/docs/postgres/high-availability), RDS Multi-AZ
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html);
# neither offers Citus (https://cloud.google.com/sql/docs/postgres/extensions).
@pytest.mark.parametrize(
    ("over", "present"),
    [
        ({"cloud": "gcp"}, "high-availability configuration keeps a standby in a second zone"),
        ({"cloud": "aws"}, "A Multi-AZ deployment keeps a synchronous standby"),
    ],
    ids=["cloud-sql", "rds"],
)
def test_managed_postgresql_is_not_given_self_managed_replication(
    over: dict[str, Any], present: str
) -> None:
    text = documents(**over, datastore="postgresql", hosting="managed")
    assert present in text
    assert "asynchronous or synchronous per synchronous_standby_names" not in text
    assert "or the Citus extension" not in text


def test_self_managed_postgresql_keeps_its_own_replication_settings() -> None:
    # https://www.postgresql.org/docs/current/runtime-config-replication.html
    text = documents(cloud="onprem", deployment="vms", style="monolith", datastore="postgresql")
    assert "asynchronous or synchronous per synchronous_standby_names" in text
