# shellcheck shell=bash disable=SC2034 # (sets variables for the script that sources it)
# Shared set-up for bench/run: tools, the packaged jar, a throwaway redis-server on a free loopback
# port, a throwaway RS256 key and token, and the packaged gateway (prod profile) in front of that Redis.
# Sourcing it makes WORK (a temporary directory) and a trap that stops everything started here on exit.
# Functions set: start_redis REDIS_PORT; make_token PUBLIC_KEY, TOKEN; start_gateway HTTP_PORT, GW_PID, READY_MS.

JAR=target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d)
cleanup() {
  kill "${GW_PID:-}" "${REDIS_PID:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_mib() { awk '/^VmRSS/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }

# need <command> <Debian package>: installs the package with apt-get when the command is missing
need() {
  command -v "$1" >/dev/null && return
  say "installing $2 (apt-get)"
  local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" >/dev/null
}

# build_jar: ./mvnw package when the jar is missing or any source (src/, pom.xml) is newer than it
build_jar() {
  if [ -f "$JAR" ] && [ -z "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then return; fi
  say "building $JAR (missing or older than the sources)"
  ./mvnw -B -q package -DskipTests
  touch "$JAR"
}

start_redis() {
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.05; done
  cat "$WORK/redis.log"; exit 1
}

# the gateway trusts the public half of this run's key; the bench signs its token with the private half
make_token() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
  PUBLIC_KEY=$(openssl pkey -in "$WORK/key.pem" -pubout | grep -v -- ----- | tr -d '\n')
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"bench","aud":"redis-mesh-gateway","sub":"bench","groups":["bench"],"iat":%d,"exp":%d}' "$now" $((now + 7200)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$WORK/key.pem" | b64url)
  TOKEN="$header.$payload.$signature"
}

# start_gateway <log file> [JVM and -D options...]: the packaged jar on a new free port, ready when this
# returns. READY_MS: from launching the JVM to the first 200 of /q/health/ready, polled every 20 ms.
start_gateway() {
  local log=$1; shift
  HTTP_PORT=$(free_port)
  local start deadline
  start=$(now_ms)
  java "$@" -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
    -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer=bench \
    -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.quarkus\".level=INFO \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.shutdown.delay=0s -jar "$JAR" >"$log" 2>&1 &
  GW_PID=$!
  deadline=$((start + 120000))
  until curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready"; do
    if ! kill -0 "$GW_PID" 2>/dev/null || [ "$(now_ms)" -gt "$deadline" ]; then cat "$log"; exit 1; fi
    sleep 0.02
  done
  READY_MS=$(($(now_ms) - start))
}

stop_gateway() {
  kill "$GW_PID" 2>/dev/null || true
  wait "$GW_PID" 2>/dev/null || true
  GW_PID=
}
