# r1-server in a container. The build stage compiles from the committed .sqlx
# query metadata (SQLX_OFFLINE), so it needs no database; the runtime image
# holds the binary, curl for the health check and nothing secret: every
# setting comes from the environment or a mounted file (R1_CONFIG_FILE).
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
ENV SQLX_OFFLINE=true
RUN cargo build --release --locked -p r1-server

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/r1 --create-home r1
COPY --from=build /src/target/release/r1-server /usr/local/bin/r1-server
USER r1
WORKDIR /var/lib/r1
ENV R1_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --retries=20 CMD curl -fsS http://127.0.0.1:8080/_r1/health || exit 1
ENTRYPOINT ["r1-server"]
