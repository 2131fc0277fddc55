"""Identity and topology in the narrative documents and diagrams: literal expectations.

Each case renders a system and asserts a statement that must appear and one that must not,
citing the vendor page the expectation comes from. The sign-in flow, its sequence diagram,
the tokens and the authorization text follow the chosen identity provider's traits
(extensions/catalog/traits/idp.yaml); the topic and component diagrams follow the model's
patterns and facts.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from systems import EVENTS
from test_combinations import model, record

from extensions.diagrams import all_nodes, build_diagrams

GIP = {"cloud": "gcp", "idp": "google_identity_platform"}

# (case, answers, document, must appear, must not appear)
CASES: list[tuple[str, dict[str, Any], str, str, str]] = [
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens : the client SDK signs in,
    # the backend verifies the ID token; there is no authorization endpoint for the team's API.
    (
        "gip-sdk-sign-in",
        GIP,
        "design.md",
        "verifies the ID token with the Admin SDK",
        "authorization endpoint of Google Cloud Identity Platform",
    ),
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens
    (
        "gip-id-token-to-api",
        GIP,
        "design.md",
        "carries the ID token as a bearer token",
        "carries the access token as a bearer token",
    ),
    # https://firebase.google.com/docs/auth/admin/custom-claims : roles are custom claims.
    (
        "gip-custom-claims",
        GIP,
        "design.md",
        "Custom claims set on each user with the Admin SDK",
        "Scopes in the access token decide",
    ),
    # https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity : services
    # prove who they are with the platform's workload identity, not client credentials.
    (
        "gip-gke-service-identity",
        EVENTS,
        "design.md",
        "carry a token of its own workload identity (Workload Identity Federation for GKE",
        "obtains with the client credentials grant",
    ),
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens (sequence diagram)
    (
        "gip-sequence",
        GIP,
        "design.md",
        "API call with the ID token as bearer token",
        "PKCE challenge",
    ),
    # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
    (
        "cognito-client-credentials",
        {"idp": "cognito"},
        "design.md",
        "obtains with the client credentials grant",
        "workload identity",
    ),
    # https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
    (
        "cognito-no-aud",
        {"idp": "cognito"},
        "design.md",
        "(its access tokens carry no aud claim)",
        "the ID token as a bearer token",
    ),
    # https://learn.microsoft.com/entra/identity-platform/access-tokens#token-lifetime
    (
        "entra-lifetime-in-tokens",
        {"cloud": "azure", "deployment": "paas", "idp": "entra_id"},
        "design.md",
        "living 60 to 90 minutes (75 on average, chosen at random) by default",
        "5 to 15 minutes",
    ),
    # https://www.keycloak.org/docs/latest/server_admin/#_timeouts
    (
        "keycloak-lifetime-in-flow",
        {"idp": "keycloak"},
        "design.md",
        "an access token living 5 minutes",
        "an access token living 60 minutes",
    ),
    # https://support.okta.com/help/s/article/What-is-the-lifetime-of-the-JWT-tokens
    (
        "okta-lifetime-in-flow",
        {"idp": "okta"},
        "design.md",
        "an access token living 60 minutes",
        "5 to 15 minutes",
    ),
    # No mobile app chosen: no mobile client named (copier.yml mobile_app default none).
    # https://cloud.google.com/identity-platform/docs/concepts-admin-auth-api
    (
        "gip-no-mobile",
        GIP,
        "reference.md",
        "managed sign-in with social and enterprise providers",
        "web and mobile clients",
    ),
    # A mobile app chosen: it signs in and calls the API in the flows too.
    # https://reactnative.dev/docs/security#oauth2-and-redirects
    (
        "mobile-in-flow",
        {"mobile_app": "react_native"},
        "design.md",
        "the React web app or the React Native mobile app sends the user",
        "participant n_frontend as Web app\n",
    ),
    # A modular monolith's modules call each other in process: no service tokens.
    # https://learn.microsoft.com/azure/architecture/guide/architecture-styles/ (styles)
    (
        "modular-monolith-in-process",
        {"style": "modular_monolith"},
        "design.md",
        "the modules call each other in process, with no token",
        "client credentials grant",
    ),
]


@pytest.mark.parametrize(
    ("case", "over", "doc", "must", "must_not"), CASES, ids=[c[0] for c in CASES]
)
def test_identity_statement(
    case: str, over: dict[str, Any], doc: str, must: str, must_not: str
) -> None:
    text = record(doc, **over)
    assert must in text, (case, must)
    assert must_not not in text, (case, must_not)


def test_enough_identity_cases() -> None:
    assert len(CASES) >= 10


def _edges(mermaid: str) -> list[tuple[str, str, str]]:
    """(source, label, target) of every flowchart edge in a document."""
    pattern = re.compile(r"^\s*(n_\w+) -\.?->?(?:\|\"([^\"]*)\"\|)? (n_\w+)$", re.MULTILINE)
    return [(a, label or "", b) for a, label, b in pattern.findall(mermaid)]


def _block(text: str, title: str) -> str:
    """The first Mermaid block after a heading that contains `title`."""
    start = text.index(title)
    begin = text.index("```mermaid", start)
    return text[begin : text.index("```\n", begin + 10)]


# Kafka consumers subscribe to the topics they need
# (https://kafka.apache.org/documentation/#intro_concepts_and_terms): the topic view draws
# the one subscription the main flow declares and leaves the rest to the team, never every
# service reading every other service's topic.
def test_topic_view_is_no_full_mesh() -> None:
    over = {**EVENTS, "capabilities": "accounts, invoices, payments, notices"}
    view = _block(record("reference.md", **over), "Message Queue Architecture")
    # Kafka: a consumer group per consuming service reads a topic (round 4: no queue node).
    delivers = [(a, b) for a, label, b in _edges(view) if label.startswith("consumer group ")]
    assert ("n_t_accounts", "n_c_invoices") in delivers
    assert "Subscribers to decide" not in view
    assert not any(b == "n_c_accounts" for _, b in delivers)
    # Each service reads the topics it is known to read (the first service's events), never
    # every topic; topics whose readers are unknown get no placeholder node.
    per_reader: dict[str, int] = {}
    for _, b in delivers:
        per_reader[b] = per_reader.get(b, 0) + 1
    assert per_reader == {f"n_c_{u}": 1 for u in ("invoices", "payments", "notices")}


# Cassandra has no multi-row transaction for an outbox row; its events come from CDC
# (https://cassandra.apache.org/doc/latest/cassandra/managing/operating/cdc.html): the
# publisher reads the change feed, the use-case logic never writes to the broker itself.
def test_component_view_has_no_dual_write_with_a_change_feed() -> None:
    view = _block(record("reference.md", **EVENTS), "Component Diagram")
    edges = _edges(view)
    # The one change-feed relay outside the unit reads the feed (round 4): no publisher inside.
    assert ("n_datastore", "change feed", "n_relay") in edges
    assert not any("n_c_publisher" in (a, b) for a, _, b in edges)


# PostgreSQL commits the state change and the outbox row in one transaction
# (https://www.postgresql.org/docs/current/tutorial-transactions.html): the relay reads the
# outbox rows.
def test_component_view_outbox_relay_reads_outbox_rows() -> None:
    view = _block(record("reference.md", datastore="postgresql"), "Component Diagram")
    edges = _edges(view)
    assert ("n_datastore", "outbox rows", "n_c_publisher") in edges
    assert not any(a == "n_c_logic" and b == "n_c_publisher" for a, _, b in edges)


# The data access library is the one for the store and language (facts.data_access):
# https://docs.datastax.com/en/developer/java-driver/latest/ for Cassandra, not JPA.
def test_component_view_data_access_reads_the_fact() -> None:
    m = model(**EVENTS)
    view = build_diagrams(m)["components"]["flowchart"]
    label = next(n for n in all_nodes(view) if n["id"] == "c_data")
    library = m["facts"]["data_access"]["library"]
    shown = " ".join([label["label"], *label["detail"]])
    assert any(x[:20] in shown for x in re.split(r",? or ", library)), shown
    assert "JPA" not in shown


# Every actor and client is in the system diagram (C4 system context: "people and software
# systems" around the system, https://c4model.com/diagrams/system-context).
def test_every_actor_and_client_is_in_the_system_diagram() -> None:
    m = model(
        actors=["users", "devices", "partner_systems", "internal_systems"],
        mobile_app="flutter",
    )
    ids = {n["id"] for n in all_nodes(build_diagrams(m)["system"]["flowchart"])}
    assert {"users", "frontend", "mobile_app", "devices", "partners", "internal"} <= ids
    assert "idp" in ids


# Identity Platform: the auth sequence has no code exchange and no scopes
# (https://firebase.google.com/docs/auth/admin/verify-id-tokens).
def test_auth_sequence_follows_the_provider() -> None:
    gip = build_diagrams(model(**GIP))["auth"]
    texts = [str(step) for step in gip["steps"]]
    assert any("sign in through the client SDK" in t for t in texts)
    assert not any("PKCE" in t or "scopes" in t for t in texts)
    cognito = build_diagrams(model(idp="cognito"))["auth"]
    texts = [str(step) for step in cognito["steps"]]
    assert any("token_use, client_id" in t for t in texts)
    assert any("PKCE" in t for t in texts)
