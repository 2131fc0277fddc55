"""Callers, identity, edge and diagrams: literal must / must-not cases from the blind reviews.

Each case builds a system and asserts what must appear and what must not, citing the vendor
page the expectation comes from. One path per actor and one subscription model in every
view; the authentication flow follows the actors and the identity provider's traits.
"""

from __future__ import annotations

from typing import Any

from systems import EVENTS, IOT, LEDGER
from test_combinations import model, record

from extensions.diagrams import build_diagrams

EVENTS: dict[str, Any] = {**EVENTS, "capabilities": "shipments, tracking, notices"}


def _edges(m: dict[str, Any], view: str) -> list[tuple[str, str, str]]:
    d = build_diagrams(m)[view]["flowchart"]
    return [(e["source"], e["label"], e["target"]) for e in d["edges"]]


# Azure Functions reads IoT Hub through its built-in Event Hubs-compatible endpoint
# (https://learn.microsoft.com/azure/azure-functions/functions-bindings-event-iot-trigger,
# https://learn.microsoft.com/azure/iot-hub/iot-hub-devguide-messages-read-builtin): devices
# reach IoT Hub, never API Management, in the system and the deployment view alike.
def test_device_path_is_one_path_in_every_view() -> None:
    m = model(**IOT)
    for view in ("system", "deployment"):
        edges = _edges(m, view)
        assert ("devices", "telemetry, client certificate", "ingest") in edges, view
        handoff = [e for e in edges if e[0] == "ingest" and e[2] not in ("device_registry",)]
        assert [e[1] for e in handoff] == ["trigger reading the Event Hubs-compatible endpoint"]
        assert not any(a == "devices" and b == "entry" for a, _, b in edges), view


# Apigee API products and developer apps per partner
# (https://cloud.google.com/apigee/docs/api-platform/publish/what-api-product): partners pass
# Apigee in the deployment view too, never straight to the GKE Gateway.
def test_partner_path_passes_the_gateway_in_every_view() -> None:
    m = model(**EVENTS)
    for view in ("system", "deployment"):
        edges = _edges(m, view)
        assert ("partners", "API credentials", "partner_gateway") in edges, view
        assert ("partner_gateway", "within quota", "entry") in edges, view
        assert not any(a == "partners" and b == "entry" for a, _, b in edges), view


# Cosmos DB change feed (https://learn.microsoft.com/azure/cosmos-db/change-feed): the events
# come from what the store committed, so no function publishes to the broker itself in the
# system or deployment view; and one subscription (as in the topics view,
# https://learn.microsoft.com/azure/service-bus-messaging/service-bus-queues-topics-subscriptions)
# instead of the broker delivering to every function.
def test_system_views_follow_the_publish_pattern_and_one_subscription() -> None:
    m = model(**IOT)
    for view in ("system", "deployment"):
        edges = _edges(m, view)
        publish = [(a, label) for a, label, b in edges if b == "broker"]
        # One relay reads the change feed and publishes; the functions only write their state.
        assert publish == [("relay", "publishes")], view
        # The first function's events reach the others (meters and alerts), nothing more.
        delivered = [b.removeprefix("w_") for a, _, b in edges if a == "broker"]
        assert delivered == ["unit_meters", "unit_alerts"], (view, delivered)
    overview, reference = record("overview.md", **IOT), record("reference.md", **IOT)
    assert 'n_relay -->|"publishes"| n_broker' in overview
    assert '|"publishes events"|' not in overview
    assert 'n_w_unit_readings -->|"publishes"| n_broker' not in reference


# PostgreSQL commits the outbox row with the state change
# (https://www.postgresql.org/docs/current/tutorial-transactions.html): the relay publishes.
def test_outbox_relay_publishes_in_the_system_view() -> None:
    edges = _edges(model(datastore="postgresql"), "system")
    assert any(label == "outbox relay publishes" for _, label, b in edges if b == "broker")
    assert not any(label == "publishes events" for _, label, _b in edges)


# No person signs in where the only callers are machines: internal systems use the client
# credentials grant, which issues no refresh token
# (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow,
# https://www.rfc-editor.org/rfc/rfc6749#section-4.4.3); devices prove who they are with
# X.509 certificates at IoT Hub
# (https://learn.microsoft.com/azure/iot-hub/authenticate-authorize-x509).
def test_machine_callers_have_their_own_flow_and_no_human_sign_in() -> None:
    design = record("design.md", **IOT)
    flow = design[design.index("### Authentication Flow") : design.index("### Data Protection")]
    assert (
        "with the client credentials grant, authenticating with a federated credential of its "
        "own app registration, with no client secret" in flow
    )
    assert "n_devices->>n_ingest: TLS handshake with its X.509 client certificate" in flow
    assert "Devices hold no token of Microsoft Entra ID" in flow
    for human in ("PKCE", "Operator", "authorization code", "sign in"):
        assert human not in flow, human


