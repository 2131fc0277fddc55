"""Identity and edge findings of the second blind reviews (issue 19), as literal cases.

Each case renders a combination in-process and reads the named documents (decision records
and the review checklist included where the finding was there). Each asserts a statement that
must appear and one that must not, with the vendor page that decides it in a comment.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import EVENTS, IOT, LEDGER
from test_combinations import documents

# Meters and internal systems call the API; no person signs in.


CASES: list[tuple[str, dict[str, Any], tuple[str, ...], str, str]] = [
    # Client credentials grant: no user, no authorization endpoint, no refresh token:
    # https://www.rfc-editor.org/rfc/rfc6749#section-4.4
    (
        "machines-auth-record-has-no-pkce",
        IOT,
        ("0012-authentication.md",),
        "each calling system gets its own access token from Microsoft Entra ID with the "
        "client credentials grant",
        "Clients sign in with the authorization code flow and PKCE",
    ),
    (
        "machines-auth-record-confirms-client-credentials",
        IOT,
        ("0012-authentication.md",),
        "every calling system uses the client credentials grant with its own credential",
        "the authorization code flow with PKCE, or",
    ),
    (
        "machines-checklist-has-no-logout",
        IOT,
        ("review-checklist.md",),
        "each calling system keeps working only until its current token expires",
        "refresh tokens are revoked at the provider on logout",
    ),
    (
        "machines-checklist-has-no-sign-in-page",
        IOT,
        ("review-checklist.md",),
        "Each calling system has its own client at Microsoft Entra ID",
        "the sign-in page shows a clear error",
    ),
    (
        "machines-idp-component-signs-no-user-in",
        IOT,
        ("overview.md",),
        "Issues each calling system the tokens the backend checks.",
        "Signs users in",
    ),
    # Entra: managed identity or workload identity federation, no secret to keep:
    # https://learn.microsoft.com/entra/workload-id/workload-identity-federation
    (
        "entra-internal-systems-credential-is-federated",
        IOT,
        ("design.md",),
        "a federated credential of its own app registration, with no client secret",
        "kept in the secret store",
    ),
    (
        "entra-internal-systems-one-credential-statement",
        IOT,
        ("design.md",),
        "authenticating with a federated credential",
        "never a shared secret",
    ),
    # Cognito's client credentials grant needs an app client with a client secret:
    # https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints-oauth-grants.html
    (
        "cognito-internal-systems-credential-is-the-client-secret",
        {**IOT, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"},
        ("design.md",),
        "the client secret of its own app client, kept in the secret store",
        "never a shared secret",
    ),
    # Internal calls come through the one HTTP entry point (API Management on Functions):
    # https://learn.microsoft.com/azure/api-management/api-management-using-with-internal-vnet
    (
        "internal-systems-edge-is-the-entry-point",
        IOT,
        ("design.md",),
        "Edge: Azure API Management, on a private address only",
        "An internal load balancer or the service mesh",
    ),
    (
        "machine-sign-in-sequence-passes-the-entry-point",
        IOT,
        ("design.md",),
        "n_internal->>n_entry: API call with the access token as bearer token",
        "n_internal->>n_unit_readings: API call",
    ),
    # Partner keys and quotas are checked by Apigee API products, not the load balancer:
    # https://cloud.google.com/apigee/docs/api-platform/publish/what-api-product
    (
        "partner-keys-checked-by-the-partner-gateway",
        {**EVENTS, "actors": ["users", "partner_systems"]},
        ("review-checklist.md",),
        "Each partner system calls Apigee (API products and developer apps) with an API credential",
        "Each partner system calls GKE Gateway",
    ),
    # Identity Platform: the API accepts ID tokens only:
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens
    (
        "identity-platform-outage-item-names-id-tokens",
        EVENTS,
        ("review-checklist.md",),
        "signed-in users keep working only until their ID tokens expire",
        "until their access tokens expire",
    ),
    (
        "identity-platform-auth-record-verifies-id-tokens",
        EVENTS,
        ("0012-authentication.md",),
        "the backend only verifies short-lived ID tokens",
        "only validates standard, short-lived access tokens",
    ),
    # Cognito access tokens have no aud claim (client_id and token_use instead):
    # https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
    (
        "cognito-checklist-checks-client-id-not-audience",
        {"cloud": "aws", "idp": "cognito"},
        ("review-checklist.md",),
        "client\\_id against the allowed app clients (the token has no aud claim)",
        "the audience (this API)",
    ),
    # An Application Load Balancer has no rate limiting; AWS WAF rate-based rules do it:
    # https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
    (
        "eks-gateway-pattern-rate-limits-by-waf",
        {"cloud": "aws", "deployment": "kubernetes", "style": "microservices"},
        ("design.md",),
        "rate limits come from AWS WAF rate-based rules",
        "applies TLS, authentication and rate limits",
    ),
    # PCI DSS v4.0 8.4: MFA required, never only offered, where the regime applies:
    # https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0.pdf
    (
        "pci-sessions-mfa-required-not-offered",
        {
            "style": "monolith",
            "cloud": "onprem",
            "deployment": "vms",
            "datastore": "sqlserver",
            "frontend": "server_rendered",
            "backend_language": "csharp",
            "backend_framework": "aspnet_core",
            "auth": "sessions",
            "compliance": ["pci_dss"],
        },
        ("review-checklist.md",),
        "multi-factor authentication is required for every administrative, remote",
        "multi-factor authentication is offered",
    ),
    # ASP.NET Core on several instances: one shared, persisted Data Protection key ring:
    # https://learn.microsoft.com/aspnet/core/security/data-protection/configuration/overview
    (
        "aspnet-sessions-shared-data-protection-key-ring",
        LEDGER,
        ("review-checklist.md",),
        "Data Protection key ring is persisted in SQL Server",
        "Data Protection key ring is persisted in Redis",
    ),
    # The outage text names the token the API checks: Identity Platform issues ID tokens:
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens
    (
        "identity-platform-outage-names-id-tokens",
        {
            "style": "event_driven",
            "cloud": "gcp",
            "deployment": "kubernetes",
            "datastore": "cassandra",
            "broker": "kafka",
            "idp": "google_identity_platform",
        },
        ("0013-identity-provider.md",),
        "keep accepting ID tokens until they expire",
        "keep accepting access tokens until they expire",
    ),
]


@pytest.mark.parametrize(
    ("over", "names", "must", "must_not"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_identity_and_edge(
    over: dict[str, Any], names: tuple[str, ...], must: str, must_not: str
) -> None:
    text = documents(*names, **over)
    assert must in text
    assert must_not not in text
