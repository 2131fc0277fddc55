"""Cloud Run facts found contradictory by the eighth blind review (system tickets), each
stated once from the catalog or the model and read by every platform."""

from __future__ import annotations

from typing import Any

from systems import TICKETS
from test_combinations import documents

# Venue Tickets: a Kotlin modular monolith on Cloud Run with Cloud SQL and Pub/Sub.
GO_RUN: dict[str, Any] = {**TICKETS, "backend_language": "go"}


def test_every_platform_reads_the_languages_container_memory() -> None:
    # Cloud Run: 128 MiB minimum (first generation) up to 4 GiB at 1 CPU
    # https://cloud.google.com/run/docs/configuring/services/memory-limits
    text = documents("reference.md", **TICKETS)
    assert 'memory = "1Gi"' in text
    assert "512Mi" not in text
    assert 'memory = "128Mi"' in documents("reference.md", **GO_RUN)
    # Fargate pairs: 256 CPU with 512 MiB; 512 CPU with 1024 MiB
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
    fargate = {"cloud": "aws", "deployment": "paas", "paas_service": "ecs_fargate"}
    ecs = documents("reference.md", backend_language="python", **fargate)
    assert 'Cpu: "256"\n' in ecs and 'Memory: "512"' in ecs
    assert 'Memory: "1024"' not in ecs
    assert 'Memory: "1024"' in documents("reference.md", **fargate)
    # Container Apps: memory is twice the CPU (0.25 / 0.5Gi, 0.5 / 1Gi)
    # https://learn.microsoft.com/en-us/azure/container-apps/containers#allocations
    aca = documents(
        "reference.md",
        cloud="azure",
        deployment="paas",
        paas_service="container_apps",
        backend_language="java",
    )
    assert "cpu: 0.5\n" in aca and "memory: 1Gi" in aca
    # Compose takes byte units: 512M, not 512Mi.
    compose = documents("reference.md", deployment="containers_vm", backend_language="go")
    assert "memory: 128M\n" in compose
    assert "memory: 512M\n" not in compose


def test_the_clouds_iac_tool_defines_the_cloud_run_service() -> None:
    # design.md names Terraform for Google Cloud (cloud.yaml iac); the service is one of its
    # resources: https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/cloud_run_v2_service
    for over in (TICKETS, GO_RUN):
        text = documents(**over)
        assert "Terraform with the Google provider" in text
        assert 'resource "google_cloud_run_v2_service"' in text
        assert "gcloud run services replace" not in text
        assert "serving.knative.dev" not in text


def test_services_read_secrets_one_way_and_the_definition_holds_none() -> None:
    # facts.secrets: read at start-up through the cloud's SDK with the workload's identity
    # https://cloud.google.com/secret-manager/docs/access-secret-version
    aca = {"cloud": "azure", "deployment": "paas", "paas_service": "container_apps"}
    for over in (TICKETS, aca):
        text = documents(**over)
        assert "no secret reference, since credentials are read at start-up through" in text
        assert "secret references live in the service definition" not in text
        assert "Secret Manager references" not in text
        assert "secrets as Key Vault references" not in text
        assert "**OPS-70**" in text and "**OPS-23**" not in text


def test_the_backup_line_names_the_edition_whose_window_it_states() -> None:
    # Cloud SQL PITR: 1 to 7 days on Enterprise, 1 to 35 days on Enterprise Plus
    # https://cloud.google.com/sql/docs/postgres/backup-recovery/pitr
    for over in (TICKETS, {"cloud": "gcp"}):
        text = documents("reference.md", **over)
        assert "point-in-time restore over 1 to 35 days on Cloud SQL Enterprise Plus" in text
        assert "point-in-time restore over 1 to 35 days," not in text


def test_smoke_tests_reach_the_tagged_revision_through_the_load_balancer() -> None:
    # Ingress internal-and-cloud-load-balancing also applies to tagged run.app URLs; a serverless
    # NEG URL mask parses <tag> from the host:
    # https://cloud.google.com/load-balancing/docs/negs/serverless-neg-concepts#url_masks
    for over in (TICKETS, GO_RUN):
        text = documents("design.md", **over)
        assert "(a URL mask takes the tag from the staging host name)" in text
        assert "revision tag gives a test URL" not in text


def test_the_second_region_pulls_images_from_a_copy_of_the_registry() -> None:
    # Artifact Registry multi-region locations; ECR cross-region replication:
    # https://cloud.google.com/artifact-registry/docs/repositories/repo-locations
    # https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
    cases = (
        (TICKETS, "Artifact Registry multi-region repository"),
        ({"cloud": "aws", "rpo_minutes": 15}, "ECR images replicated by cross-region replication"),
    )
    for over, copy in cases:
        text = documents(**over)
        assert f"pulling from the {copy}" in text
        assert f'n_site2_0["{copy}"]' in documents("reference.md", **over)
    # The Cloud Run example pulls from the multi-region (europe) host, not a regional one.
    assert '"europe-docker.pkg.dev/' in documents("reference.md", **TICKETS)
    assert "europe-west1-docker.pkg.dev" not in documents("reference.md", **TICKETS)
    # Without a second region nothing is copied.
    assert "multi-region repository" not in documents(**{**TICKETS, "rpo_minutes": 1440})
