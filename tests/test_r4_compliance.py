"""Compliance mechanics and the checklist's applicability follow the answers' channels and
topology (third blind review, round 4).

Each case: a combination, a statement that must appear and one that must not, with the
vendor or standard page that decides it. The model's checklist is read directly; the PCI DSS
cases also read the rendered documents (reference, design, record 0016).
"""

from __future__ import annotations

from typing import Any

from test_combinations import documents, model


def checks(**over: Any) -> dict[str, str]:
    return {c["id"]: c["text"] for c in model(**over)["checklist"]["checks"]}


# PCI DSS channels. Hosted fields and mobile SDKs send card data straight to the provider:
# https://docs.stripe.com/security/guide ; requirements 6.4.3 and 11.6.1 cover the scripts of
# payment pages in the consumer's browser:
# https://support.cardpointe.com/security-resources/pci-dss-4-0-faqs ; card-present
# terminals under a validated P2PE solution keep card data out of the merchant's systems:
# https://www.pcisecuritystandards.org/assessors_and_solutions/point_to_point_encryption_solutions/
PCI_WEB: dict[str, Any] = {"compliance": ["pci_dss"]}
PCI_DEVICES: dict[str, Any] = {
    "compliance": ["pci_dss"],
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "frontend": "none",
    "actors": ["users", "devices"],
    "datastore": "sqlserver",
    "broker": "rabbitmq",
    "auth": "sessions",
    "backend_language": "csharp",
}
PCI_MOBILE: dict[str, Any] = {
    "compliance": ["pci_dss"],
    "frontend": "none",
    "mobile_app": "flutter",
    "style": "modular_monolith",
    "cloud": "gcp",
    "deployment": "paas",
    "broker": "google_pubsub",
    "idp": "okta",
}


def test_pci_with_a_web_frontend_takes_cards_in_hosted_fields() -> None:
    text = checks(**PCI_WEB)
    assert "payment provider's hosted fields" in text["SEC-60"]
    assert "SEC-63" in text  # the pages that embed the hosted fields
    docs = documents("reference.md", "design.md", "0016-compliance-regimes.md", **PCI_WEB)
    assert "requirements 6.4.3 and 11.6.1" in docs
    assert "P2PE" not in docs and "mobile SDK" not in docs


def test_pci_with_devices_takes_cards_at_p2pe_terminals_and_has_no_payment_pages() -> None:
    text = checks(**PCI_DEVICES)
    assert "point-to-point encryption (P2PE)" in text["SEC-60"]
    assert "SEC-63" not in text
    docs = documents("reference.md", "design.md", "0016-compliance-regimes.md", **PCI_DEVICES)
    assert "payment provider's terminals" in docs
    assert "hosted fields" not in docs and "hosted payment fields" not in docs
    assert "6.4.3" not in docs


def test_pci_with_a_mobile_app_only_takes_cards_in_the_providers_sdk() -> None:
    text = checks(**PCI_MOBILE)
    assert "payment provider's mobile SDK" in text["SEC-60"]
    assert "SEC-63" not in text
    docs = documents("reference.md", "0016-compliance-regimes.md", **PCI_MOBILE)
    assert "mobile SDK" in docs
    assert "hosted fields" not in docs and "6.4.3" not in docs


def test_pci_without_a_channel_states_the_rule_and_invents_none() -> None:
    # Only machines call (partner systems): no frontend, app or terminal is in the answers.
    text = checks(compliance=["pci_dss"], frontend="none", actors=["partner_systems"])
    assert "only the payment provider's own component captures them" in text["SEC-60"]
    assert "hosted fields" not in text["SEC-60"] and "P2PE" not in text["SEC-60"]


def test_pci_microservices_set_the_payment_service_apart_as_the_views_must_draw() -> None:
    # PCI DSS v4.0.1 scoping: segmentation isolates the systems that handle card data from
    # those that do not; without it everything connected is in scope.
    # https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf
    m = model(**PCI_WEB)
    pci = m["facts"]["pci"]
    assert pci["cde_unit"] == "payments service" and pci["cde_namespace"] == "payments"
    assert not pci["cde_shares_stores"]
    assert "own namespace with a default-deny network policy" in checks(**PCI_WEB)["SEC-61"]
    assert "segmented from all other systems" not in documents("reference.md", **PCI_WEB)
    # One deployable: nothing is set apart, so all of it is in scope.
    mono = checks(**PCI_DEVICES)["SEC-61"]
    assert "No part of Ledger is set apart for card data" in mono
    assert "namespace" not in mono
    # A per-service style without a payment capability sets no unit apart; its web page takes
    # cards in hosted fields, so the pages and their servers are the scope (round 7).
    flat = model(compliance=["pci_dss"], capabilities="accounts, invoices")["facts"]["pci"]
    assert flat["cde_unit"] is None and "Card data never enters" in flat["boundary"]


