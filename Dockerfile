# syntax=docker/dockerfile:1
#
# The confradar-cli image: a multi-stage build.
#   chef     the Rust toolchain plus cargo-chef
#   planner  turns the workspace manifests into a dependency "recipe"
#   builder  compiles the dependencies from the recipe (a layer cached until a
#            manifest or Cargo.lock changes), then the workspace itself
#   runtime  debian:bookworm-slim with CA certificates, the binary and a
#            non-root user; ENTRYPOINT is confradar-cli
#
#   docker build -t confradar-cli .
#   docker run --rm confradar-cli --help
#
# Checked without a Docker engine by scripts/check-compose.sh (hadolint).

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-bookworm AS chef
RUN cargo install --locked cargo-chef@0.1.78
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
# Dependencies only: this layer is reused until the recipe (manifests, lock file) changes.
RUN cargo chef cook --release --locked -p confradar-cli --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked -p confradar-cli \
    && cp target/release/confradar-cli /usr/local/bin/confradar-cli

FROM debian:bookworm-slim AS runtime
# ca-certificates: HTTPS to CFP sites and to TLS-enabled database servers.
# Versions are left to the bookworm security updates rather than pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 confradar \
    && useradd --system --uid 10001 --gid confradar --home-dir /var/lib/confradar --create-home \
       --shell /usr/sbin/nologin confradar
COPY --from=builder /usr/local/bin/confradar-cli /usr/local/bin/confradar-cli
USER 10001:10001
# The working directory is where ./confradar.toml and ./.env are looked for
# and where a relative sqlite:// file would be created.
WORKDIR /var/lib/confradar
ENTRYPOINT ["confradar-cli"]
CMD ["--help"]
