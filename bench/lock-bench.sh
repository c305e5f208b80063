#!/usr/bin/env bash
# Lock acquire+release through the gateway vs. the same work on raw Redis, same Redis, same run:
# uncontended (one client, a fresh lock each cycle) and contended (N clients on one lock, the
# gateway's fair waiting vs. clients spinning on SET NX).
# Usage: bench/lock-bench.sh [seconds=10] [contending clients=8]
# Needs: a JDK, redis-server, openssl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
CLIENTS=${2:-8}
# shellcheck source=bench/lib.sh
source bench/lib.sh
start_gateway "$WORK/gateway.log" -Dgateway.namespaces.bench.roles.lock=bench
java bench/LockBench.java "http://127.0.0.1:$HTTP_PORT" "$TOKEN" "$REDIS_PORT" "$SECONDS_PER_RUN" "$CLIENTS"
