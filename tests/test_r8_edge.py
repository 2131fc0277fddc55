"""Round 8: the edge as one set of facts. The product in front of the entry point only where
the entry is public, how internal systems reach the entry, where TLS ends, the cloud's
identity rationale and what the team still runs on managed hosting. Literal must/must-not
cases per combination."""

from __future__ import annotations

from typing import Any

from systems import IOT
from test_combinations import documents

# A private entry point: only devices and internal systems call (no people, no partners).

AKS: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "backend_language": "python",
    "backend_framework": "fastapi",
    "auth": "oidc",
    "idp": "keycloak",
    "actors": ["users", "internal_systems"],
}


def test_private_entry_has_no_front_door_in_any_view() -> None:
    # Front Door is a public edge (https://learn.microsoft.com/azure/frontdoor/front-door-overview):
    # a private API Management has nothing in front of it.
    private = documents("overview.md", "reference.md", **IOT)
    assert "Azure Front Door, then" not in private
    assert "Entry point<br/>Azure API Management" in private
    public = documents("overview.md", **{**IOT, "actors": ["users", "devices"]})
    assert "Azure Front Door, then<br/>Azure API Management" in public


def test_private_container_apps_claims_nothing_from_front_door() -> None:
    private = documents(**{**IOT, "deployment": "paas", "style": "microservices"})
    assert "Azure Front Door, then" not in private
    assert "it comes from Azure Front Door WAF rate-limit rules" not in private
    public = documents(
        **{
            **IOT,
            "deployment": "paas",
            "style": "microservices",
            "actors": ["partner_systems"],
        }
    )
    assert "Azure Front Door, then" in public


def test_internal_systems_call_the_public_entry_where_it_is_public() -> None:
    # One exposure fact (facts.entry_public): where people reach the entry, internal systems
    # call the same public entry with their workload credential; else the internal network.
    public = documents("design.md", "reference.md", "decisions/0018-actors.md", **AKS)
    assert "HTTPS through the public entry point, with its workload credential" in (public)
    assert "over HTTPS through Azure Front Door with" in public
    assert "internal network" not in public
    private = documents("design.md", **IOT)
    assert "on the internal network with" in private
    assert "through the public entry point" not in private


def test_tls_ends_at_front_door_and_again_at_the_entry() -> None:
    # https://learn.microsoft.com/azure/frontdoor/end-to-end-tls: Front Door ends TLS and opens
    # a new TLS connection to the origin.
    text = documents("design.md", "reference.md", "decisions/0004-deployment-target.md", **AKS)
    assert (
        "TLS ends at Azure Front Door, which re-encrypts to Application Gateway for Containers, "
        "where it ends again" in text
    )
    assert "TLS ends at Application Gateway for Containers\n" not in text
    assert "from clients to Azure Front Door, which re-encrypts to" in text
    aws = documents("decisions/0004-deployment-target.md", **{**AKS, "cloud": "aws"})
    assert "re-encrypts to" not in aws
    assert "TLS ends at" in aws


def test_cloud_rationale_claims_no_identity_plane_for_the_systems_people() -> None:
    # Keycloak signs people in: Azure's Entra ID is the plane for operators and workloads only.
    for over in (AKS, {**AKS, "idp": "entra_id"}, {**AKS, "cloud": "aws", "idp": "auth0"}):
        text = documents("reference.md", "decisions/0003-cloud-platform.md", **over)
        assert "identity plane for people" not in text
    azure = documents("reference.md", **AKS)
    assert "one Microsoft Entra ID identity plane for operators and workloads" in azure


def test_managed_hosting_claims_only_the_data_and_messaging_services() -> None:
    # Keycloak and the OpenTelemetry Collector are still the team's: no "only its own code".
    for over in (
        {**AKS, "hosting": "managed", "observability": "otel_prometheus_grafana"},
        {**IOT, "hosting": "managed"},
    ):
        text = documents("reference.md", **over)
        assert "so the team runs none of their servers" in text
        assert "operates only its own code" not in text
