"""A self-run identity provider is placed (sixth blind review, clinic: "Keycloak has no host
and no database").

Where the team runs the identity provider (traits idp: hosts), one model fact,
facts.idp_host, decides from the deployment target where it runs and from the datastore where
its database is; the identity section, the external services, the component table, the
system and deployment views and the recovery steps all read it.

Keycloak Operator in its own namespace: https://www.keycloak.org/operator/installation
Its databases (PostgreSQL, MySQL, MariaDB, SQL Server, Oracle): https://www.keycloak.org/server/db
Two or more instances sharing one database: https://www.keycloak.org/high-availability/introduction
"""

from __future__ import annotations

from typing import Any

from test_combinations import documents, model

# The reviewed clinic: AKS, Azure Database for PostgreSQL flexible server, a second region.
AKS: dict[str, Any] = {
    "cloud": "azure",
    "datastore": "postgresql",
    "rpo_minutes": 5,
    "rto_minutes": 60,
}


def test_kubernetes_keycloak_runs_in_its_own_namespace_on_the_store_server() -> None:
    host = model(**AKS)["facts"]["idp_host"]
    assert host["runs"] == "namespace keycloak, Keycloak Operator, two or more pods"
    assert host["db"] == "own database on Azure Database for PostgreSQL flexible server"
    design = documents("design.md", **AKS)
    assert (
        "Keycloak (namespace keycloak, Keycloak Operator, two or more pods; own database on "
        "Azure Database for PostgreSQL flexible server)"
    ) in design
    # The recovery step: Keycloak on the replica promoted with the store.
    assert "and point the services at it; Keycloak uses the promoted replica;" in design
    assert "Keycloak runs there, its database replicated" not in design


def test_both_views_draw_keycloak_with_an_edge_to_its_database() -> None:
    overview = documents("overview.md", **AKS)
    reference = documents("reference.md", **AKS)
    assert "n_idp --> n_idp_db" in reference
    assert 'n_idp_db[("Keycloak database")]' in reference
    assert 'n_idp["Identity provider<br/>Keycloak, own database"]' in overview
    assert 'subgraph n_g_ns_idp["namespace keycloak"]' in reference
    # The namespace holds no service workload: no store, cache or image edges from it.
    assert "n_idp --> n_datastore_idp" not in reference
    assert "| Keycloak | namespace keycloak |" in overview
    assert "| Keycloak | self-hosted |" not in overview
    # Drawn as a workload of the system, not as an external system.
    assert 'n_idp[/"Identity provider' not in overview


def test_vms_keycloak_on_its_own_vms_with_its_database_on_sql_server() -> None:
    onprem = {"cloud": "onprem", "deployment": "vms", "datastore": "sqlserver"}
    host = model(**onprem)["facts"]["idp_host"]
    assert host["runs"] == "two or more VMs of its own behind the load balancer"
    assert host["db"].startswith("own database on ")
    reference = documents("reference.md", **onprem)
    assert 'n_idp["Identity provider<br/>Keycloak, own VMs"]' in reference
    assert host["db"] == "own database on self-managed SQL Server on Linux"
    assert "n_idp --> n_idp_db" in reference
    assert "namespace keycloak" not in documents("design.md", "reference.md", **onprem)


def test_serverless_keycloak_on_the_clouds_container_service_with_its_own_postgresql() -> None:
    cosmos = {"cloud": "azure", "deployment": "serverless", "datastore": "cosmosdb"}
    host = model(**cosmos)["facts"]["idp_host"]
    assert host["runs"] == "its own Azure Container Apps service, two or more instances"
    assert host["db"] == "own Azure Database for PostgreSQL flexible server"
    design = documents("design.md", **cosmos)
    assert "two or more instances; own Azure Database for PostgreSQL flexible server)" in design
    assert "own database on" not in design
    assert 'n_idp_db[("Keycloak database<br/>own PostgreSQL server")]' in (
        documents("reference.md", **cosmos)
    )


def test_saas_or_cloud_identity_provider_has_no_host() -> None:
    for idp in ("auth0", "cognito"):
        m = model(idp=idp)
        assert m["facts"]["idp_host"] is None
        assert "n_idp_db" not in documents("overview.md", "reference.md", idp=idp)
