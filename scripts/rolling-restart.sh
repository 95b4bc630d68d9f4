#!/usr/bin/env bash
# A rolling restart of three local `java -jar` nodes under `bench rolling`, once per drain period:
# each node in turn gets SIGTERM, drains, exits and is started again on its ports; the next one
# goes when it is ready and sees three members. Prints each run's totals (the tool's reports:
# target/rolling-logs/rolling-<run>-<period>.json). Loopback only; every process it starts is stopped by its PID.
#
#   scripts/rolling-restart.sh [clients] [period ...]     e.g. scripts/rolling-restart.sh 600 10s 0s
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/switchboard.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
CLIENTS=${1:-600}
shift || true
PERIODS=("$@")
[ ${#PERIODS[@]} -gt 0 ] || PERIODS=(10s 0s)
SECRET=rolling-bench-secret-rolling-bench-secret-01
NAMESPACES='namespaces=[{name: bench-history, subscribe: [authenticated], publish: [authenticated], presence: true, history: {size: 5000, ttl: 10m, maxRecover: 5000}}]'
HTTP=(18101 18102 18103)
HZ=(18201 18202 18203)
MEMBERS='[127.0.0.1:18201, 127.0.0.1:18202, 127.0.0.1:18203]'
JVM=(-XX:+UseSerialGC -Xms32m -Xmn16m -Xmx512m -XX:MaxDirectMemorySize=256m)
LOGS=target/rolling-logs
mkdir -p "$LOGS"
PIDS=()
BENCH=""
cleanup() {
  for p in "${PIDS[@]}" $BENCH; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_node() { # index period cluster
  SWITCHBOARD_JWT_SECRET=$SECRET java "${JVM[@]}" -jar "$JAR" --http-port "${HTTP[$1]}" \
    --set cluster.name="$3" --set cluster.port="${HZ[$1]}" --set "cluster.members=$MEMBERS" \
    --set cluster.waitBeforeJoin=0 --set drain.period="$2" --set "$NAMESPACES" \
    >>"$LOGS/node-$1.log" 2>&1 &
  PIDS[$1]=$!
}

await_ready() { # index members: ready and seeing that many members, within 120 s
  for _ in $(seq 1 480); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${HTTP[$1]}/health/ready")" = 200 ] &&
       curl -s "http://127.0.0.1:${HTTP[$1]}/health" | grep -q "\"members\":$2"; then
      return 0
    fi
    sleep 0.25
  done
  echo "node $1 not ready with $2 members within 120 s" >&2
  return 1
}

sessions() {
  local total=0 n
  for port in "${HTTP[@]}"; do
    n=$(curl -s "http://127.0.0.1:$((port + 1000))/stats" | sed -n 's/.*"sessions":\([0-9]*\).*/\1/p')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

run=0
for period in "${PERIODS[@]}"; do
  run=$((run + 1))
  cluster="rolling-$$-$run"
  for i in 0 1 2; do start_node "$i" "$period" "$cluster"; await_ready "$i" $((i + 1)); done
  stop="$LOGS/stop-$run"
  rm -f "$stop"
  java -Xmx512m -jar "$JAR" bench rolling --url "ws://127.0.0.1:${HTTP[0]}/ws" \
    --nodes "ws://127.0.0.1:${HTTP[1]}/ws,ws://127.0.0.1:${HTTP[2]}/ws" --secret "$SECRET" \
    --clients "$CLIENTS" --channels 60 --rate 100 --seconds 600 --stop-file "$stop" \
    --json "$LOGS/rolling-$run-$period.json" >"$LOGS/bench-$run-$period.log" 2>&1 &
  BENCH=$!
  for _ in $(seq 1 240); do [ "$(sessions)" -ge "$CLIENTS" ] && break; sleep 0.25; done
  for i in 0 1 2; do
    echo "drain.period=$period: node $i holds $(curl -s "http://127.0.0.1:$((HTTP[$i] + 1000))/stats" | sed -n 's/.*"sessions":\([0-9]*\).*/\1/p') sockets; SIGTERM"
    kill -TERM "${PIDS[$i]}"
    wait "${PIDS[$i]}" || true
    start_node "$i" "$period" "$cluster"
    await_ready "$i" 3
  done
  touch "$stop"
  wait "$BENCH" || echo "bench rolling reported an unclean round (see $LOGS/bench-$run-$period.log)"
  BENCH=""
  for i in 0 1 2; do kill -TERM "${PIDS[$i]}"; done
  for i in 0 1 2; do wait "${PIDS[$i]}" || true; done
  PIDS=()
  grep -E '^(offsets_lost|duplicates|acked |closes_by_server|reconnects |reconnects_peak_per_s|refused_attempts)' "$LOGS/bench-$run-$period.log" || true
  sed -n 's/.*"per_node":\(\[[^]]*\]\).*/per node: \1/p' "$LOGS/bench-$run-$period.log" | head -1
done
