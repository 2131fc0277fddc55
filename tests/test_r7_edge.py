"""Round 7: the entry point's own WAF and rate limits, the product in front of it, and how a
self-hosted identity provider is watched. Literal must/must-not cases per combination."""

from __future__ import annotations

from typing import Any

from test_combinations import documents

AKS: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "backend_language": "python",
    "backend_framework": "fastapi",
    "auth": "oidc",
    "idp": "keycloak",
}


def test_agc_has_its_own_waf() -> None:
    # https://learn.microsoft.com/azure/web-application-firewall/ag/waf-application-gateway-for-containers-overview
    text = documents("reference.md", **AKS)
    assert "Web application firewall at Application Gateway for Containers" in text
    assert "has no web application firewall: it comes from Azure Front Door WAF" not in text


def test_front_door_that_rate_limits_is_drawn_on_the_request_path() -> None:
    # Rate-limit custom rules on AGC are not documented: Front Door keeps them, so every view
    # draws it in the entry point's box.
    text = documents("overview.md", **AKS)
    assert "Azure Front Door, then" in text
    aws = documents("overview.md", **{**AKS, "cloud": "aws"})
    assert "Azure Front Door" not in aws
    assert "then<br/>Application Load Balancer" not in aws


def test_application_gateway_waf_v2_rate_limits_itself() -> None:
    # https://learn.microsoft.com/azure/web-application-firewall/ag/rate-limiting-configure
    text = documents(**{**AKS, "deployment": "containers_vm"})
    assert "rate-limit custom rules in its WAF policy (WAF_v2 tier)" in text
    assert "Azure Application Gateway has no web application firewall" not in text


def test_self_hosted_idp_is_watched_by_its_own_probes() -> None:
    text = documents("review-checklist.md", **AKS)
    assert "its health and readiness probes feed the alerting" in text
    assert "the provider's status feeds the alerting" not in text
    saas = documents("review-checklist.md", **{**AKS, "idp": "okta"})
    assert "the provider's status feeds the alerting" in saas
    assert "its health and readiness probes feed the alerting" not in saas


def test_entry_exposure_follows_the_actors() -> None:
    # People reach the entry point through their clients: it is public, one fact everywhere.
    people = documents("design.md", **{**AKS, "actors": ["users", "internal_systems"]})
    assert "the same entry point as the callers from outside" in people
    assert "on a private address only" not in people
    machines = documents(
        "design.md",
        **{**AKS, "actors": ["internal_systems"], "frontend": "none", "mobile_app": "none"},
    )
    assert "on a private address only; no public exposure" in machines
    assert "the same entry point as the callers from outside" not in machines
