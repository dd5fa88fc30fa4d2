#!/usr/bin/env bash
# Load run of the sample host against the platform's limit, in one command:
#   bash benchmarks/load/run.sh [seconds per run] [rounds]
# Starts a bare Kestrel JSON echo app and the host (Release, a fresh SQLite file, durable
# FULL sync), prepares campaigns, then alternates wrk runs on loopback, each once the host is
# idle: GET an instance, and
# POST a trigger that really changes state. Each round also drives the same triggers through the
# engine and store alone, in one process without HTTP (StoreAlone: 32 callers on a fresh file of
# their own, with the engine's workers off, then on as in the host). Prints requests/s and p99
# latency with the host's share of the echo rate, and POST's share of the store-alone rate.
# Needs wrk (apt-get install wrk) and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
rounds=${2:-3}
threads=2
connections=32
instances=4000
work=$(mktemp -d)
host_port=5090
echo_port=5091
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
dotnet build -c Release -v q samples/MarketingWorkflows.Api >/dev/null
dotnet build -c Release -v q benchmarks/load/EchoApp >/dev/null
dotnet build -c Release -v q benchmarks/load/StoreAlone >/dev/null

# LOAD_HOST_ENV adds settings to the host, such as MarketingWorkflows__RunBackgroundWorkers=false.
env ASPNETCORE_ENVIRONMENT=Development \
  Storage__Sqlite="Data Source=$work/load.db" \
  Api__ProcessesFolder="$work/processes" \
  Api__RequestsPerMinutePerUser=1000000000 \
  Logging__LogLevel__Default=Warning ${LOAD_HOST_ENV:-} \
  dotnet samples/MarketingWorkflows.Api/bin/Release/net10.0/MarketingWorkflows.Api.dll --urls "http://127.0.0.1:$host_port" \
  --contentRoot "$PWD/samples/MarketingWorkflows.Api" >"$work/host.log" 2>&1 &
host_pid=$!
dotnet benchmarks/load/EchoApp/bin/Release/net10.0/EchoApp.dll --urls "http://127.0.0.1:$echo_port" >"$work/echo.log" 2>&1 &

for url in "http://127.0.0.1:$host_port/readyz" "http://127.0.0.1:$echo_port/api/instances/00000000-0000-0000-0000-000000000000"; do
  for _ in $(seq 1 100); do curl -fs "$url" >/dev/null && break; sleep 0.2; done
done

token=$(curl -fs -X POST "http://127.0.0.1:$host_port/api/demo/token" -H 'Content-Type: application/json' -d '{"userId":"ana"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
# Each POST run gets drafts of its own: a run stops mid-round, leaving its campaigns in mixed states.
echo "preparing $((instances * rounds)) campaigns in draft"
seq 1 "$((instances * rounds))" | xargs -P 1 -I{} curl -fs -w '\n' -X POST "http://127.0.0.1:$host_port/api/instances" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"processId":"campaign-approval","data":{"name":"Load run {}","owner":"ana","budget":{"amount":20000,"currency":"EUR"},"regions":["US"],"channels":["social"]}}' \
  | sed -n 's/^{"id":"\([^"]*\)".*/\1/p' > "$work/ids"
wc -l < "$work/ids" | xargs echo "prepared:"
split -l "$instances" -d -a 2 "$work/ids" "$work/ids."

# Waits until the host is idle: the events of the commands so far delivered by its dispatcher,
# so that one run does not pay for the last one's events.
wait_idle() {
  local before after
  for _ in $(seq 1 180); do
    before=$(awk '{print $14 + $15}' "/proc/$host_pid/stat")
    sleep 1
    after=$(awk '{print $14 + $15}' "/proc/$host_pid/stat")
    [ $((after - before)) -lt 5 ] && return 0
  done
  echo "warning: the host did not settle" >&2
}

run() { # name port script token ids
  wait_idle
  local out
  out=$(wrk -t$threads -c$connections -d"${seconds}s" --latency -s "benchmarks/load/$3" "http://127.0.0.1:$2" -- "$5" "$4" "$threads")
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$1 $rps $p99 ${errors:-0}" | tee -a "$work/results"
}

store() { # name round [--dispatcher]
  local out
  out=$(dotnet benchmarks/load/StoreAlone/bin/Release/net10.0/StoreAlone.dll "$work/$1-$2.db" "$seconds" "$instances" "$connections" ${3:-})
  echo "$1 $out 0" | tee -a "$work/results"
}

echo "run requests/s p99 non-2xx"
for round in $(seq 1 "$rounds"); do
  ids=$(printf '%s/ids.%02d' "$work" $((round - 1)))
  run echo-get $echo_port get.lua "" "$work/ids"
  run host-get $host_port get.lua "$token" "$work/ids"
  run echo-post $echo_port post.lua "" "$ids"
  run host-post $host_port post.lua "$token" "$ids"
  wait_idle
  store store-post "$round"
  store store-post-dispatcher "$round" --dispatcher
done

echo
echo "median over $rounds rounds ($seconds s each, wrk -t$threads -c$connections, loopback):"
for kind in get post; do
  echo_rps=$(awk -v k="echo-$kind" '$1 == k {print $2}' "$work/results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  host_rps=$(awk -v k="host-$kind" '$1 == k {print $2}' "$work/results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  host_p99=$(awk -v k="host-$kind" '$1 == k {print $3}' "$work/results" | tr '\n' ' ')
  echo_p99=$(awk -v k="echo-$kind" '$1 == k {print $3}' "$work/results" | tr '\n' ' ')
  awk -v k="$kind" -v e="$echo_rps" -v h="$host_rps" -v hp="$host_p99" -v ep="$echo_p99" \
    'BEGIN { printf "%-4s echo %9.0f/s (p99 %s)  host %9.0f/s (p99 %s)  host/echo %3.0f%%\n", k, e, ep, h, hp, 100 * h / e }'
done
# The store alone: the same triggers, 32 callers in one process; POST's share of its rate.
host_rps=$(awk '$1 == "host-post" {print $2}' "$work/results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
for kind in store-post store-post-dispatcher; do
  store_rps=$(awk -v k="$kind" '$1 == k {print $2}' "$work/results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  store_p99=$(awk -v k="$kind" '$1 == k {print $3}' "$work/results" | tr '\n' ' ')
  label=$([ "$kind" = store-post ] && echo "store alone, workers off" || echo "store alone, workers on ")
  awk -v l="$label" -v s="$store_rps" -v h="$host_rps" -v sp="$store_p99" \
    'BEGIN { printf "post %s %9.0f/s (p99 %s)  host/store %3.0f%%\n", l, s, sp, 100 * h / s }'
done
