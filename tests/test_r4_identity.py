"""Identity findings of the third blind reviews (issue 19, round 4), as literal cases.

Each case renders a combination in-process and reads the named documents (decision records
and the review checklist included). Each asserts a statement that must appear and one that
must not, for the reviewed combination and another of the same class, with the vendor page
that decides it in a comment.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import EVENTS, FLEET, IOT, TICKETS
from test_combinations import documents

# Shipments on GKE: people through a React app and a React Native app, partners through Apigee.
# Meters and internal systems on Azure Functions; no person signs in.
# Bookings on EKS: only a Flutter app, Cognito.
# Tickets on Cloud Run: a Vue single-page app, Okta.


def docs(names: tuple[str, ...], over: dict[str, Any]) -> str:
    return documents(*names, **over)


# Partners: the gateway checks the partner's key and calls the backend as itself; the backend
# rule names both kinds of caller. Apigee GoogleIDToken authentication:
# https://cloud.google.com/apigee/docs/api-platform/security/google-auth/overview
# API Gateway client certificate for backend authentication:
# https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-client-side-ssl-authentication.html
# API Management managed identity: https://learn.microsoft.com/azure/api-management/authentication-managed-identity-policy
# Key authentication adds X-Consumer-Username: https://apisix.apache.org/docs/apisix/plugins/key-auth
PARTNERS = [
    (EVENTS, "Apigee sends a Google-signed ID token of its service account"),
    (
        {**EVENTS, "cloud": "aws", "idp": "cognito", "datastore": "postgresql"},
        "client certificate it generated for backend authentication",
    ),
    (
        {**EVENTS, "cloud": "azure", "idp": "entra_id", "datastore": "postgresql"},
        "authentication-managed-identity",
    ),
    (
        {
            **EVENTS,
            "cloud": "onprem",
            "idp": "keycloak",
            "datastore": "postgresql",
            "deployment": "vms",
        },
        "X-Consumer-Username",
    ),
]


@pytest.mark.parametrize(("over", "forward"), PARTNERS)
def test_partners_reach_the_backend_with_the_gateway_identity(
    over: dict[str, Any], forward: str
) -> None:
    text = docs(("design.md", "review-checklist.md"), over)
    assert forward in text
    assert "accepts a partner call only with the partner gateway's own identity" in text
    assert "The backend accepts only ID tokens" not in text
    assert "is the only token the APIs accept" not in text
    assert "passes the call on to" not in text


def test_identity_platform_rule_names_signed_in_users() -> None:
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens
    text = docs(("design.md", "review-checklist.md"), EVENTS)
    assert "Calls of signed-in users carry an ID token" in text
    assert "**SEC-72**" not in text


# Machines only: no sign-in, no refresh; an outage stops new client-credentials tokens.
# https://www.rfc-editor.org/rfc/rfc6749#section-4.4.3
@pytest.mark.parametrize("idp", ["entra_id", "keycloak"])
def test_machine_callers_lose_new_tokens_not_sign_ins(idp: str) -> None:
    text = docs(("reference.md", "0013-identity-provider.md"), {**IOT, "idp": idp})
    assert "no calling system can get a new access token by the client credentials grant" in text
    assert "sign-ins and token refresh" not in text
    assert "new sign-ins and token refresh both fail" not in text


def test_people_still_lose_sign_in_and_refresh() -> None:
    # https://www.rfc-editor.org/rfc/rfc6749#section-6
    text = docs(("reference.md",), TICKETS)
    assert "new sign-ins and token refresh both fail" in text
    assert "by the client credentials grant" not in text.split("**Failure**")[1][:200]


# Identity Platform: ID tokens only, SDK sign-in; no access tokens, PKCE or certified library.
# https://firebase.google.com/docs/auth/admin/verify-id-tokens
def test_identity_platform_records_agree() -> None:
    text = docs(("0012-authentication.md", "0013-identity-provider.md"), EVENTS)
    assert "already issued ID tokens keep validating until they expire" in text
    assert "ordinary OpenID Connect client libraries do not plug in" in text
    assert "already issued access tokens keep validating" not in text
    assert "a certified client library is needed" not in text
    assert "the authorization code flow with PKCE, or" not in text


def test_oauth_provider_keeps_its_pkce_record() -> None:
    # https://www.keycloak.org/docs/latest/server_admin/#con-oidc-auth-flows_server_administration_guide
    text = docs(("0012-authentication.md",), {})
    assert "a certified client library is needed" in text
    assert "ordinary OpenID Connect client libraries do not plug in" not in text


# Okta / Auth0 / Entra: nothing asserts that the users are staff or customers.
# https://www.okta.com/trustandcompliance/third-party-notice-files (Workforce vs Customer
# Identity Cloud = Auth0)
@pytest.mark.parametrize(
    ("idp", "extra"),
    [
        ("okta", TICKETS),
        ("entra_id", {**TICKETS, "cloud": "azure", "deployment": "kubernetes"}),
        ("auth0", TICKETS),
    ],
)
def test_identity_provider_reason_assumes_no_staff(idp: str, extra: dict[str, Any]) -> None:
    text = docs(("0013-identity-provider.md", "design.md"), {**extra, "idp": idp})
    chosen = text.split("Chosen option:")[1].split("\n")[0]
    assert "our users" in chosen or "our APIs" in chosen
    for word in ("employee", "staff", "joiners", "customers"):
        assert word not in chosen
    assert "matches them to current staff" not in text


# Okta refresh tokens end only by /revoke: https://developer.okta.com/docs/guides/revoke-tokens/revokeatrt
# Cognito: https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
@pytest.mark.parametrize(
    ("over", "revoke"),
    [(TICKETS, "/revoke endpoint of the authorization server"), (FLEET, "/oauth2/revoke endpoint")],
)
def test_refresh_token_revocation_is_the_providers(over: dict[str, Any], revoke: str) -> None:
    text = docs(("design.md", "review-checklist.md"), over)
    assert revoke in text
    assert "revoked at the provider on logout)" not in text
    assert "opaque, revoked at the provider on logout" not in text


# Cognito access tokens carry client_id, not aud:
# https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
def test_cognito_record_checks_client_id_not_audience() -> None:
    text = docs(("0012-authentication.md",), FLEET)
    assert "issuer, token_use, client_id, expiry, scopes" in text
    assert "(signature, iss, aud, exp)" not in text
    assert "a wrong audience" not in text
    keycloak = docs(("0012-authentication.md",), {})
    assert "issuer, audience, expiry, scopes" in keycloak


# Actors: the sign-in sequence names the users actor; no web wording without a web frontend.
def test_sign_in_actor_and_clients_follow_the_answers() -> None:
    text = docs(("design.md", "0012-authentication.md"), FLEET)
    assert "actor n_person as Users" in text
    assert "as Operator" not in text
    assert "the Flutter mobile app signs in" in text
    assert "held by browser code" not in text
    assert "Web and mobile clients" not in text
    web = docs(("0012-authentication.md",), TICKETS)
    assert "tokens held by browser code" in web


def test_actors_record_makes_no_load_claims() -> None:
    text = docs(("0018-actors.md",), TICKETS)
    assert "each person has an account of their own" in text
    assert "working hours" not in text


def test_sequence_notes_are_not_cut_mid_word() -> None:
    text = docs(("design.md",), EVENTS)
    assert "(the project…" not in text
    assert "Admin SDK verifies signature, issuer, audience (the project ID), expiry" in text


# CSRF only where the browser sends cookies:
# https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
def test_csrf_item_only_with_cookies() -> None:
    assert "**SEC-11**" not in docs(("review-checklist.md",), TICKETS)
    assert "**SEC-11**" in docs(
        ("review-checklist.md",), {**TICKETS, "frontend": "server_rendered"}
    )
    assert "**SEC-11**" in docs(("review-checklist.md",), {**TICKETS, "auth": "sessions"})
