#!/usr/bin/env bash
# Turns the figures bench/run collected into the results table and the plot.
# Usage: bench/report.sh <data dir> <markdown out> <png out>
# The data dir holds facts.tsv (name, value), starts.txt (ready ms, Quarkus "started in" s), and, for
# the parts that ran, cache.tsv (op, bytes, connections, gateway req/s, p99 ms, errors, Redis req/s,
# p99 ms), lock.tsv (case, gateway/s, Redis/s, ratio, gateway p99, Redis p99) and sse.tsv
# (subscribers, open, delivered %, p50, p99, gateway µs CPU per event, gateway cores, RSS MiB, msg/s,
# heap used after a full GC).
# shellcheck disable=SC2016 # awk conditions and columns are single-quoted on purpose
set -euo pipefail
DATA=$1 MD=$2 PNG=$3
touch "$DATA/cache.tsv" "$DATA/lock.tsv" "$DATA/sse.tsv"

fact() { awk -F'\t' -v k="$1" '$1 == k {v = $2} END {print v}' "$DATA/facts.tsv"; } # the last value recorded
# row <file> <awk condition> <column>: the column of the first row matching the condition
row() { awk -F'\t' "$2 {print \$$3; exit}" "$1"; }
# verdict <awk condition over the measured values>: pass, FAIL, or "not run" when a value is missing
verdict() {
  local v; for v in "${@:2}"; do [ -n "$v" ] || { echo "not run"; return; }; done
  awk "BEGIN {print ($1) ? \"pass\" : \"**FAIL**\"}"
}

READY_MS=$(cut -d' ' -f1 "$DATA/starts.txt" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
STARTS=$(awk '{printf "%s%s ms (Quarkus: %s s)", (NR > 1 ? ", " : ""), $1, $2}' "$DATA/starts.txt")
RSS_IDLE=$(fact rss_idle)

GET_RATIO=$(row "$DATA/cache.tsv" '$1 == "GET" && $2 == 100 && $3 == 50' '4 / $7' | xargs -r printf '%.3f')
GET_P99=$(row "$DATA/cache.tsv" '$1 == "GET" && $2 == 100 && $3 == 50' 5)
PUT_RATIO=$(row "$DATA/cache.tsv" '$1 == "PUT" && $2 == 100 && $3 == 50' '4 / $7' | xargs -r printf '%.3f')
LOCK_RATIO=$(row "$DATA/lock.tsv" '$1 == "uncontended"' 4)
SSE_DELIVERED=$(row "$DATA/sse.tsv" '$1 == 10000 && $9 == 2' 3)
SSE_P99=$(row "$DATA/sse.tsv" '$1 == 10000 && $9 == 2' 5)
SSE_CPU=$(row "$DATA/sse.tsv" '$1 == 10000 && $9 == 2' 6)
# fmt <value> <unit>: "value unit", or a dash when the part did not run
fmt() { if [ -n "$1" ]; then echo "$1$2"; else echo "—"; fi; }

{
  echo "# Benchmark results"
  echo
  echo "Produced by \`bench/run\`, $(fact mode); $(fact settings)."
  echo "Gateway, Redis and the load generators share this machine's cores. Ratios are gateway / raw Redis"
  echo "measured in the same run, alternately."
  echo
  echo "## Machine"
  echo
  echo "| | |"
  echo "|---|---|"
  for k in date commit nproc cpu memory kernel java redis wrk load_before load_after; do
    echo "| $k | $(fact "$k" | sed 's/|/\\|/g') |"
  done
  echo
  echo "## Targets (issue 11)"
  echo
  echo "| target | measured | verdict |"
  echo "|---|---|---|"
  echo "| GET with a token ≥ 0.45× raw GET at 50 connections (100 B), p99 ≤ 4 ms | $(fmt "$GET_RATIO" ×), p99 $(fmt "$GET_P99" ' ms') | $(verdict "$GET_RATIO >= 0.45 && $GET_P99 <= 4" "$GET_RATIO" "$GET_P99") |"
  echo "| PUT with a token ≥ 0.30× raw SET (50 connections, 100 B) | $(fmt "$PUT_RATIO" ×) | $(verdict "$PUT_RATIO >= 0.30" "$PUT_RATIO") |"
  echo "| lock acquire+release uncontended ≥ 0.25× raw Redis | $(fmt "$LOCK_RATIO" ×) | $(verdict "$LOCK_RATIO >= 0.25" "$LOCK_RATIO") |"
  echo "| SSE 10 000 subscribers at 2 msg/s: 100 % delivered | $(fmt "$SSE_DELIVERED" ' %') | $(verdict "$SSE_DELIVERED >= 100" "$SSE_DELIVERED") |"
  echo "| SSE 10 000 subscribers at 2 msg/s: p99 ≤ 250 ms | $(fmt "$SSE_P99" ' ms') | $(verdict "$SSE_P99 <= 250" "$SSE_P99") |"
  echo "| SSE 10 000 subscribers at 2 msg/s: ≤ 15 µs gateway CPU per delivered event | $(fmt "$SSE_CPU" ' µs') | $(verdict "$SSE_CPU <= 15" "$SSE_CPU") |"
  echo "| start to ready ≤ 1.2 s (JVM launch to /q/health/ready 200, median) | $(fmt "$READY_MS" ' ms') | $(verdict "$READY_MS <= 1200" "$READY_MS") |"
  echo "| RSS idle ≤ 250 MiB | $(fmt "$RSS_IDLE" ' MiB') | $(verdict "$RSS_IDLE <= 250" "$RSS_IDLE") |"
  echo
  echo "## GET and PUT with a token vs raw Redis"
  echo
  echo "wrk -t2 for the gateway (\`GET\`/\`PUT /v1/namespaces/bench/keys/{key}\`), \`redis-benchmark -t get|set\` with the same -c and -d."
  echo
  echo "| call | value | connections | gateway req/s | gateway p99 ms | raw Redis req/s | Redis p99 ms | ratio | gateway errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %.3f | %s |\n", $1, ($2 >= 1024 ? $2 / 1024 " KiB" : $2 " B"), $3, $4, $5, $7, $8, ($7 > 0 ? $4 / $7 : 0), $6}' "$DATA/cache.tsv"
  echo
  echo "## Lock acquire+release vs raw Redis (SET NX PX + compare-and-delete script)"
  echo
  echo "| case | gateway cycles/s | raw Redis cycles/s | ratio | gateway p99 ms | Redis p99 ms |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$DATA/lock.tsv"
  echo
  echo "## Publish to SSE subscribers (one channel, a fresh gateway per count)"
  echo
  echo "| subscribers | open | msg/s | delivered | p50 ms | p99 ms | gateway CPU µs per delivered event | gateway cores | gateway RSS MiB | heap after GC |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{printf "| %s | %s | %s | %s %% | %s | %s | %s | %s | %s | %s |\n", $1, $2, $9, $3, $4, $5, $6, $7, $8, $10}' "$DATA/sse.tsv"
  echo
  echo "## Start-up and memory"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| start to ready, median | $READY_MS ms (each: $STARTS) |"
  echo "| RSS idle (1 s after ready) | $RSS_IDLE MiB |"
  echo "| RSS after the GET/PUT and lock load | $(fmt "$(fact rss_after_load)" ' MiB') |"
  echo
  echo "![throughput and p99 against connections]($(basename "$PNG"))"
} >"$MD"

