# Shared by the bench scripts: a throwaway redis-server on a free port, a throwaway RS256 key and
# token, and start_gateway, which runs the packaged gateway (prod profile) in front of that Redis.
# Sets REDIS_PORT, TOKEN, WORK; start_gateway sets HTTP_PORT and GW_PID. Stops everything on exit.
# Usage: source bench/lib.sh; start_gateway <log file> [JVM and -D options...]

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
WORK=$(mktemp -d)
cleanup() { kill "${GW_PID:-}" "${REDIS_PID:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# never measure a stale jar: package again when the pom or any main source or resource is newer than it
JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!

# the gateway trusts the public half of this run's key; the bench signs its token with the private half
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PUBLIC_KEY=$(openssl pkey -in "$WORK/key.pem" -pubout | grep -v -- ----- | tr -d '\n')
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"iss":"bench","aud":"redis-mesh-gateway","sub":"bench","groups":["bench"],"iat":%d,"exp":%d}' "$NOW" $((NOW + 7200)) | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -sign "$WORK/key.pem" | b64url)
TOKEN="$HEADER.$PAYLOAD.$SIGNATURE"

# start_gateway <log file> [options...]: the packaged jar on a new free port, ready when this returns
start_gateway() {
  local log=$1; shift
  HTTP_PORT=$(free_port)
  java "$@" -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
    -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer=bench \
    -Dquarkus.log.level=WARN -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 1 240); do curl -sf "localhost:$HTTP_PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "localhost:$HTTP_PORT/q/health/ready" >/dev/null || { cat "$log"; exit 1; }
}
