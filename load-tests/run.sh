#!/usr/bin/env bash
# Runs one Gatling simulation against a Momentum server and leaves the HTML report under load-tests/target/gatling.
#
#   load-tests/run.sh                                     # AssignSimulation against a fresh embedded server
#   load-tests/run.sh --simulation FlywheelSimulation     # (started on the flywheel experiments)
#   load-tests/run.sh --simulation EventsSimulation -Drate=50 -Dduration=60
#   load-tests/run.sh --base-url http://127.0.0.1:8080 -Drate=500   # against a server already running
#
# Without --base-url it builds what is missing, starts `java -jar server/target/momentum.jar serve` on a free
# loopback port with a temporary data directory (embedded Redis and MongoDB), runs the simulation and stops it.
# --experiments DIR overrides the server's experiment directory (default: experiments/, or
# load-tests/src/test/resources/flywheel-experiments for FlywheelSimulation).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
simulation="AssignSimulation"
base_url=""
experiments=""
properties=()

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --simulation) simulation="$2"; shift 2 ;;
    --base-url) base_url="$2"; shift 2 ;;
    --experiments) experiments="$2"; shift 2 ;;
    -D*) properties+=("$1"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$simulation" == *.* ]] || simulation="io.momentum.load.$simulation"

server_pid=""
data_dir=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ -n "$data_dir" ]] && rm -rf "$data_dir"
  return 0
}
trap cleanup EXIT

if [[ -z "$base_url" ]]; then
  jar="${MOMENTUM_JAR:-$root/server/target/momentum.jar}"
  if [[ ! -f "$jar" ]]; then
    echo "run.sh: building $jar" >&2
    (cd "$root" && mvn -B -q -DskipTests -pl server -am package)
  fi
  if [[ -z "$experiments" ]]; then
    experiments="$root/experiments"
    [[ "$simulation" == *FlywheelSimulation ]] && experiments="$here/src/test/resources/flywheel-experiments"
  fi
  data_dir="$(mktemp -d "${TMPDIR:-/tmp}/momentum-load.XXXXXX")"
  mkdir -p "$here/target"
  server_log="$here/target/run-server.log"
  # EventsSimulation sends exposures of visitors it never assigned, so it has no exposure tokens to send; the
  # other simulations send the tokens /v1/assign returned, as a real client does.
  tokens=true
  [[ "$simulation" == *EventsSimulation ]] && tokens=false
  java -jar "$jar" serve --port 0 --host 127.0.0.1 --rate-limit 0 --require-exposure-tokens "$tokens" \
    --experiments "$experiments" --data-dir "$data_dir" > "$server_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    line="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$server_log" | head -1 || true)"
    [[ -n "$line" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: the server exited, see $server_log" >&2; tail -20 "$server_log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -n "$line" ]] || { echo "run.sh: the server did not start within 60 s, see $server_log" >&2; exit 1; }
  base_url="${line#listening on }"
  echo "run.sh: server on $base_url (experiments: $experiments, log: $server_log)" >&2
fi

cd "$root"
mvn -B -pl load-tests test-compile gatling:test -Dsimulation="$simulation" -DbaseUrl="$base_url" "${properties[@]}"
