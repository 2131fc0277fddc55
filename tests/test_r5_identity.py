"""Identity and edge facts from the fourth blind review (round 5).

Each case: a combination, a statement that must appear and one that must not, with the
vendor or standard page that decides it.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_combinations import documents, model, said


def checks(**over: Any) -> dict[str, str]:
    return {c["id"]: c["text"] for c in model(**over)["checklist"]["checks"]}


# Keycloak: RP-initiated logout ends the SSO session and the refresh tokens bound to it
# (https://www.keycloak.org/docs/latest/server_admin/#_oidc-logout); Entra ID revokes refresh
# tokens only per user (https://learn.microsoft.com/graph/api/user-revokesigninsessions).
def test_keycloak_logout_ends_the_refresh_token() -> None:
    keycloak = checks(idp="keycloak")["SEC-71"]
    assert "ends the SSO session" in keycloak
    assert "signing out alone leaves" not in keycloak
    design = documents("design.md", idp="keycloak")
    assert "which signing out does not end by itself" not in design
    entra = checks(idp="entra_id", cloud="azure")["SEC-71"]
    assert "signing out alone leaves the refresh token valid" in entra
    assert "ends the SSO session" not in entra


# Keycloak issues client credentials tokens (https://www.keycloak.org/docs/latest/server_admin/#_client-credentials):
# an internal caller uses its own client's access token, never a "workload identity" beside it.
def test_internal_caller_has_one_credential_per_provider() -> None:
    over: dict[str, Any] = {"idp": "keycloak", "actors": ["users", "internal_systems"]}
    text = documents("design.md", "overview.md", "reference.md", **over)
    assert "with an access token of its own client at Keycloak" in text
    assert "with its workload identity" not in text
    gip: dict[str, Any] = {
        "cloud": "gcp",
        "idp": "google_identity_platform",
        "actors": ["users", "internal_systems"],
    }
    other = documents("design.md", **gip)
    assert "with its workload identity" in other
    assert "with an access token of its own client" not in other


# PCI DSS v4.0.1 requirement 8.2.8: re-authentication after at most 15 minutes idle
# (https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf).
def test_session_idle_timeout_is_at_most_15_minutes_under_pci() -> None:
    pci = checks(auth="sessions", compliance=["pci_dss"])["SEC-42"]
    assert "at most 15 minutes, as PCI DSS requirement 8.2.8 asks" in pci
    assert "15 to 30 minutes" not in pci
    plain = checks(auth="sessions")["SEC-42"]
    assert "15 to 30 minutes" in plain
    assert "PCI DSS" not in plain


# The entry point rate-limits (AWS WAF rate-based rules:
# https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html);
# the cache keeps per-user business quotas only, never a second request rate limiter.
@pytest.mark.parametrize("cloud", ["aws", "azure"])
def test_cache_does_not_claim_request_rate_limiting(cloud: str) -> None:
    text = documents("reference.md", cloud=cloud, cache="redis")
    assert "Per-user quotas (not request rate limits)" in text
    assert "Rate limiting with INCR and EXPIRE" not in text


# Cognito: /oauth2/revoke invalidates the refresh token and the access tokens it issued for
# Cognito's own APIs; a service that validates the JWT locally accepts it until it expires:
# https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
# EKS Auto Mode launches nodes itself (no managed node groups):
# https://docs.aws.amazon.com/eks/latest/userguide/automode.html
def test_cognito_revocation_and_auto_mode_nodes_are_stated_as_they_are() -> None:
    m = model(cloud="aws", deployment="kubernetes", idp="cognito")
    text = said(m)
    assert "services that check access tokens locally accept them until they expire" in text
    assert "which also ends the access tokens it issued" not in text
    assert "nodes that EKS Auto Mode launches in several Availability Zones" in text
    assert "node groups in several Availability Zones" not in text