# the plot: one data file per (call, value size): connections, gateway req/s, Redis req/s, gateway p99, Redis p99
[ -s "$DATA/cache.tsv" ] || exit 0
read -ra PLOTS <<<"$(cut -f2 "$DATA/cache.tsv" | sort -nu | xargs)"
for size in "${PLOTS[@]}"; do
  for op in GET PUT; do
    awk -F'\t' -v op="$op" -v size="$size" '$1 == op && $2 == size {print $3, $4, $7, $5, $8}' "$DATA/cache.tsv" >"$DATA/plot-$op-$size.dat"
  done
done
label() { [ "$1" -ge 1024 ] && echo "$(($1 / 1024)) KiB" || echo "$1 B"; }
TERM_LINE="set terminal pngcairo size 1400,900 font ',10'"
gnuplot -e 'set terminal pngcairo' 2>/dev/null || TERM_LINE="set terminal png size 1400,900"
{
  echo "$TERM_LINE"
  echo "set output '$PNG'"
  echo "set multiplot layout 2,${#PLOTS[@]} title 'gateway (wrk, with token) vs raw Redis (redis-benchmark)'"
  echo "set logscale xy; set xrange [7:300]; set xtics ($(cut -f3 "$DATA/cache.tsv" | sort -nu | paste -sd,))"
  echo "set format y '%g'; set grid; set key below horizontal font ',9'"
  for what in "2:3:req/s" "4:5:p99 ms"; do
    IFS=: read -r gw raw name <<<"$what"
    for size in "${PLOTS[@]}"; do
      echo "set title '$name against connections, $(label "$size") values'; set ylabel '$name'"
      echo "plot '$DATA/plot-GET-$size.dat' using 1:$gw with linespoints lw 2 lc rgb '#1f77b4' title 'gateway GET', \\"
      echo "     '$DATA/plot-GET-$size.dat' using 1:$raw with linespoints lw 2 dt 2 lc rgb '#1f77b4' title 'Redis GET', \\"
      echo "     '$DATA/plot-PUT-$size.dat' using 1:$gw with linespoints lw 2 lc rgb '#d62728' title 'gateway PUT', \\"
      echo "     '$DATA/plot-PUT-$size.dat' using 1:$raw with linespoints lw 2 dt 2 lc rgb '#d62728' title 'Redis SET'"
    done
  done
  echo "unset multiplot"
} | gnuplot