# Identity Platform has no client credentials grant: a caller proves who it is with an ID
# token of its Google service account (https://cloud.google.com/docs/authentication/get-id-token).
def test_machine_callers_without_client_credentials_use_workload_identity() -> None:
    over = {
        **EVENTS,
        "actors": ["internal_systems"],
        "frontend": "none",
        "mobile_app": "none",
    }
    flow = model(**over)["auth_flow"]
    assert any("gets an ID token of its own workload identity" in step for step in flow)
    assert not any("client credentials grant" in step.split(";")[0] for step in flow)
    steps = [str(s) for s in build_diagrams(model(**over))["auth"]["steps"]]
    assert any("ID token of its workload identity" in s for s in steps)
    assert not any("PKCE" in s for s in steps)


# Razor Pages run in the ASP.NET Core app and answer page requests and form posts
# (https://learn.microsoft.com/aspnet/core/razor-pages/): the browser is the client, the pages
# are inside the backend, and the browser sends no REST call.
def test_server_rendered_pages_run_inside_the_backend() -> None:
    overview, design = record("overview.md", **LEDGER), record("design.md", **LEDGER)
    assert 'n_frontend("Browser<br/>HTML pages, form posts")' in overview
    assert "renders Razor Pages, one<br/>deployable" in overview
    assert 'n_frontend("Web pages' not in overview
    assert "n_frontend->>n_entry: page request or form post (HTTPS)" in design
    assert "request (REST)" not in design


# Cosmos DB change feed (https://learn.microsoft.com/azure/cosmos-db/change-feed): one edge
# from the store to the publisher in the component view, and labels that end at a phrase
# boundary, never cut with an ellipsis.
def test_component_view_has_one_feed_edge_and_whole_labels() -> None:
    view = build_diagrams(model(**IOT))["components"]["flowchart"]
    feed = [e for e in view["edges"] if e["target"] == "relay"]
    assert [(e["source"], e["label"]) for e in feed] == [("datastore", "change feed")]
    reference = record("reference.md", **IOT)
    assert "shared helper" in reference
    assert "applied by a shared helper at the …" not in reference
    assert " …" not in reference


def _checks(**over: Any) -> dict[str, str]:
    return {c["id"]: c["text"] for c in model(**over)["checklist"]["checks"]}


# Identity Platform signs in through its client SDK and the API takes ID tokens verified with
# the Admin SDK (https://firebase.google.com/docs/auth/admin/verify-id-tokens): no PKCE, no
# access-token audience; Entra ID access tokens live 60 to 90 minutes
# (https://learn.microsoft.com/entra/identity-platform/access-tokens#token-lifetime): one
# lifetime, the provider's, never "minutes".
def test_identity_checks_follow_the_provider() -> None:
    gip = _checks(**EVENTS)
    # SEC-72 ("accepts only ID tokens") is retired: SEC-86 names signed-in users (round 4).
    assert "verifies with the Admin SDK of Google Cloud Identity Platform" in gip["SEC-86"]
    assert gip["SEC-73"].startswith("ID tokens live 60 minutes")
    assert not {"SEC-32", "SEC-33", "SEC-34", "SEC-71"} & set(gip)
    assert "PKCE" not in " ".join(gip.values())
    entra = _checks(**IOT)
    # Only machines call here: the calling systems' check, with the provider's lifetime.
    assert "access tokens live 60 to 90 minutes (75 on average" in entra["SEC-78"]
    assert "SEC-34" not in entra
    assert not any("live minutes" in t for t in entra.values())


# The Identity Platform web SDK calls identitytoolkit/securetoken and frames the auth domain
# (https://firebase.google.com/docs/auth/web/redirect-best-practices): a CSP of only
# default-src 'self' blocks sign-in and the API on another origin.
def test_csp_allows_the_providers_sign_in_and_the_api_origin() -> None:
    reference = record("reference.md", **EVENTS)
    assert "connect-src 'self' <API origin> https://identitytoolkit.googleapis.com" in reference
    assert "frame-src https://<project ID>.firebaseapp.com" in reference
    assert "Content-Security-Policy: default-src 'self'\n" not in reference


# Event-driven: the command is accepted and processed later, so POST answers 202 Accepted as
# the main flow draws (https://www.rfc-editor.org/rfc/rfc9110#section-15.3.3); both the web
# and the mobile app sign in at the provider; Kafka topics have one naming scheme, the
# model's (https://kafka.apache.org/documentation/#topicconfigs).
def test_events_accept_with_202_mobile_signs_in_one_topic_scheme() -> None:
    design = record("design.md", **EVENTS)
    assert "POST creates and answers 202 Accepted with a Location header" in design
    assert "201 Created" not in design
    assert "POST creates and answers 201 Created" in record("design.md")
    overview = record("overview.md", **EVENTS)
    assert 'n_mobile_app -->|"signs in"| n_idp' in overview
    reference = record("reference.md", **EVENTS)
    assert "named capability.events.v1" in reference
    assert "billing.invoice.issued" not in reference
