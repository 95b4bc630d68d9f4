#!/usr/bin/env bash
# What TLS between members (cluster.tls) costs a publication that crosses nodes: two pairs of local
# `java -jar` nodes, one pair plain and one pair with event-bus TLS (a shared self-signed key pair),
# measured with `bench cross-node` (subscribers on one node, the publisher on the other) in one
# invocation that alternates between the pairs and reports medians and ratios. Loopback only;
# every process it starts is stopped by its PID. Report: target/member-tls/member-tls.json.
#
#   scripts/member-tls-bench.sh [subscribers] [rate] [seconds]      e.g. scripts/member-tls-bench.sh 200 50 10
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/switchboard.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
SUBSCRIBERS=${1:-200}
RATE=${2:-50}
SECONDS_=${3:-10}
SECRET=member-tls-bench-secret-member-tls-bench-01
OUT=target/member-tls
mkdir -p "$OUT"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=switchboard-member \
  -keyout "$OUT/member.key" -out "$OUT/member.crt" 2>/dev/null
JVM=(-XX:+UseSerialGC -Xms32m -Xmn16m -Xmx512m -XX:MaxDirectMemorySize=256m)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_pair() { # kind first-http-port first-hazelcast-port; sets PAIR to the two PIDs
  local kind=$1 http=$2 hz=$3 tls=()
  [ "$kind" = tls ] && tls=(--set "cluster.tls.certPath=$OUT/member.crt" --set "cluster.tls.keyPath=$OUT/member.key"
    --set "cluster.tls.caPath=$OUT/member.crt")
  PAIR=()
  for i in 0 1; do
    SWITCHBOARD_JWT_SECRET=$SECRET java "${JVM[@]}" -jar "$JAR" --http-port $((http + i)) \
      --set cluster.name="tls-bench-$kind-$$" --set cluster.port=$((hz + i)) \
      --set "cluster.members=[127.0.0.1:$hz, 127.0.0.1:$((hz + 1))]" --set cluster.waitBeforeJoin=0 \
      --config conf/bench.yaml "${tls[@]}" >>"$OUT/node-$kind-$i.log" 2>&1 &
    PAIR+=($!)
    PIDS+=($!)
  done
  for i in 0 1; do
    for _ in $(seq 1 480); do
      curl -s "http://127.0.0.1:$((http + i))/health" | grep -q '"members":2' && break
      sleep 0.25
    done
  done
}

start_pair plain 18301 18311
PLAIN=("${PAIR[@]}")
start_pair tls 18321 18331
TLS=("${PAIR[@]}")
# one invocation: the tool alternates rounds between the TLS pair and the plain pair (ABBA) and
# reports medians and ratios
java -jar "$JAR" bench cross-node --url ws://127.0.0.1:18321/ws --pub-url ws://127.0.0.1:18322/ws \
  --server-pid "${TLS[0]},${TLS[1]}" --label tls \
  --compare-url ws://127.0.0.1:18301/ws --compare-pub-url ws://127.0.0.1:18302/ws \
  --compare-pid "${PLAIN[0]},${PLAIN[1]}" --compare-label plain \
  --secret "$SECRET" --subscribers "$SUBSCRIBERS" --rate "$RATE" --seconds "$SECONDS_" --rounds 3 \
  --json "$OUT/member-tls.json"
