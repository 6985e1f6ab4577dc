"""deploy/: the image and compose files, checked without Docker (this machine has no compose plugin or
daemon; where they exist, `docker compose -f deploy/compose.yaml config` is the stricter check)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def compose(name: str = "compose.yaml") -> dict:
    return yaml.safe_load((DEPLOY / name).read_text())


def stages(dockerfile: str) -> list[str]:
    """The Dockerfile's stages, each as its text from its FROM line on."""
    parts = re.split(r"(?m)^(?=FROM )", dockerfile)
    return [p for p in parts if p.startswith("FROM ")]


def test_single_host_compose_has_every_part_with_healthchecks():
    services = compose()["services"]
    assert set(services) >= {"postgres", "redis", "release", "web", "worker", "scheduler", "caddy"}
    for name in ("postgres", "redis", "web", "caddy"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz" in (DEPLOY / "healthcheck.py").read_text()
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "/app/deploy/healthcheck.py"]
    # web waits for the one-shot release; the release waits for a healthy database.
    assert services["web"]["depends_on"]["release"] == {"condition": "service_completed_successfully"}
    assert services["release"]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert services["release"]["restart"] == "no"
    # Graceful stop: Docker waits longer than gunicorn's graceful timeout before SIGKILL.
    gunicorn_conf = (DEPLOY / "gunicorn.conf.py").read_text()
    graceful = int(re.search(r'"GRACEFUL_TIMEOUT", "(\d+)"', gunicorn_conf).group(1))
    assert int(services["web"]["stop_grace_period"].rstrip("s")) > graceful


def test_no_worker_runs_migrations_or_collectstatic_at_start():
    for name in ("compose.yaml", "compose.web-host.yaml"):
        for service, spec in compose(name)["services"].items():
            command = " ".join(spec.get("command") or [])
            if service != "release":
                assert "migrate" not in command and "collectstatic" not in command, (name, service)
    assert "release" in " ".join(compose()["services"]["release"]["command"])
    final = stages((DEPLOY / "Dockerfile").read_text())[-1]
    assert "migrate" not in final and "release" not in final.split("CMD", 1)[1]


def test_every_image_is_pinned_no_latest():
    for name in ("compose.yaml", "compose.web-host.yaml"):
        for service, spec in compose(name)["services"].items():
            image = spec.get("image", "")
            if image.startswith("${"):
                continue  # Tumbuh's own image: the tag comes from TUMBUH_IMAGE
            repo, _, tag = image.rpartition(":")
            assert repo and tag and tag != "latest" and re.search(r"\d", tag), (name, service, image)
    for line in re.findall(r"(?m)^(?:FROM|ARG PYTHON_IMAGE=)\s*(\S+)", (DEPLOY / "Dockerfile").read_text()):
        assert ":latest" not in line


def test_dockerfile_is_multi_stage_slim_non_root_without_build_tools():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"(?m)^ARG PYTHON_IMAGE=python:3\.11[\d.]*-slim", text)
    build, runtime = stages(text)
    assert "build-essential" in build and " AS build" in build
    assert not re.search(r"build-essential|gcc|libpq-dev|apt-get install", runtime)
    assert "COPY --from=build /venv /venv" in runtime
    users = re.findall(r"(?m)^USER (\S+)", runtime)
    assert users and users[-1] not in {"root", "0", "0:0"}
    assert re.search(r"(?m)^HEALTHCHECK .*\n?.*healthcheck\.py", runtime)
    assert "gunicorn" in runtime.split("CMD", 1)[1]
    # Compiled translations come with the code (committed .mo files), no gettext in the image.
    assert "compilemessages" not in text


def test_translations_in_the_image_are_compiled_and_committed():
    root = DEPLOY.parent
    for po in root.glob("**/locale/id/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        assert po.with_suffix(".mo").exists(), po
    ignored = (root / ".dockerignore").read_text()
    assert "*.mo" not in ignored and "locale" not in ignored


def test_caddy_serves_static_and_public_media_but_never_private_media():
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    # The only folders served from disk; /srv/media/private (local-disk mode) is not among them.
    assert set(re.findall(r"(?m)^\s*root \* (\S+)", caddyfile)) == {"/srv/static", "/srv/media/public"}
    assert "reverse_proxy" in caddyfile


def test_web_host_profile_uses_shared_services_and_object_storage():
    services = compose("compose.web-host.yaml")["services"]
    assert set(services) == {"web", "worker"}  # no database, no scheduler, no release on extra hosts
    assert services["web"]["environment"]["MEDIA_STORAGE"] == "s3"
    assert (DEPLOY / "two-hosts.md").exists()
