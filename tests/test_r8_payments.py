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
