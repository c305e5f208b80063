#!/usr/bin/env bash
# Cache GET/PUT through the gateway vs. raw Redis (redis-benchmark), same Redis, same run.
# Usage: bench/cache-bench.sh [seconds=15] [connections=50]
# Needs: a JDK, redis-server and redis-benchmark, wrk (installed with apt-get when missing).
# Everything runs on loopback; the gateway runs its packaged jar in the prod profile with a
# static bench key, a throwaway Redis on a free port, and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-50}
VALUE_SIZE=100

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# shellcheck source=bench/lib.sh
source bench/lib.sh
start_gateway "$WORK/gateway.log" -Dgateway.namespaces.bench.roles.read=bench -Dgateway.namespaces.bench.roles.write=bench

URL="http://127.0.0.1:$HTTP_PORT/v1/namespaces/bench/keys/bench-key"
VALUE=$(head -c "$VALUE_SIZE" /dev/zero | tr '\0' 'x')
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" --data-binary "$VALUE" "$URL" >/dev/null
cat >"$WORK/put.lua" <<LUA
wrk.method = "PUT"
wrk.body = "$VALUE"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

# warm the JIT before measuring (on two loaded cores C2 still compiles after 5 s)
wrk -t2 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/put.lua" "$URL" >/dev/null

gateway() { # $1 = extra wrk args; prints "rps p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" |
    awk '/Requests\/sec/ {rps=$2} /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v} END {printf "%.0f %.2f\n", rps, p99}'
}
raw() { # $1 = get|set; prints "rps p99_ms"
  redis-benchmark -p "$REDIS_PORT" -t "$1" -c "$CONNECTIONS" -n 200000 -d "$VALUE_SIZE" -r 1 --csv |
    awk -F'","' 'NR==2 {gsub(/"/,"",$2); gsub(/"/,"",$7); printf "%.0f %.2f\n", $2, $7}'
}

read -r GW_GET_RPS GW_GET_P99 < <(gateway -H "Authorization: Bearer $TOKEN" "$URL")
read -r GW_PUT_RPS GW_PUT_P99 < <(gateway -s "$WORK/put.lua" "$URL")
read -r RAW_GET_RPS RAW_GET_P99 < <(raw get)
read -r RAW_SET_RPS RAW_SET_P99 < <(raw set)

echo "cache bench: $CONNECTIONS connections, ${VALUE_SIZE}-byte values, $(nproc) cores, gateway and Redis on one machine"
printf '%-6s %14s %14s %12s %14s %14s\n' op gateway_rps redis_rps rps_ratio gateway_p99ms redis_p99ms
printf '%-6s %14s %14s %12.3f %14s %14s\n' GET "$GW_GET_RPS" "$RAW_GET_RPS" "$(echo "$GW_GET_RPS / $RAW_GET_RPS" | bc -l)" "$GW_GET_P99" "$RAW_GET_P99"
printf '%-6s %14s %14s %12.3f %14s %14s\n' PUT "$GW_PUT_RPS" "$RAW_SET_RPS" "$(echo "$GW_PUT_RPS / $RAW_SET_RPS" | bc -l)" "$GW_PUT_P99" "$RAW_SET_P99"
