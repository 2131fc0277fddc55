"""Round 7: the compute in a second region and the partner gateway's identity, each one model
fact read by every document (design recovery steps, review checklist, token check).

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import CLINIC, EVENTS, TICKETS
from test_combinations import documents

# A second region for the datastore (RPO 15 minutes: a cross-region replica, not copied
# backups). Whether the compute is created there from the infrastructure code or already runs
# there follows from the RTO (extensions/traits.py REDEPLOY_RTO_MINUTES):
# https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html

REGION_CASES: list[tuple[dict[str, Any], str, str]] = [
    # Cloud Run deploys in minutes: an RTO of 240 minutes leaves time to create it.
    (
        TICKETS,
        "Cloud Run is created in the second region from the infrastructure code",
        "Cloud Run already runs",
    ),
    (
        TICKETS,
        "a regional outage is met by creating it in a second region from the infrastructure "
        "code within the RTO of 240 minutes",
        "where the availability target needs it",
    ),
    (TICKETS, "buckets keep objects through a regional outage", "plus a standby region"),
    # An RTO of 30 minutes is shorter than creating it: it runs there already.
    (
        {**TICKETS, "rto_minutes": 30},
        "a second region runs it scaled in behind the load balancer, because the RTO of 30 "
        "minutes is shorter than creating it there",
        "is met by creating it in a second region",
    ),
    # The cache (created empty), the partner gateway and the broker are named in the same steps.
    (
        EVENTS,
        "Google Kubernetes Engine (GKE), an empty Memorystore for Redis and Apigee are created in "
        "the second region from the infrastructure code",
        "Google Kubernetes Engine (GKE) already runs",
    ),
    # https://kafka.apache.org/documentation/#georeplication
    (
        EVENTS,
        "MirrorMaker 2 mirrors the topics and consumer offsets to the second region",
        "(every region of an Astra database takes reads and writes); after a bad write",
    ),
    # A cluster is not rebuilt within an RTO of 60 minutes: it runs there already, with its
    # regional entry point (Application Gateway for Containers).
    (
        CLINIC,
        "Azure Kubernetes Service (AKS), Azure Managed Redis and Application Gateway for "
        "Containers already run in the second region and scale out",
        "Azure Kubernetes Service (AKS) and Azure Managed Redis are created",
    ),
]


@pytest.mark.parametrize(("over", "must", "must_not"), REGION_CASES)
def test_second_region_compute_is_one_decision(
    over: dict[str, Any], must: str, must_not: str
) -> None:
    text = documents("design.md", "review-checklist.md", **over)
    assert must in text
    assert must_not not in text


# What the backend checks on a call from the partner gateway, beside the identity provider's
# tokens (actors.yaml partner_systems `verify`):
# https://cloud.google.com/docs/authentication/token-types#id
# https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
# https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-client-side-ssl-authentication.html
PARTNER = {"actors": ["users", "partner_systems"]}
VERIFY_CASES: list[tuple[dict[str, Any], str, str]] = [
    (
        EVENTS,
        "A call from the partner gateway carries no token of Google Cloud Identity Platform: "
        "the owning consumer accepts it only with a Google-signed ID token (issuer "
        "https://accounts.google.com, audience the service's URL, email the Apigee service "
        "account's).",
        "accepts it only with the client certificate",
    ),
    (
        {**PARTNER, "cloud": "azure", "deployment": "paas"},
        "accepts it only with a Microsoft Entra v2.0 access token (the backend's app "
        "registration sets requestedAccessTokenVersion to 2, so the issuer is "
        "https://login.microsoftonline.com/\\<tenant ID\\>/v2.0; audience the backend's "
        "application ID URI, oid the API Management managed identity's object ID)",
        "Google-signed ID token (issuer",
    ),
    (
        {**PARTNER, "cloud": "aws"},
        "accepts it only with the client certificate API Gateway generated for backend "
        "authentication, checked against its PEM-encoded public key",
        "Microsoft Entra access token (issuer",
    ),
    # No partner actor: no second verifier.
    ({"cloud": "gcp", "actors": ["users"]}, "", "A call from the partner gateway"),
]


@pytest.mark.parametrize(("over", "must", "must_not"), VERIFY_CASES)
def test_token_check_names_the_partner_gateway_verifier(
    over: dict[str, Any], must: str, must_not: str
) -> None:
    text = documents("design.md", **over)
    assert must in text
    assert must_not not in text