# The broker's own words: Pub/Sub message attributes
# (https://cloud.google.com/pubsub/docs/publisher#using-attributes), Service Bus application
# properties (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-messages-payloads),
# SQS message attributes
# (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html).
def test_monolith_on_pubsub_has_one_identity_and_speaks_of_attributes() -> None:
    text = checks(style="modular_monolith", cloud="gcp", deployment="paas", broker="google_pubsub")
    assert "SEC-51" not in text
    assert "one identity of its own" in text["SEC-100"]
    assert "topics and subscriptions" in text["SEC-100"]
    assert "message attributes through Google Cloud Pub/Sub" in text["OPS-29"]
    assert "message headers" not in text["OPS-29"] and "topics or queues" not in text["SEC-100"]
    # Several deployables: credentials per service, on the broker's own channels.
    micro = checks(cloud="aws", broker="sqs_sns")
    assert "Each service has its own credentials" in micro["SEC-51"]
    assert "SNS topics and SQS queues" in micro["SEC-51"] and "SEC-100" not in micro
    assert "message attributes through Amazon SQS and SNS" in micro["OPS-29"]


def test_service_bus_speaks_of_application_properties_and_function_apps() -> None:
    text = checks(
        style="serverless",
        cloud="azure",
        deployment="serverless",
        broker="azure_service_bus",
        datastore="cosmosdb",
        idp="entra_id",
    )
    assert "application properties through Azure Service Bus" in text["OPS-29"]
    assert "Each function app has its own credentials" in text["SEC-51"]
    assert "allowed only on its own topics and subscriptions" in text["SEC-51"]
    assert "message headers" not in text["OPS-29"] and "topics or queues" not in text["SEC-51"]
    # Kafka keeps its own word.
    assert "record headers through Apache Kafka" in checks()["OPS-29"]


# Cloud Run probes startup and liveness; its readiness probes are in preview:
# https://cloud.google.com/run/docs/configuring/healthchecks
def test_cloud_run_restarts_hung_instances_and_has_no_pool_to_leave() -> None:
    text = checks(style="modular_monolith", cloud="gcp", deployment="paas")
    assert "REL-12" not in text
    assert "restart an instance that hangs" in text["REL-100"]
    assert "(by Cloud Run)" in text["REL-100"]
    assert "leaves the pool" not in text["REL-100"]
    # A load balancer's readiness check does take an instance out of the pool.
    onprem = checks(style="monolith", cloud="onprem", deployment="vms")
    # (REL-108 since round 5: one check, by the load balancer, takes it out of the pool.)
    assert "out of the pool" in onprem["REL-108"] and "REL-100" not in onprem


# Functions are probed by nothing (traits/deployment.yaml serverless health_probe: null; Lambda
# manages its execution environments itself: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
def test_functions_have_no_health_probe_items() -> None:
    text = checks(style="serverless", deployment="serverless")
    assert "REL-12" not in text and "REL-100" not in text
    assert "REL-100" in checks(cloud="gcp", deployment="paas")


def test_devices_sign_in_with_the_x509_certificate_the_model_decided() -> None:
    text = checks(actors=["devices"])["SEC-69"]
    assert "an X.509 client certificate of its own" in text
    assert "per-device key" not in text


def test_static_assets_come_from_the_clouds_cdn_and_none_on_premises() -> None:
    # cloud.yaml onprem cdn: "Usually none for internal systems" (one fact with design.md).
    onprem = checks(style="monolith", cloud="onprem", deployment="vms")["PERF-51"]
    assert "without a CDN" in onprem and "from a CDN" not in onprem
    # https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Introduction.html
    assert "Amazon CloudFront" in checks()["PERF-51"]


def test_database_failover_on_premises_names_no_zone() -> None:
    onprem = checks(style="monolith", cloud="onprem", deployment="vms", datastore="sqlserver")
    assert "REL-52" not in onprem
    assert "the loss of a host or rack fails over" in onprem["REL-101"]
    assert "zone" not in onprem["REL-101"]
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
    assert "a zone failure fails over" in checks()["REL-52"]


def test_gdpr_and_hipaa_name_telemetry_vendors_only_where_there_is_one() -> None:
    # Self-hosted OpenTelemetry, Prometheus and Grafana send telemetry to no vendor; GDPR
    # Chapter V covers transfers to third countries: https://eur-lex.europa.eu/eli/reg/2016/679/oj
    own = checks(compliance=["gdpr", "hipaa"], cloud="onprem", deployment="vms")
    assert "(remote support, sub-processors)" in own["SEC-54"]
    assert "telemetry sent to" not in own["SEC-54"]
    assert "hosting provider" not in own["SEC-56"]
    # A vendor's stack is a transfer and needs a BAA:
    # https://aws.amazon.com/compliance/hipaa-eligible-services-reference/
    vendor = checks(compliance=["gdpr", "hipaa"], observability="datadog")
    assert "telemetry sent to Datadog" in vendor["SEC-54"]
    assert "covers Amazon Web Services and every vendor" in vendor["SEC-56"]
