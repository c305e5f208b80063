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

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d)
cleanup() { kill "${GW_PID:-}" "${REDIS_PID:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!

# a throwaway RS256 key for this run: the gateway trusts its public half, the bench signs a token with it
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PUBLIC_KEY=$(openssl pkey -in "$WORK/key.pem" -pubout | grep -v -- ----- | tr -d '\n')
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"iss":"bench","aud":"redis-mesh-gateway","sub":"bench","groups":["bench"],"iat":%d,"exp":%d}' "$NOW" $((NOW + 7200)) | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -sign "$WORK/key.pem" | b64url)
TOKEN="$HEADER.$PAYLOAD.$SIGNATURE"

echo "pubsub bench: $(nproc) cores, gateway JVM $GATEWAY_JAVA_OPTS, $RATE messages/s for ${SECONDS_PER_RUN}s per run, $(date -u +%FT%TZ)"
for N in $COUNTS; do
  HTTP_PORT=$(free_port)
  # shellcheck disable=SC2086
  java $GATEWAY_JAVA_OPTS -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
    -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer=bench \
    -Dgateway.namespaces.bench.roles.publish=bench -Dgateway.namespaces.bench.roles.subscribe=bench \
    -Dgateway.sse.max-connections=$((N + 10)) \
    -Dquarkus.log.level=WARN -jar target/quarkus-app/quarkus-run.jar >"$WORK/gateway-$N.log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 1 240); do curl -sf "localhost:$HTTP_PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "localhost:$HTTP_PORT/q/health/ready" >/dev/null || { cat "$WORK/gateway-$N.log"; exit 1; }
  IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$GW_PID/status")
  echo "--- $N subscribers (load average before: $(cut -d' ' -f1-3 /proc/loadavg); idle gateway RSS $((IDLE_RSS_KB / 1024)) MiB)"
  java bench/SseBench.java "$HTTP_PORT" "$TOKEN" "$N" "$RATE" "$SECONDS_PER_RUN" "$GW_PID" | tee "$WORK/result-$N.txt"
  RSS_KB=$(sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' "$WORK/result-$N.txt")
  echo "RSS above the idle gateway: $(( (RSS_KB - IDLE_RSS_KB) / 1024 )) MiB = $(( (RSS_KB - IDLE_RSS_KB) / N )) KiB per subscriber; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "ERROR|Exception" "$WORK/gateway-$N.log" | head -5 || true
  kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
done
