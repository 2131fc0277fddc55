"""REL-06 says what gives point-in-time recovery and what alert guards the RPO (round-8
blind reviews: a self-run SQL Server has no "continuous backup", and an alert on a restore
point that usually trails by more than the RPO would always fire)."""

from __future__ import annotations

from systems import CLINIC, FLEET, LEDGER
from test_combinations import documents


def _rel06(**answers: object) -> str:
    text = documents("review-checklist.md", **answers)
    return next(line for line in text.splitlines() if "**REL-06**" in line)


def test_a_self_run_store_gets_its_recovery_from_log_backups() -> None:
    # SQL Server restores to a point in time from its transaction log backups:
    # https://learn.microsoft.com/sql/relational-databases/backup-restore/restore-a-sql-server-database-to-a-point-in-time-full-recovery-model
    line = _rel06(**{**LEDGER, "rpo_minutes": 15})
    assert "point-in-time recovery of SQL Server (self-managed) comes from" in line
    assert "continuous backup" not in line


def test_the_rpo_is_guarded_by_the_replica_where_the_restore_point_trails_it() -> None:
    # Azure Database for PostgreSQL's restore point trails by minutes; a 5-minute RPO rests on
    # the cross-region replica, whose lag is what the alert watches.
    line = _rel06(**CLINIC)
    assert "replica alerts when its replication lag passes 5 minutes" in line
    # DynamoDB's restore point trails by about the RPO itself: no replica clause.
    fleet = _rel06(**FLEET)
    assert "continuous backup with point-in-time recovery is on for Amazon DynamoDB" in fleet
    assert "replication lag passes" not in fleet
