"""Datastores, caches and recovery decided by the model (third blind reviews, round 4).

Each case renders a combination in-process and reads every Markdown document: a statement
that must appear and one that must not, written from the vendor page cited above the case.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import EVENTS, FLEET, IOT, LEDGER, TICKETS
from test_combinations import documents

ASTRA = EVENTS
RDS = {"cloud": "aws", "rpo_minutes": 15}

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # Finding 1: the second region is decided, and one procedure follows from it.
    # Cosmos DB: regional-outage RPO by consistency level (session < 15 minutes, bounded
    # staleness up to T): https://learn.microsoft.com/azure/cosmos-db/consistency-levels#rto
    (
        "cosmos-second-region-bounded-staleness",
        IOT,
        "The RPO of 5 minutes needs a second region: a second region of the account with "
        "bounded staleness, its staleness window at most 5 minutes",
        "whether a second region is needed",
    ),
    (
        "cosmos-failover-step-not-restore",
        IOT,
        "if the region is lost, let service-managed failover make the second region the write "
        "region",
        "to the last recovery point",
    ),
    # Session consistency suffices where the RPO is 15 minutes or more (same page).
    (
        "cosmos-rpo-30-keeps-session",
        {**IOT, "rpo_minutes": 30},
        "with session consistency (the default), which loses at most 15 minutes",
        "bounded staleness, its staleness window",
    ),
    # Cloud SQL advanced DR (a DR replica failed over when a region is lost) is Enterprise Plus
    # only: https://cloud.google.com/sql/docs/postgres/use-advanced-disaster-recovery
    (
        "cloud-sql-dr-replica-on-enterprise-plus",
        TICKETS,
        "if the region is lost, fail over to the cross-region DR replica and point the services",
        "TODO(team): the runbook link, and whether",
    ),
    # DynamoDB global tables: any replica serves reads and writes, traffic moves Region:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html
    (
        "dynamodb-global-tables-on-region-loss",
        FLEET,
        "if the region is lost, send the traffic to the replica table in the second Region",
        "restore Amazon DynamoDB to the last recovery point",
    ),
    # RDS: promote a cross-Region read replica:
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html
    (
        "rds-promote-cross-region-replica",
        RDS,
        "promote the cross-Region read replica to a standalone instance",
        "whether a second region is needed",
    ),
    # SQL Server: forced failover to the asynchronous replica at the second site:
    # https://learn.microsoft.com/sql/database-engine/availability-groups/windows/perform-a-forced-manual-failover-of-an-availability-group-sql-server
    (
        "sqlserver-forced-failover-second-site",
        LEDGER,
        "force the availability group's failover to the replica in the second data centre",
        "whether a second data centre is needed",
    ),
    # Self-managed PostgreSQL: a streaming replica at the second site, promoted:
    # https://www.postgresql.org/docs/current/warm-standby-failover.html
    (
        "postgres-onprem-streaming-replica",
        {"cloud": "onprem", "deployment": "vms", "rpo_minutes": 15},
        "promote the streaming replica in the second data centre",
        "restore PostgreSQL (self-managed) to the last recovery point",
    ),
    # Astra DB: no PITR, hourly backups restored by DataStax Support; a second region takes
    # writes: https://docs.datastax.com/en/astra-db-serverless/databases/backup-restore.html
    (
        "astra-restore-needs-support-ticket",
        ASTRA,
        "A restore of DataStax Astra DB on Google Cloud needs a DataStax Support ticket: the RTO",
        "restore DataStax Astra DB on Google Cloud (no first-party service) to the last",
    ),
    (
        "astra-bad-write-not-restored-under-rpo",
        ASTRA,
        "after a bad write, repair the data from the team's own copy of the changes (a backup "
        "restored through a DataStax Support ticket loses up to 60 minutes)",
        "to the last recovery point",
    ),
    # Targets a daily backup copy meets: said once, no second region.
    (
        "rpo-one-day-needs-no-second-region",
        {**RDS, "rpo_minutes": 1440},
        "and an RTO of 240 minutes with no second region.",
        "needs a second region",
    ),
    # Finding 2: Cosmos DB continuous backup, one tier (7 days free, 30 days where obligations
    # keep records): https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction
    (
        "cosmos-continuous-7-days",
        {**IOT, "compliance": []},
        "Continuous backup (not the periodic default), with point-in-time restore over the last "
        "7 days",
        "Periodic backups by default",
    ),
    (
        "cosmos-continuous-30-days-with-obligations",
        {**IOT, "compliance": ["gdpr"]},
        "point-in-time restore over the last 30 days",
        "over the last 7 or 30 days",
    ),
    # Cloud SQL PITR logs: 1-7 days on Enterprise, 1-35 on Enterprise Plus:
    # https://cloud.google.com/sql/docs/postgres/backup-recovery/configure-pitr
    (
        "cloud-sql-enterprise-plus-window",
        TICKETS,
        "Point-in-time recovery of Cloud SQL for PostgreSQL on Cloud SQL Enterprise Plus "
        "edition keeps 1 to 35 days",
        "up to 35 on Enterprise Plus",
    ),
    (
        "cloud-sql-enterprise-window-without-second-region",
        {**TICKETS, "rpo_minutes": 1440},
        "on Cloud SQL Enterprise edition keeps 1 to 7 days",
        "Enterprise Plus edition keeps",
    ),
    # Poolers: Cloud SQL managed connection pooling is Enterprise Plus; the Auth Proxy does not
    # pool: https://cloud.google.com/sql/docs/postgres/managed-connection-pooling
    (
        "cloud-sql-managed-pooling-enterprise-plus",
        TICKETS,
        "Cloud SQL managed connection pooling (Enterprise Plus) sits in front of PostgreSQL",
        "or the managed service's proxy",
    ),
    (
        "cloud-sql-enterprise-pgbouncer",
        {**TICKETS, "rpo_minutes": 1440},
        "PgBouncer (the Cloud SQL Auth Proxy does not pool connections) sits in front",
        "managed connection pooling (Enterprise Plus) sits",
    ),
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html
    ("rds-proxy-pools", RDS, "RDS Proxy sits in front of PostgreSQL", "PgBouncer in transaction"),
    # https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-pgbouncer
    (
        "flexible-server-builtin-pgbouncer",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus"},
        "the built-in PgBouncer of the flexible server (port 6432) sits in front",
        "or the managed service's proxy",
    ),
    # PITR lagging exactly the RPO: one verdict (can meet it only with no margin):
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
    (
        "dynamodb-one-verdict-at-the-lag",
        FLEET,
        "point-in-time recovery can meet an RPO of 5 minutes only with no margin",
        "within one region only",
    ),
    # Finding 3: DynamoDB takes IAM roles, no passwords:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html
    (
        "dynamodb-no-database-credentials",
        FLEET,
        "automatic rotation for the secrets the services hold (Amazon DynamoDB takes the "
        "workload's IAM role, no password)",
        "rotation for database credentials",
    ),
    (
        "rds-rotates-database-credentials",
        RDS,
        "automatic rotation for database credentials",
        "takes the workload's IAM role, no password",
    ),
    (
        "dynamodb-rollback-reads-schema-style",
        FLEET,
        "the previous release must still read what the new one writes (no schema migrations: "
        "new attributes are additive)",
        "database migrations must stay compatible with the previous release",
    ),
    # Finding 4: a random GUID as the clustered key splits pages; NEWSEQUENTIALID fills them:
    # https://learn.microsoft.com/sql/t-sql/functions/newsequentialid-transact-sql
    (
        "sqlserver-sequential-guid-key",
        LEDGER,
        "id UNIQUEIDENTIFIER DEFAULT NEWSEQUENTIALID() PRIMARY KEY",
        "id UNIQUEIDENTIFIER PRIMARY KEY",
    ),
    (
        "sqlserver-one-migration-tool",
        LEDGER,
        "Versioned schema changes with EF Core migrations, applied once per release",
        "or a database project deployed by a state-based diff",
    ),
    # Finding 5: sessions on the one Redis instance, which then never evicts:
    # https://redis.io/docs/latest/develop/reference/eviction/
    (
        "sessions-on-the-one-instance",
        LEDGER,
        "maxmemory-policy noeviction: it also holds the sessions",
        "go to a separate instance",
    ),
    (
        "pure-cache-allkeys-lru",
        FLEET,
        "maxmemory-policy allkeys-lru: live quota counters are touched on every request",
        "Session and token storage with a TTL",
    ),
    (
        "write-path-deletes-keys",
        LEDGER,
        "a write deletes the keys of what it changed once it has committed",
        "allkeys-lru or allkeys-lfu for a pure cache, volatile-lru",
    ),
    # ElastiCache RBAC users restrict a service to its key pattern:
    # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
    (
        "shared-cache-rbac-user-per-service",
        FLEET,
        "each writes only keys under its own prefix (bookings:*), through its own RBAC user",
        "contract test checks",
    ),
    # Memorystore for Redis: one AUTH string per instance:
    # https://cloud.google.com/memorystore/docs/redis/about-redis-auth
    (
        "shared-memorystore-prefix-convention",
        ASTRA,
        "whose one AUTH string every service holds: each writes only keys under its own prefix",
        "through its own RBAC user",
    ),
    # A monolith has no services to keep apart in the cache.
    ("monolith-no-cache-sharing", LEDGER, "Sentinel for failover", "under its own prefix"),
]


@pytest.mark.parametrize(("case", "over", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_recovery_and_data_are_decided(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: still says {absent!r}"
