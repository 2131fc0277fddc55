"""Round 8: what the seventh blind review found in the on-premises monolith with PCI DSS
(Store Ledger), fixed as one model fact read by every document of the class.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

from test_combinations import documents

LEDGER: dict[str, Any] = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "hosting": "self_managed",
    "frontend": "server_rendered",
    "backend_language": "csharp",
    "backend_framework": "aspnet_core",
    "datastore": "sqlserver",
    "cache": "redis",
    "broker": "rabbitmq",
    "auth": "sessions",
    "ci": "jenkins",
    "api_styles": ["rest"],
    "compliance": ["pci_dss"],
    "availability": 99.5,
    "rpo_minutes": 15,
}


def ledger(*names: str, **over: Any) -> str:
    return documents(*names, **{**LEDGER, **over})


# The loss after a lost host is the log-backup interval plus the copy off the host, so the
# interval is a third of the RPO (at most 15 minutes), never the RPO itself.
# https://learn.microsoft.com/en-us/sql/relational-databases/backup-restore/transaction-log-backups-sql-server
# https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-ARCHIVE-TIMEOUT
def test_log_backup_interval_leaves_room_for_the_copy_within_the_rpo() -> None:
    text = ledger("design.md")
    assert "a transaction log backup at least every 5 minutes, written straight to" in text
    assert "at least every 15 minutes, copied off the host, they meet an RPO" not in text
    postgres = ledger("design.md", datastore="postgresql")
    assert "archive_timeout of 5 minutes, with archive_command writing each WAL" in postgres
    assert "at least every 15 minutes" not in postgres
    hourly = ledger("design.md", rpo_minutes=60)
    assert "a transaction log backup at least every 15 minutes" in hourly
    assert "at least every 60 minutes" not in hourly
