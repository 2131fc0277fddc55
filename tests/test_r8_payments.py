"""The payment provider and the PCI DSS boundary (seventh blind review, fleet and ledger).

- A payments capability alone sets nothing apart: the unit in PCI DSS scope and its own
  change-feed relay only where PCI DSS is chosen (facts.pci.cde_unit, facts.pci.cde_relay).
- Every capture channel hands the system the provider's tokens only, so the unit set apart is
  worded and drawn as PCI DSS scope, not a cardholder data environment (facts.pci.scope_label).
- The payment provider is drawn as an external system with its callers (facts.pci.provider).
"""

from __future__ import annotations

from typing import Any

from test_combinations import documents, model

PCI = ["pci_dss"]
# DynamoDB Streams read by a relay (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
EKS: dict[str, Any] = {"datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}


def test_no_card_unit_without_pci_dss() -> None:
    # PCI DSS v4.0.1 scope applies only where the standard is chosen:
    # https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf
    plain = model(**EKS)
    assert plain["facts"]["pci"]["cde_unit"] is None
    assert plain["facts"]["pci"]["cde_relay"] is None
    docs = documents("overview.md", "reference.md", **EKS)
    assert "n_g_cde" not in docs and "n_relay_cde" not in docs
    assert "namespace payments" not in docs
    regulated = model(**EKS, compliance=PCI)
    assert regulated["facts"]["pci"]["cde_unit"] == "payments service"
    assert regulated["facts"]["pci"]["cde_relay"] == "Payments change-feed relay"
    docs = documents("overview.md", "reference.md", **EKS, compliance=PCI)
    assert "n_g_cde" in docs and "n_relay_cde" in docs


# Hosted fields and mobile SDKs hand the system the provider's token only
# (https://docs.stripe.com/security/guide): the unit set apart holds no card numbers, so it is
# in PCI DSS scope as connected to the payment flow, not a cardholder data environment.
TOKENS = "handles only its tokens, never card numbers, so it is set apart as the part of"
OLD_CDE = "alone calls the payment provider and is the cardholder data environment"


def test_the_unit_set_apart_is_in_scope_not_a_cde() -> None:
    mobile = {**EKS, "compliance": PCI, "frontend": "none", "mobile_app": "flutter"}
    for combo in (mobile, {**EKS, "compliance": PCI}, {"compliance": PCI, "deployment": "vms"}):
        docs = documents("overview.md", "reference.md", "review-checklist.md", **combo)
        assert TOKENS in docs and "in PCI DSS scope (connected to the payment flow)" in docs
        assert OLD_CDE not in docs
        assert "(cardholder data environment)" not in docs
        assert "inside the cardholder data environment" not in docs
    docs = documents("overview.md", **mobile)
    assert 'n_g_cde["namespace payments (PCI DSS scope)"]' in docs
    vms = documents("reference.md", compliance=PCI, deployment="vms")
    assert '["PCI DSS scope"]' in vms and "Cardholder data environment" not in vms
    adr = documents("decisions/0016-compliance-regimes.md", compliance=PCI)
    assert "confirm that PCI DSS scope holds only the listed components" in adr
    assert "confirm that the cardholder data environment contains" not in adr


# The payment provider the PCI DSS scope, the CSP frame-src and SEC-60/61/63 rest on is drawn
# as an external system, with who calls it: hosted fields and mobile SDKs send card numbers
# straight to the provider, the server creates the payment with its token
# (https://docs.stripe.com/security/guide; https://docs.stripe.com/payments/accept-a-payment).
PROVIDER = 'n_payment_provider[/"Payment provider"/]'
UNIT = 'n_unit_payments -->|"creates payments with the token"| n_payment_provider'
SDK = 'n_mobile_app -->|"card entry in the provider\'s SDK"| n_payment_provider'
HOSTED = 'n_frontend -->|"hosted fields"| n_payment_provider'


def test_the_payment_provider_is_drawn_only_under_pci_dss() -> None:
    mobile = {**EKS, "frontend": "none", "mobile_app": "flutter"}
    docs = documents("overview.md", **mobile, compliance=PCI)
    assert PROVIDER in docs and UNIT in docs and SDK in docs and HOSTED not in docs
    web = documents("overview.md", compliance=PCI)
    assert PROVIDER in web and HOSTED in web and SDK not in web
    # One deployable, server-rendered pages: the backend and the browser's hosted fields.
    pages = documents(
        "overview.md",
        compliance=PCI,
        style="monolith",
        deployment="vms",
        frontend="server_rendered",
    )
    assert 'n_backend -->|"creates payments with the token"| n_payment_provider' in pages
    assert HOSTED in pages
    c4 = model(**mobile, compliance=PCI, diagram_style="c4")["diagrams"]["system"]["c4"]
    assert "payment_provider" in {n["id"] for n in c4["nodes"]}
    for combo in (mobile, {}, {"style": "monolith", "deployment": "vms"}):
        plain = documents("overview.md", **combo)
        assert "Payment provider" not in plain and "payment_provider" not in plain
