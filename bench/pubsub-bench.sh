#!/usr/bin/env bash
# Pub/Sub fan-out: N SSE subscribers on one channel of one gateway instance, messages published
# through the gateway at a steady rate; reports delivery completeness, publish-to-arrival p50/p99,
# and the gateway's heap (after a full GC) and RSS with all streams open.
# Usage: bench/pubsub-bench.sh [subscriber counts="1000 5000 10000"] [messages/s=2] [seconds=30]
# Each run first publishes for 20 s at the same rate, unmeasured, to warm the JIT.
# Needs: a JDK 17+ (java, jcmd), redis-server, openssl, python3. GATEWAY_JAVA_OPTS (default -Xmx512m)
# sizes the gateway's JVM. Everything runs on loopback; the gateway runs its packaged jar in the prod
# profile with a throwaway key and a throwaway Redis on a free port, restarted for each count.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNTS=${1:-"1000 5000 10000"}
RATE=${2:-2}
SECONDS_PER_RUN=${3:-30}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx512m}
# every subscriber is a socket on both sides
ulimit -n "$(ulimit -Hn)"

# shellcheck source=bench/lib.sh
source bench/lib.sh

echo "pubsub bench: $(nproc) cores, gateway JVM $GATEWAY_JAVA_OPTS, $RATE messages/s for ${SECONDS_PER_RUN}s per run, $(date -u +%FT%TZ)"
for N in $COUNTS; do
  # shellcheck disable=SC2086
  start_gateway "$WORK/gateway-$N.log" $GATEWAY_JAVA_OPTS \
    -Dgateway.namespaces.bench.roles.publish=bench -Dgateway.namespaces.bench.roles.subscribe=bench \
    -Dgateway.sse.max-connections=$((N + 10))
  IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$GW_PID/status")
  echo "--- $N subscribers (load average before: $(cut -d' ' -f1-3 /proc/loadavg); idle gateway RSS $((IDLE_RSS_KB / 1024)) MiB)"
  java bench/SseBench.java "$HTTP_PORT" "$TOKEN" "$N" "$RATE" "$SECONDS_PER_RUN" "$GW_PID" | tee "$WORK/result-$N.txt"
  RSS_KB=$(sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' "$WORK/result-$N.txt")
  echo "RSS above the idle gateway: $(( (RSS_KB - IDLE_RSS_KB) / 1024 )) MiB = $(( (RSS_KB - IDLE_RSS_KB) / N )) KiB per subscriber; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "ERROR|Exception" "$WORK/gateway-$N.log" | head -5 || true
  kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
done
