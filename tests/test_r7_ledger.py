"""Round 7: contradictions the sixth blind review found in the on-premises monolith with
PCI DSS (Store Ledger), fixed as one model fact read by every document.

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


def test_backend_listens_on_https_where_the_entry_re_encrypts() -> None:
    # HAProxy `ssl verify required` on the server line needs a TLS listener on the backend:
    # https://docs.haproxy.org/2.8/configuration.html#5.2-ssl; Kestrel's HTTPS endpoint with a
    # PEM certificate: https://learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints
    text = ledger("reference.md")
    assert "re-encrypts to the backend servers" in ledger("design.md")
    assert '"Url": "https://+:8080"' in text
    assert '"KeyPath": "/etc/' in text
    assert '"Urls": "http://+:8080"' not in text
    # Another framework on VMs: the YAML configuration names its certificate too.
    java = ledger("reference.md", backend_language="java", backend_framework="spring_boot")
    assert "port: 8080  # HTTPS" in java
    assert "tls_cert_file: /etc/" in java
    # Where TLS ends at a cloud load balancer without re-encryption, plain HTTP stays.
    cloud = ledger("reference.md", cloud="aws", deployment="kubernetes", hosting="managed")
    assert "tls_cert_file" not in cloud and "https://+:8080" not in cloud


# Hosted fields on a web page (SAQ A): card data never enters the system; the pages that embed
# the fields and their servers are in scope for 6.4.3 and 11.6.1.
# https://docs.stripe.com/security/guide ; https://www.pcisecuritystandards.org/faqs/
# (Round 8: in a monolith those servers serve every page; tests/test_r8_ledger.py.)
HOSTED_SCOPE = "Card data never enters Ledger: "


def test_pci_scope_is_one_statement_by_capture_channel() -> None:
    for name in ("reference.md", "review-checklist.md"):
        text = ledger(name)
        assert HOSTED_SCOPE in text, name
        assert "No part of Ledger is set apart" not in text, name
    # Record 0016 weighs the same scope: most of the system out of it, nothing says all of it.
    record = ledger("0016-compliance-regimes.md")
    assert "takes most of the system out of scope" in record
    assert "is in PCI DSS scope, and that network" not in record
    # No web page (cards read at the provider's terminals): the old whole-system statement.
    tills = ledger("reference.md", frontend="none", actors=["users", "devices"])
    assert "No part of Ledger is set apart for card data" in tills
    assert HOSTED_SCOPE not in tills


# The hosted fields load the provider's script and iframe, so the pages' CSP names its origin
# in script-src and frame-src (https://docs.stripe.com/security/guide#content-security-policy).
def test_csp_admits_the_hosted_fields_where_they_capture_cards() -> None:
    text = ledger("reference.md")
    assert "script-src 'self' https://<payment-provider>" in text
    assert "frame-src https://<payment-provider>" in text
    assert (
        "Content-Security-Policy: default-src 'self'; connect-src 'self'; frame-ancestors"
        not in text
    )
    # Without PCI DSS the policy stays 'self' only.
    plain = ledger("reference.md", compliance=[])
    assert "<payment-provider>" not in plain
    assert (
        "Content-Security-Policy: default-src 'self'; connect-src 'self'; frame-ancestors" in plain
    )


# Who owns the OpenAPI document, one fact per framework: a code-first framework generates it
# (https://learn.microsoft.com/aspnet/core/fundamentals/openapi/aspnetcore-openapi), so the
# committed copy is its output; where oapi-codegen generates the server from the document
# (https://github.com/oapi-codegen/oapi-codegen), the document is written first.
FROM_CODE = "OpenAPI 3.1 document generated from the code and committed"
FIRST = "OpenAPI 3.1 document kept in the repository as the source of truth"


def test_openapi_document_is_owned_by_code_or_by_the_document_per_framework() -> None:
    text = ledger("design.md", "reference.md")
    assert "Microsoft.AspNetCore.OpenApi generates the OpenAPI document" in text
    assert FROM_CODE in text
    assert FIRST not in text
    go = ledger("design.md", "reference.md", backend_language="go", backend_framework="gin")
    assert FIRST in go and FROM_CODE not in go


# The second data centre the recovery pattern decides (an asynchronous-commit availability
# group replica there: https://learn.microsoft.com/sql/database-engine/availability-groups/windows/availability-modes-always-on-availability-groups)
# is drawn in the deployment view.
def test_deployment_view_draws_the_second_site_replica() -> None:
    text = ledger("reference.md")
    assert 'subgraph n_g_site2["Second data centre"]' in text
    assert 'n_replica_dr[("SQL Server replica")]' in text
    # An RPO that backups copied to the second site meet: no second site to draw.
    relaxed = ledger("reference.md", rpo_minutes=1440)
    assert "n_g_site2" not in relaxed


# Names that do not apply: no CDN is decided on premises (PERF-51 serves the assets from the
# web servers); Debezium reads a change feed only where the change feed publishes the events;
# on VMs one deploy mechanism, a release directory behind a symlink on VMs Ansible builds
# (https://docs.ansible.com/ansible/latest/playbook_guide/).
def test_names_that_do_not_apply_are_gone() -> None:
    design = ledger("design.md")
    assert "served as a hashed static asset." in design
    assert "or the CDN in front of it" not in design
    record = ledger("0008-primary-datastore.md")
    assert "Transactions: " in record
    assert "Debezium" not in record
    # Where the change feed publishes (no outbox), its reader stays named.
    feed = ledger("0008-primary-datastore.md", datastore="cassandra")
    text = ledger("reference.md", "0004-deployment-target.md", "design.md")
    assert "Ansible playbook that builds every VM" in text
    assert "Packer" not in text and "immutable images" not in text
    assert "replace the VMs with ones built from the previous image" not in text
    assert "Change feed: " in feed
