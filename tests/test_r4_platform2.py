"""Each platform in its own words (third blind review, round 4): the cloud's own word for an
environment boundary, its own commitments and interruptible nodes, on-premises text without
cloud or orchestrator words, ASP.NET Core configuration in appsettings.json, one route and one
entry for Azure Functions and App Service, and App Engine's own traits.

Each case: a combination, a statement that must appear and one that must not, with the vendor
page that decides it.
"""

from __future__ import annotations

from typing import Any

from systems import IOT
from test_combinations import documents, model


def checks(**over: Any) -> dict[str, str]:
    return {c["id"]: c["text"] for c in model(**over)["checklist"]["checks"]}


ONPREM_VMS: dict[str, Any] = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "broker": "rabbitmq",
    "backend_language": "csharp",
    "frontend": "server_rendered",
    "auth": "sessions",
}
FUNCTIONS_AZURE = IOT
APP_ENGINE: dict[str, Any] = {
    "style": "modular_monolith",
    "cloud": "gcp",
    "deployment": "paas",
    "paas_service": "app_engine",
    "broker": "google_pubsub",
    "idp": "okta",
}
CLOUD_RUN: dict[str, Any] = {**APP_ENGINE, "paas_service": "cloud_run"}
APP_SERVICE: dict[str, Any] = {
    "style": "modular_monolith",
    "cloud": "azure",
    "deployment": "paas",
    "paas_service": "app_service",
    "broker": "azure_service_bus",
    "idp": "entra_id",
}


def test_environments_are_isolated_in_the_clouds_own_unit() -> None:
    # https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/benefits-of-using-multiple-aws-accounts.html
    aws = documents("design.md", cloud="aws", deployment="kubernetes")
    assert "separate clusters for staging and production, each in its own AWS account" in aws
    assert "accounts or projects" not in aws
    # https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/initial-subscriptions
    azure = documents("design.md", **FUNCTIONS_AZURE)
    assert "One deployment per environment, each in its own Azure subscription" in azure
    assert "account, subscription or project" not in azure
    # https://cloud.google.com/resource-manager/docs/creating-managing-projects
    gcp = documents("design.md", **CLOUD_RUN)
    assert "each in its own Google Cloud project with its own network" in gcp
    assert "accounts, subscriptions or" not in gcp
    onprem = documents("design.md", **ONPREM_VMS)
    assert "A separate group of VMs per environment, each in its own VLAN" in onprem
    assert "networks or accounts" not in onprem


def test_commitments_and_spot_nodes_are_the_clouds_own() -> None:
    # https://docs.aws.amazon.com/savingsplans/latest/userguide/what-is-savings-plans.html
    aws = checks(cloud="aws", deployment="kubernetes")
    assert "Compute Savings Plans" in aws["COST-04"]
    assert "committed use discounts" not in aws["COST-04"]
    # https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html
    assert "Spot Instances from an EKS Auto Mode NodePool" in aws["COST-05"]
    assert "preemptible" not in aws["COST-05"]
    # https://learn.microsoft.com/azure/cost-management-billing/savings-plan/savings-plan-compute-overview
    azure = checks(cloud="azure", deployment="kubernetes", broker="azure_service_bus")
    assert "an Azure savings plan for compute" in azure["COST-04"]
    assert "committed use" not in azure["COST-04"]
    # https://learn.microsoft.com/azure/aks/spot-node-pool
    assert "an Azure Spot node pool" in azure["COST-05"]
    # https://cloud.google.com/docs/cuds ; https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms
    gcp = checks(cloud="gcp", deployment="kubernetes", broker="google_pubsub")
    assert "(committed use discounts)" in gcp["COST-04"]
    assert "savings plans" not in gcp["COST-04"]
    assert "a GKE node pool of Spot VMs" in gcp["COST-05"]
    assert "preemptible" not in gcp["COST-05"]
    onprem = checks(style="monolith", cloud="onprem", deployment="kubernetes")
    assert "COST-04" not in onprem
    assert "spot" not in onprem["COST-05"].lower()


def test_no_cloud_account_where_the_cloud_has_another_word() -> None:
    # Cloud-native observability on Google Cloud: projects, not accounts.
    gcp = documents(**CLOUD_RUN, observability="cloud_native")
    assert "Google Cloud project" in gcp
    assert "cloud account" not in gcp
    # Amazon Cognito lives in an AWS account.
    # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools.html
    aws = documents(idp="cognito", cloud="aws")
    assert "inside our own AWS account" in aws
    assert "cloud account" not in aws


