"""Round 6: how the chosen stacks fit together (leftovers of the fourth blind review of the
ledger and IoT systems). Each case: a combination, a statement that must appear and one that
must not, with the vendor or standard page that decides it.
"""

from __future__ import annotations

from typing import Any

from systems import IOT, LEDGER
from test_combinations import documents, model


def checks(**over: Any) -> dict[str, str]:
    return {c["id"]: c["text"] for c in model(**over)["checklist"]["checks"]}


# Razor Pages validate through MVC model binding and ModelState; .NET 10's AddValidation
# covers minimal API endpoints only
# (https://learn.microsoft.com/aspnet/core/mvc/models/validation). Authentication middleware
# runs before the endpoint (https://learn.microsoft.com/aspnet/core/fundamentals/middleware/).
def test_razor_pages_validate_by_model_binding_after_authentication() -> None:
    ref = documents("reference.md", **LEDGER)
    assert "ModelState.IsValid" in ref
    assert "AddValidation" not in ref
    assert "minimal API<br/>validation" not in ref
    assert "n_c_auth --> n_c_pages" in ref
    assert "n_c_pages --> n_c_auth" not in ref
    assert "ModelState.IsValid" in checks(**LEDGER)["SEC-01"]
    # The same framework behind a single-page app keeps the minimal API mechanism.
    spa = {**LEDGER, "frontend": "react"}
    assert "AddValidation" in checks(**spa)["SEC-01"]
    assert "ModelState.IsValid" not in checks(**spa)["SEC-01"]
    # Pages beside an API for internal systems: both mechanisms, each on its path.
    both = checks(**{**LEDGER, "actors": ["users", "internal_systems"]})["SEC-01"]
    assert "ModelState.IsValid" in both
    assert "on the API, built-in minimal API validation" in both


# Azure IoT Hub authenticates each device with its own X.509 certificate or SAS token
# (https://learn.microsoft.com/azure/iot-hub/authenticate-authorize-x509); the function's
# trigger reads the hub's built-in endpoint, carrying no user token.
def test_device_path_does_not_pass_the_users_token_check() -> None:
    ref = documents("reference.md", **IOT)
    assert "n_ingest -->" in ref and "n_c_device" in ref
    assert "n_c_device --> n_c_validation" in ref
    assert "| n_c_api" not in ref.split("n_ingest -->", 1)[1].split("\n", 1)[0]
    assert "n_c_device --> n_c_auth" not in ref
    # Without devices there is no device handler.
    plain = documents("reference.md", **{**IOT, "actors": ["internal_systems"]})
    assert "n_c_device" not in plain


# Hosted card fields load the provider's script and frames: the page's CSP names its origin
# (https://docs.stripe.com/security/guide#content-security-policy). PCI DSS v4.0.1
# requirement 8.4.2: MFA for all access into the CDE
# (https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf).
def test_pci_sign_in_asks_a_second_factor() -> None:
    design = documents("design.md", **LEDGER)
    assert "After checking the password hash and a second factor (PCI DSS 8.4.2)" in design
    assert "check the password hash and the second factor" in design
    plain = {**LEDGER, "compliance": []}
    other = documents("design.md", **plain)
    assert "a second factor (PCI DSS" not in other
    assert "After checking the password hash, " in other
