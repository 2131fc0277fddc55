"""The payment provider and the PCI DSS boundary (seventh blind review, fleet and ledger).

- A payments capability alone sets nothing apart: the unit in PCI DSS scope and its own
  change-feed relay only where PCI DSS is chosen (facts.pci.cde_unit, facts.pci.cde_relay).
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