def test_on_premises_vms_have_no_orchestrator_words() -> None:
    design = documents("design.md", **ONPREM_VMS)
    # https://developer.hashicorp.com/vault/docs/auth/approle
    assert "HashiCorp Vault's AppRole auth method" in design
    for word in ("Velero", "SPIRE", "orchestrator", "OpenBao", "Varnish", "commercial CDN"):
        assert word not in design, word
    # On Kubernetes on premises, Velero and the Kubernetes auth method:
    # https://developer.hashicorp.com/vault/docs/auth/kubernetes ; https://velero.io/docs/
    cluster = documents("design.md", style="monolith", cloud="onprem", deployment="kubernetes")
    assert "Velero for the cluster's resources and volumes" in cluster
    assert "AppRole" not in cluster
    hosting = documents("0020-hosting.md", **ONPREM_VMS)
    assert "which provides only compute, disks and network" in hosting
    assert "orchestrator" not in hosting and "every cloud" not in hosting


def test_on_premises_tls_re_encrypts_at_haproxy_and_the_waf_is_decided() -> None:
    # https://docs.haproxy.org/2.8/configuration.html#5.2-ssl ; https://github.com/corazawaf/coraza-spoa
    text = documents(**ONPREM_VMS)
    assert "HAProxy re-encrypts to the backend servers with TLS" in text
    assert "attached to HAProxy through the coraza-spoa agent" in text
    assert "hardware load balancers" not in text
    # Elsewhere no re-encryption sentence is claimed for the platform.
    assert "re-encrypts" not in documents("design.md", cloud="aws")


def test_aspnet_core_configuration_is_appsettings_json() -> None:
    # https://learn.microsoft.com/aspnet/core/fundamentals/configuration/
    reference = documents("reference.md", **ONPREM_VMS)
    assert '"Logging": { "LogLevel": { "Default": "Information" } }' in reference
    assert "Bound with IOptions<BackendOptions>" in reference
    assert "datastore_url: ${DATASTORE_URL}" not in reference
    # Other frameworks keep YAML with snake_case keys.
    java = documents("reference.md", **{**ONPREM_VMS, "backend_language": "java"})
    assert "  log_level: INFO" in java
    assert "IOptions<" not in java


def test_azure_functions_one_route_one_entry_and_fitting_cloud_record() -> None:
    reference = documents("reference.md", **FUNCTIONS_AZURE)
    # https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook#hostjson-settings
    assert '"routePrefix": ""' in reference
    assert '"routePrefix": "api"' not in reference
    # The entry the model decided (API Management) is private here (devices and internal systems
    # only), so no public WAF stands in front of it.
    waf = "Azure API Management has a private address only and no caller from outside"
    assert waf in reference
    assert "it comes from Azure Front Door WAF" not in reference
    assert "on Azure Front Door or Application Gateway" not in reference
    cloud = documents("0003-cloud-platform.md", **FUNCTIONS_AZURE)
    assert "Azure Resource Manager is one control plane for every resource" in cloud
    assert "Hybrid Benefit" not in cloud and "vCPU" not in cloud
    design = documents("design.md", **FUNCTIONS_AZURE)
    assert "Azure Firewall" not in design


def test_app_service_entry_is_decided() -> None:
    # https://learn.microsoft.com/azure/app-service/app-service-ip-restrictions
    text = documents(**APP_SERVICE)
    assert "Azure Front Door with its WAF policy and the custom domain" in text
    assert "Azure Front Door or Application Gateway" not in text
    assert "rate-limit rules, or Azure API Management" not in text


def test_app_engine_has_its_own_traits_not_cloud_runs() -> None:
    # https://cloud.google.com/appengine/docs/standard/how-instances-are-managed
    m = model(**APP_ENGINE)
    assert m["facts"]["unit"] == "App Engine version (the instances of a service)"
    text = documents(**APP_ENGINE)
    assert "run.googleapis.com" not in text
    assert "instance-based billing" not in text
    assert "Cloud Run spreads" not in text
    # https://cloud.google.com/appengine/docs/standard/application-security#ingress_controls
    assert "admits only internal and Cloud Load Balancing traffic" in text
    assert "where Cloud Armor is needed" not in text
    # Cloud Run keeps its own.
    # https://cloud.google.com/run/docs/locations
    assert "Cloud Run spreads the service over the zones" in checks(**CLOUD_RUN)["REL-27"]
    assert m["facts"]["unit"] != model(**CLOUD_RUN)["facts"]["unit"]
