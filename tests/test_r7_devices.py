"""Round 7: a devices system without people (iot), each fact decided once from the answers.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import IOT
from test_combinations import documents

# Devices and internal systems, no web or mobile client: serverless on Azure.
# The same class on AWS: devices through AWS IoT Core, Lambda, DynamoDB, SQS/SNS, Cognito.
IOT_AWS: dict[str, Any] = {
    **IOT,
    "cloud": "aws",
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "idp": "cognito",
}
# Internal systems only (no devices, no people): a private entry point, machine callers.
INTERNAL_AKS: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "broker": "azure_service_bus",
    "backend_language": "csharp",
    "idp": "entra_id",
    "frontend": "none",
    "mobile_app": "none",
    "actors": ["internal_systems"],
}
# People through a web frontend: the entry point is public, sign-in is OpenID Connect.
WEB: dict[str, Any] = {**IOT, "frontend": "react", "actors": ["users", "internal_systems"]}

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # C1: the main path named in overview and reference is the design's main flow, which
    # starts at the devices (IoT Hub device-to-cloud messages):
    # https://learn.microsoft.com/azure/iot-hub/iot-concepts-and-iot-hub
    (
        "main_flow_from_device",
        IOT,
        "steps from a device to Azure Cosmos DB",
        "steps from an API client",
    ),
    (
        "system_path_from_device",
        IOT_AWS,
        "From a device, messages go through the device ingest endpoint",
        "From an API client, calls go through",
    ),
    (
        "people_path_unchanged",
        WEB,
        "steps from the React web app to Azure Cosmos DB",
        "steps from a device",
    ),
    # C2: machine callers get tokens by the client credentials grant, RFC 6749 section 4.4;
    # OpenID Connect is for signing people in:
    # https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
    (
        "idp_protocol_machines",
        # A SaaS provider is listed among the external services with its protocol.
        {**IOT, "idp": "okta"},
        "- **Protocol**: OAuth 2.0 client credentials grant over HTTPS",
        "- **Purpose**: sign-in and token issuance",
    ),
    (
        "idp_protocol_people",
        {**WEB, "idp": "okta"},
        "- **Protocol**: OpenID Connect over HTTPS",
        "- **Protocol**: OAuth 2.0 client credentials grant",
    ),
    # C3: an API Management instance in internal VNet mode has a private address only, so no
    # public WAF stands in front of it:
    # https://learn.microsoft.com/azure/api-management/api-management-using-with-internal-vnet
    (
        "private_entry_no_public_waf",
        IOT,
        "Azure API Management has a private address only",
        "it comes from Azure Front Door WAF",
    ),
    (
        "private_entry_aks",
        INTERNAL_AKS,
        "has a private address only and no caller from outside",
        "Edge: Application Gateway for Containers, the same entry point",
    ),
    (
        "public_entry_keeps_waf",
        WEB,
        "Edge: Azure API Management, the same entry point as the callers from outside",
        "Azure API Management has a private address only",
    ),
    # C4: no view draws a cloud-to-device path (commands, direct methods, twins):
    # https://learn.microsoft.com/azure/iot-hub/iot-hub-devguide-c2d-guidance
    ("no_device_commands", IOT, "takes telemetry from units in the field", "sends commands"),
    ("no_device_commands_aws", IOT_AWS, "send telemetry, each with", "receive commands"),
    # C6: every capability's function is invoked through the entry point, so the API lists a
    # collection for each (OpenAPI paths): https://spec.openapis.org/oas/v3.1.0#paths-object
    (
        "api_lists_every_capability",
        IOT,
        "- `/v1/meters, /v1/alerts`: Same layout",
        "- `/v1/ledger`",
    ),
    (
        "api_one_capability_no_other_row",
        {**IOT, "capabilities": "readings"},
        "- `/v1/readings/:id`",
        "Same layout",
    ),
    # C7: the device registry is drawn in the layer the component table gives it.
    (
        "registry_in_security_layer",
        IOT,
        'subgraph n_g_security["Security"]\n    n_device_registry',
        'ingest endpoint"]\n    n_device_registry[("Device registry<br/>The IoT Hub identity'
        '<br/>registry")]\n  end\n  subgraph n_g_application',
    ),
    # C8: rollback reads the package from the one artifact store the pipeline publishes to:
    # https://learn.microsoft.com/azure/azure-functions/functions-deployment-technologies
    (
        "rollback_from_artifact_store",
        IOT,
        "previous zip package, taken from the artifact store by its commit tag",
        "kept with the pipeline's artifacts",
    ),
    # Azure words: Durable Functions orchestrations, not a state-machine service:
    # https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-overview
    (
        "durable_functions",
        IOT,
        "short functions in Durable Functions orchestrations",
        "state-machine service",
    ),
    # https://docs.aws.amazon.com/step-functions/latest/dg/welcome.html
    (
        "step_functions",
        IOT_AWS,
        "short functions in AWS Step Functions state machines",
        "state-machine service",
    ),
    # Event-driven scaling per trigger (Flex Consumption per-function scaling):
    # https://learn.microsoft.com/azure/azure-functions/event-driven-scaling
    ("functions_scaled_by_trigger", IOT, "function, scaled by its", "scaled per request"),
    # Browser headers only where a browser calls (OWASP REST Security Cheat Sheet):
    # https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html
    ("no_browser_headers", IOT, "No browser calls the API", "X-Frame-Options: DENY"),
    ("browser_headers_with_web", WEB, "X-Frame-Options: DENY", "No browser calls the API"),
]


@pytest.mark.parametrize(
    ("answers", "must", "must_not"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_devices_case(answers: dict[str, Any], must: str, must_not: str) -> None:
    text = documents(**answers)
    assert must in text
    assert must_not not in text


def test_browser_header_check_only_where_people_call() -> None:
    # SEC-19 (browser headers) is not asked of a system that no browser calls.
    assert "SEC-19" not in documents("review-checklist.md", **IOT)
    assert "SEC-19" in documents("review-checklist.md", **WEB)
