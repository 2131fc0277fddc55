"""Round 8: what the seventh blind review found in the on-premises monolith with PCI DSS
(Store Ledger), fixed as one model fact read by every document of the class.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from test_r7_ledger import ledger


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


# Record 0016 says where the cards are captured (facts.pci.captured), not that it handles card
# data: with hosted fields card numbers never enter it (https://docs.stripe.com/security/guide).
def test_pci_record_reads_the_capture_fact() -> None:
    text = ledger("0016-compliance-regimes.md")
    assert "takes card payments, whose card numbers are captured only in the payment" in text
    assert "accepts or handles payment card data" not in text
    tills = ledger("0016-compliance-regimes.md", frontend="none", actors=["users", "devices"])
    assert "card numbers are captured only at the payment provider's P2PE terminals" in tills
    assert "accepts or handles payment card data" not in tills


# One deployable serves every page, so its servers are in scope and the segment sets them apart
# from other systems; with a deployable per capability only the page servers are (PCI SSC
# scoping guidance: https://docs-prv.pcisecuritystandards.org/Guidance%20Document/PCI%20DSS%20General/Guidance-PCI-DSS-Scoping-and-Segmentation.pdf).
ONLY_SOME = "only the pages that embed the payment provider's hosted fields and the servers that"


def test_pci_scope_of_one_deployable_is_all_its_servers() -> None:
    for style in ("monolith", "modular_monolith"):
        text = ledger("reference.md", style=style)
        assert "and with them Ledger's servers, which serve every page; those servers'" in text
        assert ONLY_SOME not in text
    services = ledger("reference.md", style="microservices", capabilities="accounts, invoices")
    assert ONLY_SOME in services
    assert "which serve every page" not in services


# SEC-20 names the WAF's own rules and log-only mode: Coraza with the OWASP CRS on premises
# (https://coraza.io/docs/seclang/directives/#secruleengine), AWS WAF's Count action
# (https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-action.html).
def test_waf_item_reads_the_chosen_waf_words() -> None:
    text = ledger("review-checklist.md")
    assert "firewall: Coraza with the OWASP Core Rule Set at a set paranoia level" in text
    assert "tuned with SecRuleEngine DetectionOnly before it is switched On" in text
    assert "managed rule sets and rate-based rules, tuned in count-only mode" not in text
    aws = ledger("review-checklist.md", cloud="aws", deployment="kubernetes", hosting="managed")
    assert (
        "AWS Managed Rules rule groups and rate-based rules, each rule tuned with the Count" in aws
    )
    assert "SecRuleEngine" not in aws


# The reference's rate limits name the entry point's mechanism (facts of patterns.entry, the
# same words as the overview) and leave only the numbers to the team.
# https://docs.haproxy.org/2.8/configuration.html#7.3.3-sc_http_req_rate
def test_rate_limits_name_the_mechanism_and_leave_the_numbers() -> None:
    text = ledger("reference.md")
    assert (
        "- **Rate limits**: HAProxy: stick tables that count requests per client and deny"
        " above a limit; TODO(team): the numbers per client and endpoint"
    ) in text
    assert "- **Rate limits**: TODO(team): the limits per client and endpoint" not in text
    aws = ledger("reference.md", cloud="aws", deployment="kubernetes", hosting="managed")
    assert "- **Rate limits**: AWS WAF rate-based rules on the load balancer's web ACL" in aws
    assert "- **Rate limits**: TODO(team): the limits per client and endpoint" not in aws


# Readable secondaries and a second-site replica need Enterprise: Standard's basic availability
# groups have two replicas and no readable secondary (facts.sql_edition, read by the design and
# COST-21). https://learn.microsoft.com/sql/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups
def test_sql_server_edition_is_one_fact_read_by_design_and_checklist() -> None:
    for over in ({}, {"cloud": "aws", "deployment": "kubernetes", "hosting": "managed"}):
        text = ledger("design.md", "review-checklist.md", **over)
        assert "Always On availability groups on Enterprise edition with synchronous" in text
        assert "**COST-21** (medium) SQL Server runs on Enterprise edition, which the" in text
        assert "Standard unless an Enterprise feature is needed" not in text
        assert "where the edition allows it" not in text
    azure = ledger("review-checklist.md", cloud="azure", deployment="kubernetes", hosting="managed")
    assert "COST-21" not in azure and "COST-10" not in azure


# Redis replication is asynchronous: a failover loses the latest acknowledged writes, so the
# sessions written in the last seconds are lost and those users sign in again (REL-149,
# retiring REL-73). https://redis.io/docs/latest/operate/oss_and_stack/management/replication/
def test_session_failover_states_what_it_loses() -> None:
    text = ledger("review-checklist.md")
    assert "so a failover loses the latest session writes, and a failover drill shows" in text
    assert "only users whose session was written in the last seconds sign in again" in text
    assert "a failover drill shows that users stay signed in" not in text
    aws = ledger("review-checklist.md", cloud="aws", deployment="kubernetes", hosting="managed")
    assert "so a failover loses the latest session writes" in aws
    assert "users stay signed in" not in aws
