#!/usr/bin/env bash
# Performance benchmark of the shipped configuration (issues 7 and 13). The packaged server, launched as the image
# launches it (vault-agent/entrypoint.sh, the Containerfile's ENV and JVM_ARGS, JSON logs, access log, metrics and
# telemetry on) on MySQL/MariaDB, measured with AUTH_MODE=jwt and AUTH_MODE=none in one run: two instances of the
# same build, load alternating between them. bench/README.md explains every option and figure.
# Phases (--phases, comma-separated; default all, in this order):
#   rounds    two cores: warm-up, then rounds of GET /api/users/{id}, GET by id at a fixed 2,000 req/s (hey),
#             GET /api/users?limit=20, GET /api/health/ready, POST /api/users, POST with Idempotency-Key; each in
#             both modes, the order of the modes flipped every round; medians; the database's ceiling every round
#   profile   JFR profiles of GET by id on the warm instances: jwt with 100, 1 and 1,000 tokens, none
#   list100k  the list at 100k rows (jwt), against the database's own list ceiling
#   curve     launch curve: a new container's first start, GET-by-id load from the first 200 of readiness,
#             throughput in 5 s windows from launch
#   soak      RSS every 10 s under mixed load (on the warm curve instance), heap after full GC at start and end
#   start     launch to ready: first start of a fresh server directory, then its warm second start, N times
#   one-core  the rounds again with each server pinned to CPU 1 (taskset), wrk and the database on CPU 0
# Not a test: run by hand, alone on the machine. Needs wrk, hey, curl, python3, a JDK 17 (java, jcmd, jstat, jfr),
# util-linux (taskset, setsid), a mysql client and mariadb-slap or mysqlslap, and a MySQL/MariaDB server it can
# administer (creates and drops database and user backend_bench).
#   usage: bench/load.sh [--quick] [--build] [--phases LIST] [--rounds N=3] [--duration S=20] [--warmup S=60]
#                        [--fixed-rate QPS=2000] [--fixed-seconds S=30] [--curve S=180] [--soak MIN=10]
#                        [--starts N=3] [--profile-seconds S=20] [--baseline DIR] [--jfr]
#     --quick     smoke run: 1 round, 5 s runs, 10 s warm-up, 30 s curve, 1-minute soak, 1 start (about 12 min)
#     --build     rebuild the server first (otherwise only if target/liberty or target/backend.war is missing)
#     --baseline  a previous run's output folder: targets relative to the baseline (1.5x) are judged against it
#     --jfr       the same as --phases profile (kept from the first version of this script)
#   environment: BENCH_DB_HOST=127.0.0.1 BENCH_DB_PORT=3306 BENCH_DB_NAME=backend_bench
#     BENCH_DB_ADMIN="mysql -uroot" (a client command that may create databases and users; MYSQL_PWD works)
#     PORT=9080 (jwt; none on PORT+1) JWKS_PORT=13399 BENCH_CONNECTIONS=32 BENCH_USERS=1000
#     BENCH_SCENARIOS="get-by-id list" (only these scenarios in the rounds; default all six)
#     BENCH_CEILING_SECONDS=5 BENCH_WARMUP_MAX=300 BENCH_JVM_EXTRA= (appended to the image's JVM_ARGS, e.g.
#     -XX:MaxRAM=2g to size the heap as in a 2 GB container; off by default: the image as shipped)
#     BENCH_ENV_EXTRA= (NAME=VALUE words added to the image's environment, e.g. MALLOC_ARENA_MAX=4; off by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

invocation="bench/load.sh $*"
all_phases=(rounds profile list100k curve soak start one-core)
declare -A opt=()
build=false quick=false baseline=''
phases_arg=all
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true ;;
    --build) build=true ;;
    --phases) phases_arg=$2; shift ;;
    --jfr) phases_arg=profile ;;
    --rounds|--duration|--warmup|--fixed-rate|--fixed-seconds|--curve|--soak|--starts|--profile-seconds)
      [[ ${2:-} =~ ^[0-9]+$ ]] || die "$1 needs a whole number"
      opt[${1#--}]=$2; shift ;;
    --baseline) baseline=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
  shift
done
# --quick: short everything, unless an option says otherwise.
if $quick; then q() { echo "${opt[$1]:-$2}"; }; else q() { echo "${opt[$1]:-$3}"; }; fi
rounds=$(q rounds 1 3)
duration=$(q duration 5 20)
warmup=$(q warmup 10 60)
fixed_rate=$(q fixed-rate 2000 2000)
fixed_secs=$(q fixed-seconds 5 30)
curve_secs=$(q curve 30 180)
soak_min=$(q soak 1 10)
starts=$(q starts 1 3)
profile_secs=$(q profile-seconds 5 20)
warmup_max=${BENCH_WARMUP_MAX:-300}
$quick && warmup_max=$warmup
chunk=$(( warmup < 15 ? warmup : 15 ))
[ "$rounds" -ge 1 ] && [ "$duration" -ge 1 ] && [ "$curve_secs" -ge 10 ] || die "rounds >= 1, duration >= 1, curve >= 10"
declare -A want=()
if [ "$phases_arg" = all ]; then for p in "${all_phases[@]}"; do want[$p]=1; done
else
  IFS=, read -r -a list <<< "$phases_arg"
  for p in "${list[@]}"; do
    [[ " ${all_phases[*]} " == *" $p "* ]] || die "unknown phase $p (phases: ${all_phases[*]})"
    want[$p]=1
  done
fi
[ "$soak_min" -gt 0 ] || unset 'want[soak]'
has() { [ -n "${want[$1]:-}" ]; }
# profile and list100k run on the warm instances of the two-core rounds.
if { has profile || has list100k; } && ! has rounds; then want[rounds]=1; rounds_only_for_others=true; else rounds_only_for_others=false; fi
if [ -n "$baseline" ]; then [ -f "$baseline/summary.tsv" ] || die "no summary.tsv in $baseline"; fi

port=${PORT:-9080}
port_none=$((port + 1))
jwks_port=${JWKS_PORT:-13399}
conns=${BENCH_CONNECTIONS:-32}
users=${BENCH_USERS:-1000}
ceiling_secs=${BENCH_CEILING_SECONDS:-5}
$quick && ceiling_secs=${BENCH_CEILING_SECONDS:-2}
db_host=${BENCH_DB_HOST:-127.0.0.1}
db_port=${BENCH_DB_PORT:-3306}
db_name=${BENCH_DB_NAME:-backend_bench}
db_user=$db_name
read -r -a admin <<< "${BENCH_DB_ADMIN:-mysql -uroot}"
mysql_bin=$(command -v mariadb || command -v mysql || true)
slap=$(command -v mariadb-slap || command -v mysqlslap || true)
require_tools wrk hey curl java jcmd jstat jfr python3 taskset setsid flock shuf awk od
[ -n "$mysql_bin" ] && [ -n "$slap" ] || die "a mysql client and mariadb-slap/mysqlslap are needed (Debian: mariadb-client)"
[ "$(nproc)" -ge 2 ] || ! has one-core || die "the one-core phase needs at least 2 CPUs (server on CPU 1, clients on CPU 0)"

if $build || [ ! -x target/liberty/wlp/bin/server ] || [ ! -f target/backend.war ] \
   || [ ! -f target/liberty/wlp/usr/shared/resources/backend-db/backend-db.jar ]; then
  echo "building the server (./mvnw package liberty:create liberty:deploy)..."
  ./mvnw -q -B -DskipTests package liberty:create liberty:deploy
fi
nimbus_version=$(sed -n '/<artifactId>nimbus-jose-jwt</{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}' pom.xml)
nimbus=${MAVEN_REPO:-$HOME/.m2/repository}/com/nimbusds/nimbus-jose-jwt/$nimbus_version/nimbus-jose-jwt-$nimbus_version.jar
# MintToken needs nimbus-jose-jwt, a test dependency: compiling the tests fetches it.
[ -f "$nimbus" ] || ./mvnw -q -B -DskipTests test-compile
[ -f "$nimbus" ] || die "nimbus-jose-jwt $nimbus_version not found in ~/.m2"

# One run at a time per worktree.
mkdir -p target
exec 9> target/bench-load.lock
flock -n 9 || die "bench/load.sh is already running in this worktree"
for p in "$port" "$port_none" "$jwks_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use"; fi
done

# --- how long: printed first, so that whoever starts it knows when it ends
per_round=$(( (ceiling_secs + 2) * 2 + 2 * (4 * (duration + 1) + 2 * (duration + 6) + fixed_secs + 1) ))
rounds_time=$(( 50 + 2 * warmup + rounds * per_round ))
rounds_time_max=$(( 50 + 2 * warmup_max * 4 / 3 + rounds * per_round ))
est_min=0 est_max=0
add_est() { est_min=$((est_min + $1)); est_max=$((est_max + ${2:-$1})); }
add_est 40 # database, tokens, seeding
has rounds && add_est "$rounds_time" "$rounds_time_max"
has profile && add_est $(( 4 * (profile_secs + 12) ))
has list100k && add_est $(( 30 + rounds * (duration + ceiling_secs + 3) ))
has curve && add_est $(( curve_secs + 10 ))
if has soak; then if has curve; then add_est $(( soak_min * 70 + 10 )); else add_est $(( soak_min * 70 + 70 + warmup )); fi; fi
has start && add_est $(( starts * 2 * 25 + 20 ))
has one-core && add_est $(( rounds_time + 40 )) $(( rounds_time_max + 100 ))

out=$PWD/target/bench-load/$(date +%Y%m%d-%H%M%S) # absolute: the server resolves the secrets path from its own folder
mkdir -p "$out"
work=$out/work
mkdir -p "$work"
# tee ignores Ctrl-C: it must outlive the cleanup that the interrupt starts.
exec > >(trap '' INT TERM; exec tee -a "$out/report.txt") 2>&1
: > "$out/commands.txt"

# --- cleanup: servers stopped (in order), load stopped, database CPU affinity restored, database dropped
db_created=false db_pid='' db_mask='' wrk_pid='' jwks_pid='' sampler_pid=''
cleanup() {
  set +e
  trap - INT TERM
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
  local n
  for n in "${!I_entry[@]}"; do stop_instance "$n"; done
  unpin_db
  [ -n "$jwks_pid" ] && kill "$jwks_pid" 2>/dev/null
  if $db_created; then
    "${admin[@]}" -e "DROP DATABASE IF EXISTS \`$db_name\`; DROP USER IF EXISTS '$db_user'@'localhost', '$db_user'@'%'"
  fi
  rm -rf "$work"
  echo "raw output: $out (report.txt, commands.txt, per-phase folders, servers/)"
}
trap cleanup EXIT
trap 'echo "interrupted: cleaning up"; exit 130' INT TERM

echo "$invocation"
echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ); estimated $(( est_min / 60 ))-$(( (est_max + 59) / 60 )) min (phases: $(for p in "${all_phases[@]}"; do has "$p" && printf '%s ' "$p"; done))"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM"
echo "  $(java -version 2>&1 | head -1); wrk $(wrk -v 2>&1 | awk 'NR == 1 {print $2}'); hey $(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo '?')"
echo "  the image's environment (Containerfile ENV): $(containerfile_env Containerfile | tr '\n' ' ')"
[ -n "${BENCH_JVM_EXTRA:-}" ] && echo "  NOT AS SHIPPED: BENCH_JVM_EXTRA=$BENCH_JVM_EXTRA appended to JVM_ARGS"
[ -n "${BENCH_ENV_EXTRA:-}" ] && echo "  NOT AS SHIPPED: BENCH_ENV_EXTRA=$BENCH_ENV_EXTRA added to the environment"
echo "  wrk -t2 -c$conns; ${duration}s per run, $rounds round(s); fixed rate $fixed_rate req/s for ${fixed_secs}s; warm-up >= ${warmup}s (at most ${warmup_max}s)"

# --- database and user; the password goes to the server through the rendered secrets file, to clients through a file
db_password=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
db_created=true
"${admin[@]}" <<SQL
DROP DATABASE IF EXISTS \`$db_name\`;
DROP USER IF EXISTS '$db_user'@'localhost', '$db_user'@'%';
CREATE DATABASE \`$db_name\` CHARACTER SET utf8mb4;
CREATE USER '$db_user'@'localhost' IDENTIFIED BY '$db_password';
CREATE USER '$db_user'@'%' IDENTIFIED BY '$db_password';
GRANT ALL ON \`$db_name\`.* TO '$db_user'@'localhost', '$db_user'@'%';
SQL
cnf=$work/client.cnf
(umask 077; printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\nprotocol=tcp\n' \
  "$db_user" "$db_password" "$db_host" "$db_port" > "$cnf")
sql() { "$mysql_bin" --defaults-extra-file="$cnf" -N -B "$db_name" "$@"; }
echo "  database $(sql -e 'SELECT VERSION()') at $db_host:$db_port"

# The local database's CPU affinity, for the one-core phase (restored on exit).
if [[ $db_host == 127.0.0.1 || $db_host == localhost ]]; then
  db_pid=$(pidof mariadbd 2>/dev/null || pidof mysqld 2>/dev/null || true)
  db_pid=${db_pid%% *}
  [ -n "$db_pid" ] && db_mask=$(taskset -p "$db_pid" 2>/dev/null | awk '{print $NF}')
fi
pin_db() { [ -n "$db_mask" ] && taskset -a -p -c "$1" "$db_pid" >/dev/null 2>&1 || true; }
unpin_db() { [ -n "$db_mask" ] && taskset -a -p "$db_mask" "$db_pid" >/dev/null 2>&1 || true; }

# --- identity provider: a local JWKS and 1,000 tokens with distinct subjects, valid past the end of the run; the
# clients' pool is the first 100 (the profile phase also tries 1 and all 1,000).
start_local_idp "$nimbus" "$work/idp" 1000 $(( est_max * 2 + 7200 ))
tokens_pool=$work/idp/tokens-100.txt tokens_one=$work/idp/tokens-1.txt tokens_all=$work/idp/tokens.txt
head -100 "$tokens_all" > "$tokens_pool"
head -1 "$tokens_all" > "$tokens_one"
[ "$(sort -u "$tokens_pool" | wc -l)" = 100 ] || die "the token pool does not hold 100 distinct tokens"

# --- the image layouts: one per mode, from the same build
for m in jwt none; do image_layout "$work/$m"; I_root[$m]=$work/$m; I_entry[$m]=''; done
echo "  image layout: $work/{jwt,none}/wlp (target/liberty/wlp without its servers; defaultServer from src/main/liberty/config and target/backend.war)"

ids_file=$work/ids.txt
seeded=false max_seeded=0
columns='id, name, email, created_at, updated_at, version'
ensure_seeded() { # seeds through the running jwt instance, once
  $seeded && return 0
  BENCH_TOKEN=$token java bench/Seed.java "http://127.0.0.1:${I_port[jwt]}" "$users" 16 "$ids_file"
  local rows
  rows=$(sql -e 'SELECT COUNT(*) FROM users')
  [ "$rows" = "$users" ] || die "$rows rows in $db_name.users after seeding $users users"
  max_seeded=$(sort -n "$ids_file" | tail -1)
  shuf -r -n 5000 "$ids_file" | sed "s/.*/SELECT $columns FROM users WHERE id = &;/" > "$work/pk.sql"
  # What GET /api/users?offset=0&limit=20 asks the database: the count, then the page.
  printf 'SELECT COUNT(id) FROM users;\nSELECT %s FROM users ORDER BY id LIMIT 20 OFFSET 0;\n' "$columns" > "$work/list-1000.sql"
  cp "$work/list-1000.sql" "$work/list-100000.sql" # a ceiling size per table size
  seeded=true
}

# When no phase has seeded yet (the curve or the start alone): one unmeasured start that migrates the schema and
# seeds, as a deployment's database is migrated and holds data before a new instance starts.
prepare_database() {
  $seeded && return 0
  echo "  (an unmeasured start first, to migrate the schema and seed the users)"
  start_instance jwt "" fresh
  ensure_seeded
  stop_instance jwt
}

# start_instance NAME [CPUS] [fresh]: launch, wait for readiness, check that it is the shipped configuration.
checked_config=false
start_instance() {
  local name=$1 cpus=${2:-} fresh=${3:-}
  [ -n "$fresh" ] && fresh_server_dir "${I_root[$name]}"
  local p=$port; [ "$name" = none ] && p=$port_none
  launch "$name" "$name" "$p" "$cpus"
  wait_ready "$name"
  echo "  $name: ready $(f2 "$(awk -v ms="${I_ready[$name]}" 'BEGIN {print ms / 1000}')") s after launch on port $p${cpus:+, CPUs $cpus}; JVM pid ${I_java[$name]}: $(jvm_sizing "$name")"
  $checked_config || check_shipped_config "$name"
}

# Once per run: what the benchmark claims to measure is what runs.
check_shipped_config() {
  local name=$1 server=${I_root[$1]}/wlp/usr/servers/defaultServer status metrics
  if grep -v -e '^#' -e '^otel\.' -e '^$' "$server/bootstrap.properties" | grep -q .; then
    die "$server/bootstrap.properties holds more than the entrypoint's telemetry block"
  fi
  grep -q '^keystore_password=' "$server/server.env" || die "the entrypoint wrote no keystore password"
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${I_port[$name]}/api/users")
  case ${I_mode[$name]} in
    jwt) [ "$status" = 401 ] || die "GET /api/users without a token answered $status on $name, not 401" ;;
    none) [ "$status" = 200 ] || die "GET /api/users answered $status on $name (AUTH_MODE=none), not 200" ;;
  esac
  metrics=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${I_port[$name]}/metrics")
  [ "$metrics" != 404 ] || die "/metrics answered 404: metrics are not on"
  grep -q '^{' "${I_log[$name]}" || die "the console is not JSON (LOG_FORMAT leaked?)"
  [ -f "$server/logs/http_access.log" ] || die "no access log in $server/logs"
  echo "  checked: bootstrap.properties = the entrypoint's telemetry block only; keystore password from the entrypoint; JSON console; access log; /metrics present ($metrics without a token); $name answers /api/users without a token with $status"
  [ "${I_mode[$name]}" = jwt ] && checked_config=true
  return 0
}

# ---------------------------------------------------------------------------------------------------------------
# Results: R[phase:metric:scenario:mode:round]
# ---------------------------------------------------------------------------------------------------------------
declare -A R title
scenarios=(get-by-id fixed list health post post-keyed)
# BENCH_SCENARIOS (space-separated) narrows the rounds to some scenarios, for a quick comparison of two builds; the
# summary then judges only what ran.
if [ -n "${BENCH_SCENARIOS:-}" ]; then read -r -a scenarios <<< "$BENCH_SCENARIOS"; fi
title=([get-by-id]='GET /api/users/{id}' [fixed]="GET by id at $fixed_rate req/s (hey)" [list]='GET /api/users?limit=20'
       [health]='GET /api/health/ready' [post]='POST /api/users' [post-keyed]='POST /api/users + Idempotency-Key')
metrics=(rps p50 p99 non2xx sockerr cores per_cpu rss_max cpu_s requests other_cpu_s)
store() { local m; for m in "${metrics[@]}"; do R[$1:$m:$2:$3:$4]=${!m}; done; }
med() { local v=() r; for r in $(seq 1 "$rounds"); do [ -n "${R[$1:$2:$3:$4:$r]:-}" ] && v+=("${R[$1:$2:$3:$4:$r]}"); done; median "${v[@]}"; }
sum() { local t=0 r; for r in $(seq 1 "$rounds"); do t=$(( t + ${R[$1:$2:$3:$4:$r]:-0} )); done; echo "$t"; }
maxof() { local t=0 r; for r in $(seq 1 "$rounds"); do [ "${R[$1:$2:$3:$4:$r]:-0}" -gt "$t" ] && t=${R[$1:$2:$3:$4:$r]}; done; echo "$t"; }
declare -A S # summary figures, written to summary.tsv
put() { S[$1]=$2; }
rss_all_max=0 # the highest RSS sample of any jwt run, two cores (target 6: under the full benchmark)

line_for() { # scenario mode ceiling
  local extra=''
  [ -n "${other_cpu_s:-}" ] && [ "$other_cpu_s" != 0.00 ] && extra="  (idle instance used $other_cpu_s CPU-s)"
  printf '  %-36s %-4s %6s req/s %5s%% of ceiling  p50 %7s ms  p99 %7s ms  non-2xx %s  socket errors %s  %s cores  %5s req/CPU-s  RSS max %s MB%s\n' \
    "${title[$1]}" "$2" "$rps" "$(pct "$rps" "$3")" "$p50" "$p99" "$non2xx" "$sockerr" "$cores" "$per_cpu" "$(mb "$rss_max")" "$extra"
}

# Warm-up: mixed load in chunks on each instance in turn, at least --warmup seconds each and until three chunks in a
# row are within 10% of each other (at most BENCH_WARMUP_MAX s). On 2 cores C2 kept one core busy for the first
# ~2.5 minutes of load, and after a fixed 60 s the first round still ran at a third of the later rounds' rate.
warm_up() { # dir names...
  local dir=$1; shift
  local n secs=0 done_all stable
  declare -A rates=()
  while :; do
    for n in "$@"; do
      run_wrk "$dir/warmup-$n-$((secs / chunk + 1)).txt" "$n" mixed "$chunk" "$(tokens_for "$n")"
      drop_extra_rows
      rates[$n]="${rates[$n]:-} $rps"
    done
    secs=$((secs + chunk))
    done_all=true
    for n in "$@"; do
      # shellcheck disable=SC2086
      stable=$(printf '%s\n' ${rates[$n]} | tail -3 | sort -g | awk 'NR == 1 {lo = $1} {hi = $1; k++} END {print (k == 3 && hi <= 1.1 * lo) ? 1 : 0}')
      [ "$secs" -ge "$warmup" ] && [ "$stable" = 1 ] || done_all=false
    done
    $done_all && break
    [ "$secs" -lt "$warmup_max" ] || { echo "  (warm-up: no stable rate after ${secs}s)"; break; }
  done
  for n in "$@"; do echo "  warm-up $n: ${secs}s of mixed load in ${chunk} s chunks:${rates[$n]} req/s"; done
}
tokens_for() { if [ "${I_mode[$1]}" = jwt ]; then echo "$tokens_pool"; else echo -; fi; }

# ---------------------------------------------------------------------------------------------------------------
# Phase: rounds (two cores, or one core)
# ---------------------------------------------------------------------------------------------------------------
rounds_phase() { # label server_cpus client_cpus
  local label=$1 server_cpus=$2 dir=$out/$1 r s m c lc order
  client_cpus=$3
  mkdir -p "$dir"
  echo
  echo "== $label: AUTH_MODE=jwt and none, two instances of the same build, load alternating between them${server_cpus:+ (servers on CPU $server_cpus, wrk and the database on CPU $client_cpus)}"
  start_instance jwt "$server_cpus" fresh
  ensure_seeded
  start_instance none "$server_cpus" fresh
  [ -n "$client_cpus" ] && pin_db "$client_cpus"
  warm_up "$dir" jwt none
  local ceilings=() list_ceilings=() nrounds=$rounds
  $rounds_only_for_others && [ "$label" = two-core ] && nrounds=0
  [ "$nrounds" -gt 0 ] || return 0
  for r in $(seq 1 "$nrounds"); do
    if [ $((r % 2)) = 1 ]; then order=(jwt none); else order=(none jwt); fi
    echo "round $r/$rounds (modes in the order ${order[*]})"
    unpin_db # the ceiling is the database's own, on the whole machine, in every phase
    c=$(ceiling "$work/pk.sql" 1); ceilings+=("$c")
    lc=$(ceiling "$work/list-1000.sql" 2); list_ceilings+=("$lc")
    [ -n "$client_cpus" ] && pin_db "$client_cpus"
    printf '  %-36s %11s qps   (primary-key select, %d clients); the list'"'"'s two queries: %s/s\n' 'DB ceiling' "$c" "$conns" "$lc"
    R[$label:ceiling:pk::$r]=$c R[$label:ceiling:list::$r]=$lc
    for s in "${scenarios[@]}"; do
      for m in "${order[@]}"; do
        if [ "$s" = fixed ]; then
          run_hey "$dir/$s-$m-$r.txt" "$m" "$fixed_secs" "$fixed_rate"
        else
          local tok; tok=$(tokens_for "$m"); [ "$s" = health ] && tok=-
          run_wrk "$dir/$s-$m-$r.txt" "$m" "$s" "$duration" "$tok"
        fi
        store "$label" "$s" "$m" "$r"
        line_for "$s" "$m" "$c"
        if [ "$label" = two-core ] && [ "$m" = jwt ] && [ "$rss_max" -gt "$rss_all_max" ]; then rss_all_max=$rss_max; fi
        case $s in post*) drop_extra_rows ;; *) sleep 1 ;; esac
      done
    done
  done
  R[$label:ceiling_median]=$(median "${ceilings[@]}")
  R[$label:list_ceiling_median]=$(median "${list_ceilings[@]}")
  print_medians "$label"
}

print_medians() { # label
  local label=$1 s m cm lcm v
  cm=${R[$label:ceiling_median]} lcm=${R[$label:list_ceiling_median]}
  echo
  echo "$label: medians of $rounds round(s) (raw: $out/$label/)"
  printf '  %-36s %-4s %7s %8s %8s %8s %7s %6s %9s %8s\n' scenario mode 'req/s' 'ceiling' 'p50 ms' 'p99 ms' 'non-2xx' cores 'req/CPU-s' 'RSS max'
  for s in "${scenarios[@]}"; do
    for m in jwt none; do
      v=$(med "$label" rps "$s" "$m")
      local share; share="$(pct "$v" "$cm")%"
      [ "$s" = list ] && share="$share/$(pct "$v" "$lcm")%"
      printf '  %-36s %-4s %7.0f %8s %8s %8s %7s %6s %9.0f %5s MB\n' "${title[$s]}" "$m" "$v" "$share" \
        "$(f2 "$(med "$label" p50 "$s" "$m")")" "$(f2 "$(med "$label" p99 "$s" "$m")")" \
        "$(( $(sum "$label" non2xx "$s" "$m") + $(sum "$label" sockerr "$s" "$m") ))" \
        "$(f2 "$(med "$label" cores "$s" "$m")")" "$(med "$label" per_cpu "$s" "$m")" "$(mb "$(maxof "$label" rss_max "$s" "$m")")"
      put "$label.rps.$s.$m" "$(f0 "$v")"
      put "$label.p50.$s.$m" "$(f2 "$(med "$label" p50 "$s" "$m")")"
      put "$label.p99.$s.$m" "$(f2 "$(med "$label" p99 "$s" "$m")")"
      put "$label.per_cpu.$s.$m" "$(f0 "$(med "$label" per_cpu "$s" "$m")")"
      put "$label.cores.$s.$m" "$(f2 "$(med "$label" cores "$s" "$m")")"
      put "$label.ceiling_pct.$s.$m" "$(pct "$v" "$cm")"
      put "$label.non2xx.$s.$m" "$(( $(sum "$label" non2xx "$s" "$m") + $(sum "$label" sockerr "$s" "$m") ))"
      put "$label.rss_max_mb.$s.$m" "$(mb "$(maxof "$label" rss_max "$s" "$m")")"
    done
    local extra; extra=$(awk -v j="${S[$label.per_cpu.$s.jwt]}" -v n="${S[$label.per_cpu.$s.none]}" 'BEGIN {if (j > 0) printf "%+.0f", 100 * (n / j - 1)}')
    put "$label.jwt_cpu_extra_pct.$s" "$extra"
    printf '  %-36s CPU per request, jwt against none: %s%%\n' '' "$extra"
  done
  printf '  ceiling: median %s qps (primary-key select), %s/s (the list'"'"'s two queries); "ceiling" column = req/s as a share of it (list: of both)\n' "$cm" "$lcm"
  put "$label.ceiling" "$cm"
  printf '  fixed rate: achieved %s req/s (jwt) and %s req/s (none) of %s asked\n' \
    "$(f0 "$(med "$label" rps fixed jwt)")" "$(f0 "$(med "$label" rps fixed none)")" "$fixed_rate"
}

# ---------------------------------------------------------------------------------------------------------------
# Phase: profile (two-core instances, warm)
# ---------------------------------------------------------------------------------------------------------------
profile_phase() {
  local dir=$out/profile run name tokens rec label
  mkdir -p "$dir"
  echo
  echo "== profile: GET /api/users/{id} under JFR (settings=profile), ${profile_secs}s each, on the warm instances"
  # The 1,000-token run last: it churns Liberty's 500-entry token cache.
  for run in jwt:100:"$tokens_pool" none:0:- jwt:1:"$tokens_one" jwt:1000:"$tokens_all"; do
    IFS=: read -r name label tokens <<< "$run"
    rec=$dir/get-by-id-$name${label/#0/}.jfr
    [ "$name" = none ] && rec=$dir/get-by-id-none.jfr
    echo "jcmd <pid> JFR.start name=bench settings=profile filename=$rec; wrk ...; jcmd <pid> JFR.stop name=bench; java bench/JfrTop.java $rec 15 <requests>" >> "$out/commands.txt"
    jcmd "${I_java[$name]}" JFR.start name=bench settings=profile filename="$rec" >/dev/null
    run_wrk "${rec%.jfr}.txt" "$name" get-by-id "$profile_secs" "$tokens"
    jcmd "${I_java[$name]}" JFR.stop name=bench >/dev/null
    java bench/JfrTop.java "$rec" 15 "$requests" > "${rec%.jfr}.top.txt"
    local who="$name"; [ "$name" = jwt ] && who="jwt, $label token(s)"
    echo "-- $who: $rps req/s, p99 $p99 ms, $cores cores, $per_cpu req/CPU-s, $non2xx non-2xx ($(basename "${rec%.jfr}").top.txt)"
    sed -n '/^by layer/,/^token work/p' "${rec%.jfr}.top.txt" | sed '$d' | head -12
    sed -n '/^token work/,$p' "${rec%.jfr}.top.txt"
    [ "$name" = jwt ] && put "profile.per_cpu.jwt$label" "$per_cpu"
    [ "$name" = none ] && put "profile.per_cpu.none" "$per_cpu"
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Phase: list at 100k rows (jwt), then the rows go
# ---------------------------------------------------------------------------------------------------------------
list100k_phase() {
  local dir=$out/list100k r lc rows need v=() cs=()
  mkdir -p "$dir"
  local digits='(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)'
  need=$(( 100000 - $(sql -e 'SELECT COUNT(*) FROM users') ))
  sql -e "INSERT INTO users (name, email, created_at, updated_at, version)
          SELECT 'Bulk', CONCAT('bulk-', n, '@example.com'), t, t, 0
          FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n, UNIX_TIMESTAMP() * 1000 AS t
                FROM $digits a, $digits b, $digits c, $digits e, $digits f) s
          LIMIT $need"
  rows=$(sql -e 'SELECT COUNT(*) FROM users')
  echo
  echo "== list at $rows rows (jwt), $rounds round(s): the database's list ceiling, then the API"
  for r in $(seq 1 "$rounds"); do
    lc=$(ceiling "$work/list-100000.sql" 2); cs+=("$lc")
    run_wrk "$dir/list-100k-$r.txt" jwt list "$duration" "$tokens_pool"
    v+=("$rps")
    printf '  round %d: DB list ceiling %5s/s; API %5s req/s = %5s%% of it; p50 %s ms, p99 %s ms, non-2xx %s, %s req/CPU-s\n' \
      "$r" "$lc" "$rps" "$(pct "$rps" "$lc")" "$p50" "$p99" "$non2xx" "$per_cpu"
  done
  printf '  median: %s req/s = %s%% of the list ceiling at %s rows (1k rows: %s req/s)\n' "$(median "${v[@]}")" \
    "$(pct "$(median "${v[@]}")" "$(median "${cs[@]}")")" "$rows" "${S[two-core.rps.list.jwt]:-?}"
  put list100k.rps "$(f0 "$(median "${v[@]}")")"
  drop_extra_rows
}

# ---------------------------------------------------------------------------------------------------------------
# Phase: launch curve (target 1); the instance stays up for the soak
# ---------------------------------------------------------------------------------------------------------------
curve_phase() {
  local dir=$out/curve name=jwt t0 ready_s wrk_secs nwin=$(( (curve_secs + 60) / 5 )) last_win
  mkdir -p "$dir"
  prepare_database
  echo
  echo "== launch curve: a new container's first start (fresh server directory), AUTH_MODE=jwt, GET by id with wrk -t2 -c$conns and the 100-token pool from the first 200 of readiness (polled every 50 ms), ${curve_secs}s from launch"
  fresh_server_dir "${I_root[$name]}"
  launch "$name" jwt "$port" ""
  t0=${I_t0[$name]}
  # Server CPU and RSS at every 5 s boundary from launch.
  ( for k in $(seq 1 "$nwin"); do
      sleep "$(awk -v d="$(( t0 + k * 5000 - $(now_ms) ))" 'BEGIN {print (d > 0 ? d / 1000 : 0)}')"
      j=$(java_under "${I_entry[$name]}" || true)
      if [ -n "$j" ]; then echo "$k $(cpu_ticks "$j") $(status_kb "$j" VmRSS)"; else echo "$k 0 0"; fi
    done ) > "$dir/samples.txt" &
  sampler_pid=$!
  wait_ready "$name"
  ready_s=$(awk -v ms="${I_ready[$name]}" 'BEGIN {printf "%.2f", ms / 1000}')
  local ready_ticks; ready_ticks=$(cpu_ticks "${I_java[$name]}")
  wrk_secs=$(( curve_secs - ${I_ready[$name]} / 1000 ))
  [ "$wrk_secs" -ge 5 ] || wrk_secs=5
  run_wrk "$dir/curve.txt" "$name" get-by-id "$wrk_secs" "$tokens_pool" "$t0" 5000
  local load_end_ms=$(( $(now_ms) - t0 )) load_start_ms=${I_ready[$name]}
  last_win=$(( (load_end_ms + 4999) / 5000 ))
  # The sampler's boundary at the end of the last window may still be ahead.
  while [ "$(wc -l < "$dir/samples.txt")" -lt "$last_win" ] && kill -0 "$sampler_pid" 2>/dev/null; do sleep 0.2; done
  kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  echo "  ready $ready_s s after launch (JVM CPU to ready: $(ticks_to_s "$ready_ticks") s); $(jvm_sizing "$name")"
  local steady steady_from
  if [ -n "${S[two-core.rps.get-by-id.jwt]:-}" ]; then
    steady=${S[two-core.rps.get-by-id.jwt]}; steady_from="median of the two-core rounds (GET by id, jwt)"
  else
    # The last 30 s of windows the load covered whole (none if the curve is too short).
    steady=$(awk -v a="$load_start_ms" -v b="$load_end_ms" '$1 == "WINDOW" && $2 * 5000 >= a && ($2 + 1) * 5000 <= b {print $3 / 5}' \
               "$dir/curve.txt" | tail -6 | sort -g | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}')
    steady_from="NO ROUNDS IN THIS RUN: median of the curve's own last 30 s of full windows, a stand-in"
    steady=${steady:-0}
    put curve.steady_from curve
  fi
  echo "  steady state: $steady req/s ($steady_from); 90% = $(f0 "$(awk -v s="$steady" 'BEGIN {print 0.9 * s}')") req/s"
  printf '  %-12s %8s %8s %10s %8s\n' 'window (s)' 'req/s' non-2xx 'CPU cores' 'RSS MB'
  local t90='' prev_ticks=0
  while read -r k ticks rss; do
    local w=$((k - 1)) n e rate
    n=$(awk -v w="$w" '$1 == "WINDOW" && $2 == w {print $3}' "$dir/curve.txt"); n=${n:-0}
    e=$(awk -v w="$w" '$1 == "WINDOW" && $2 == w {print $4}' "$dir/curve.txt"); e=${e:-0}
    rate=$(awk -v n="$n" 'BEGIN {printf "%.0f", n / 5}')
    # A window the load covered only in part: the one in which it started (readiness) or ended. The last one is
    # not used for the 90% test: its rate counts the seconds without load.
    local note='' tail_partial=false
    if [ $((w * 5000)) -lt "$load_start_ms" ] && [ $((k * 5000)) -gt "$load_start_ms" ]; then
      note="  (load from $(awk -v ms="$load_start_ms" 'BEGIN {printf "%.1f", ms / 1000}') s)"
    fi
    if [ $((k * 5000)) -gt "$load_end_ms" ]; then
      note="$note  (load until $(awk -v ms="$load_end_ms" 'BEGIN {printf "%.1f", ms / 1000}') s: partial)"; tail_partial=true
    fi
    printf '  %5d-%-6d %8s %8s %10s %8s%s\n' $((w * 5)) $((k * 5)) "$rate" "$e" \
      "$(awk -v t=$((ticks - prev_ticks)) -v hz="$clk_tck" 'BEGIN {printf "%.2f", t / hz / 5}')" "$(mb "$rss")" "$note"
    prev_ticks=$ticks
    if [ -z "$t90" ] && ! $tail_partial && [ "$n" -gt 0 ] && [ "${steady%.*}" -gt 0 ] && awk -v r="$rate" -v s="$steady" 'BEGIN {exit !(r >= 0.9 * s)}'; then t90=$((k * 5)); fi
  done < <(head -n "$last_win" "$dir/samples.txt")
  local total_cpu; total_cpu=$(ticks_to_s "$(head -n "$last_win" "$dir/samples.txt" | tail -1 | awk '{print $2}')")
  if [ -n "$t90" ]; then
    echo "  first 5 s window at >= 90% of steady: ends ${t90} s after launch; within 45 s: $(mark "$t90" '<=' 45)"
  else
    echo "  no 5 s window reached 90% of steady within ${curve_secs} s (NOT met)"; t90=">$curve_secs"
  fi
  echo "  server CPU: $total_cpu s over the first $((last_win * 5)) s from launch; non-2xx $non2xx, socket errors $sockerr"
  put curve.ready_s "$ready_s"; put curve.t90_s "$t90"; put curve.steady "$steady"; put curve.cpu_s "$total_cpu"
}

# ---------------------------------------------------------------------------------------------------------------
# Phase: soak (target 6)
# ---------------------------------------------------------------------------------------------------------------
heap_after_gc_kb() { # pid: used heap after a full collection (jcmd GC.run, then jstat -gc: S0U+S1U+EU+OU)
  jcmd "$1" GC.run >/dev/null
  sleep 1
  jstat -gc "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i} NR == 2 {printf "%.0f", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]}'
}
soak_phase() {
  local dir=$out/soak name=jwt secs=$((soak_min * 60)) start heap0 heap1 k=0 chunk_rates=() bad=0
  mkdir -p "$dir"
  echo
  echo "== soak: ${soak_min} min of mixed load (GET by id, list, POST, POST with key, readiness; 100-token pool) on AUTH_MODE=jwt, RSS every 10 s"
  if [ -z "${I_entry[$name]}" ]; then
    start_instance "$name" "" fresh
    ensure_seeded
    warm_up "$dir" "$name"
  fi
  local jpid=${I_java[$name]}
  echo "jcmd <pid> GC.run; jstat -gc <pid> (S0U+S1U+EU+OU); the RSS: VmRSS of /proc/<pid>/status every 10 s" >> "$out/commands.txt"
  heap0=$(heap_after_gc_kb "$jpid")
  jcmd "$jpid" GC.heap_info > "$dir/heap-start.txt" 2>&1
  start=$(now_ms)
  ( while kill -0 "$jpid" 2>/dev/null; do
      echo "$(( ($(now_ms) - start) / 1000 )) $(status_kb "$jpid" VmRSS)"
      sleep 10
    done ) > "$dir/rss.txt" &
  sampler_pid=$!
  while [ $(( ($(now_ms) - start) / 1000 )) -lt "$secs" ]; do
    local left=$(( secs - ($(now_ms) - start) / 1000 ))
    k=$((k + 1))
    run_wrk "$dir/soak-$k.txt" "$name" mixed $(( left < 60 ? (left < 5 ? 5 : left) : 60 )) "$tokens_pool"
    chunk_rates+=("$rps"); bad=$((bad + non2xx + sockerr))
    settle_secs=0 drop_extra_rows
  done
  kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  heap1=$(heap_after_gc_kb "$jpid")
  jcmd "$jpid" GC.heap_info > "$dir/heap-end.txt" 2>&1
  local span=$(( secs >= 180 ? 60 : secs / 3 ))
  read -r first last maxr samples < <(awk -v span="$span" -v end="$secs" '
    {n++; if ($2 > mx) mx = $2}
    $1 < span {fs += $2; fn++}
    $1 >= end - span {ls += $2; ln++}
    END {printf "%.0f %.0f %.0f %d\n", (fn ? fs / fn : 0), (ln ? ls / ln : 0), mx, n}' "$dir/rss.txt")
  local growth; growth=$(awk -v a="$first" -v b="$last" 'BEGIN {printf "%+.1f", (a > 0 ? 100 * (b - a) / a : 0)}')
  echo "  mixed load, req/s per chunk: ${chunk_rates[*]}; non-2xx and socket errors: $bad"
  echo "  RSS ($samples samples): first ${span} s mean $(mb "$first") MB, last ${span} s mean $(mb "$last") MB (growth $growth%), max $(mb "$maxr") MB"
  echo "  heap after a full GC: $(mb "$heap0") MB at the start, $(mb "$heap1") MB at the end (GC.heap_info: $dir/heap-*.txt)"
  put soak.rss_max_mb "$(mb "$maxr")"; put soak.growth_pct "$growth"; put soak.rss_first_mb "$(mb "$first")"; put soak.rss_last_mb "$(mb "$last")"
  put soak.heap_start_mb "$(mb "$heap0")"; put soak.heap_end_mb "$(mb "$heap1")"; put soak.minutes "$soak_min"
}

# ---------------------------------------------------------------------------------------------------------------
# Phase: start (target 5)
# ---------------------------------------------------------------------------------------------------------------
start_phase() {
  local dir=$out/start name=jwt i kind firsts=() warms=()
  mkdir -p "$dir"
  echo
  echo "== start: launch (entrypoint) to /api/health/ready = 200 (polled every 50 ms), AUTH_MODE=jwt, MySQL; a new container's first start (fresh server directory, no workarea), then the warm second start of the same directory; $starts time(s)"
  echo "launch = vault-agent/entrypoint.sh with the image's environment (see report header); ready = first 200 of GET /api/health/ready over /dev/tcp every 50 ms" >> "$out/commands.txt"
  prepare_database
  for i in $(seq 1 "$starts"); do
    for kind in first warm; do
      [ "$kind" = first ] && fresh_server_dir "${I_root[$name]}"
      launch "$name" jwt "$port" ""
      wait_ready "$name"
      local s cpu rss
      s=$(awk -v ms="${I_ready[$name]}" 'BEGIN {printf "%.2f", ms / 1000}')
      cpu=$(ticks_to_s "$(cpu_ticks "${I_java[$name]}")"); rss=$(status_kb "${I_java[$name]}" VmRSS)
      echo "  $i $kind: ready in $s s (JVM CPU $cpu s, RSS $(mb "$rss") MB)" | tee -a "$dir/starts.txt"
      if [ "$kind" = first ]; then firsts+=("$s"); else warms+=("$s"); fi
      stop_instance "$name"
      sleep 2
    done
  done
  echo "  median: first start $(median "${firsts[@]}") s, warm start $(median "${warms[@]}") s"
  put start.first_s "$(median "${firsts[@]}")"; put start.warm_s "$(median "${warms[@]}")"
}

# ---------------------------------------------------------------------------------------------------------------
# Run the phases
# ---------------------------------------------------------------------------------------------------------------
if has rounds; then
  $rounds_only_for_others && echo "(no rounds: the two instances are only warmed up for the profile or the 100k list)"
  rounds_phase two-core "" ""
  has profile && profile_phase
  has list100k && list100k_phase
  stop_instance jwt; stop_instance none
fi
if has curve; then curve_phase; fi
if has soak; then soak_phase; fi
stop_instance jwt
if has start; then start_phase; fi
if has one-core; then
  rounds_phase one-core 1 0
  client_cpus=
  unpin_db
  stop_instance jwt; stop_instance none
fi
put rss_all_max_mb "$(mb "$rss_all_max")"

# ---------------------------------------------------------------------------------------------------------------
# Summary: each target of issue 13, its measured value, met or not
# ---------------------------------------------------------------------------------------------------------------
for k in "${!S[@]}"; do printf '%s\t%s\n' "$k" "${S[$k]}"; done | sort > "$out/summary.tsv"
base() { [ -n "$baseline" ] && awk -F'\t' -v k="$1" '$1 == k {print $2}' "$baseline/summary.tsv"; }
row() { printf '  %-58s %-26s %-22s %-9s %s\n' "$@"; }
g() { echo "${S[$1]:-}"; }
echo
echo "== Summary: issue 13's targets (two cores, AUTH_MODE=jwt unless stated, medians of alternating rounds)"
row target measured threshold verdict from
if has rounds && ! $rounds_only_for_others; then
  row "2. GET by id: requests per server CPU-second" "$(g two-core.per_cpu.get-by-id.jwt) ($(g two-core.cores.get-by-id.jwt) cores)" ">= 4500" \
    "$(mark "$(g two-core.per_cpu.get-by-id.jwt)" '>=' 4500)" "[wrk]+[cpu]"
  for s in post list; do
    b=$(base "two-core.per_cpu.$s.jwt" || true)
    if [ -n "$b" ]; then
      row "2. ${title[$s]}: requests per CPU-second" "$(g "two-core.per_cpu.$s.jwt")" ">= 1.5 x $b = $(f0 "$(awk -v b="$b" 'BEGIN {print 1.5 * b}')")" \
        "$(mark "$(g "two-core.per_cpu.$s.jwt")" '>=' "$(awk -v b="$b" 'BEGIN {print 1.5 * b}')")" "[wrk]+[cpu]"
    else
      row "2. ${title[$s]}: requests per CPU-second" "$(g "two-core.per_cpu.$s.jwt")" ">= 1.5 x baseline" "baseline" "[wrk]+[cpu]; later: >= $(f0 "$(awk -v b="$(g "two-core.per_cpu.$s.jwt")" 'BEGIN {print 1.5 * b}')")"
    fi
  done
  row "3. jwt CPU per request over none, GET by id (100 tokens)" "$(g two-core.jwt_cpu_extra_pct.get-by-id)%" "<= +10%" \
    "$(mark "$(g two-core.jwt_cpu_extra_pct.get-by-id)" '<=' 10)" "[wrk]+[cpu], both modes"
  row "   (list / POST: jwt CPU per request over none)" "$(g two-core.jwt_cpu_extra_pct.list)% / $(g two-core.jwt_cpu_extra_pct.post)%" "" "info" ""
  row "4. p99 at a fixed $fixed_rate req/s, GET by id (warm)" "$(g two-core.p99.fixed.jwt) ms at $(g two-core.rps.fixed.jwt) req/s" "<= 20 ms" \
    "$(mark "$(g two-core.p99.fixed.jwt)" '<=' 20)$(awk -v a="$(g two-core.rps.fixed.jwt)" -v q="$fixed_rate" 'BEGIN {if (a < 0.95 * q) printf " (rate NOT reached)"}')" "[hey]"
  row "6. RSS max under the benchmark (every jwt run, two cores)" "$(g rss_all_max_mb) MB" "<= 384 MB" "$(mark "$(g rss_all_max_mb)" '<=' 384)" "[rss]"
  row "   GET by id (closed loop): req/s, p50, p99" "$(g two-core.rps.get-by-id.jwt), $(g two-core.p50.get-by-id.jwt) ms, $(g two-core.p99.get-by-id.jwt) ms" "" "info" "[wrk]"
  row "   ... AUTH_MODE=none" "$(g two-core.rps.get-by-id.none), $(g two-core.per_cpu.get-by-id.none) req/CPU-s, p99 $(g two-core.p99.get-by-id.none) ms" "" "info" "[wrk]"
fi
if has curve; then
  t90_verdict="NOT met"; [[ $(g curve.t90_s) == '>'* ]] || t90_verdict=$(mark "$(g curve.t90_s)" '<=' 45)
  [ "$(g curve.steady_from)" = curve ] && t90_verdict="$t90_verdict (no rounds: steady from the curve itself)"
  row "1. launch to 90% of steady (5 s windows); ready at" "$(g curve.t90_s) s; ready $(g curve.ready_s) s" "<= 45 s" "$t90_verdict" "[curve]"
fi
if has start; then
  row "5. start, warm (median of $starts)" "$(g start.warm_s) s" "<= 5 s" "$(mark "$(g start.warm_s)" '<=' 5)" "[start]"
  row "5. start, first after a fresh server directory (median of $starts)" "$(g start.first_s) s" "<= 8 s" "$(mark "$(g start.first_s)" '<=' 8)" "[start]"
fi
if has soak; then
  row "6. soak ${soak_min} min: RSS max; growth first/last minute" "$(g soak.rss_max_mb) MB; $(g soak.growth_pct)%" "<= 384 MB; < 5%" \
    "$(mark "$(g soak.rss_max_mb)" '<=' 384)/$(mark "$(g soak.growth_pct | tr -d '+')" '<=' 5)" "[soak]"
  row "   heap after full GC, start -> end of soak" "$(g soak.heap_start_mb) -> $(g soak.heap_end_mb) MB" "" "info" "[soak]"
fi
if has one-core; then
  row "one core (not a target): GET by id req/s, req/CPU-s, p99" "$(g one-core.rps.get-by-id.jwt), $(g one-core.per_cpu.get-by-id.jwt), $(g one-core.p99.get-by-id.jwt) ms" "" "info" "[wrk], taskset"
  row "   ... none; jwt CPU per request over none" "$(g one-core.rps.get-by-id.none), $(g one-core.per_cpu.get-by-id.none), $(g one-core.p99.get-by-id.none) ms; $(g one-core.jwt_cpu_extra_pct.get-by-id)%" "" "info" "[wrk]"
  row "   fixed $fixed_rate req/s on one core: achieved, p99" "$(g one-core.rps.fixed.jwt) req/s, $(g one-core.p99.fixed.jwt) ms" "" "info" "[hey]"
fi
row "Node.js reference (issue 13, one core, no auth, GET by id)" "4,200-4,900 req/s; ~4,500 req/CPU-s; p99 19-23 ms; ready 0.3 s; full speed < 1 s; 160 MB RSS" "" "" ""
echo
echo "How each figure was produced (raw output and each run's exact command: first line of every file under $out/):"
echo "  [wrk]   wrk -t2 -c$conns -d${duration}s --timeout 5s --latency -s bench/load.lua http://127.0.0.1:<port> -- <scenario> ids.txt <tokens-100.txt|->  ($out/two-core/<scenario>-<mode>-<round>.txt)"
echo "  [cpu]   utime+stime of the server JVM (/proc/<pid>/stat) over the run, divided into the run's requests; cores = CPU-s / wall s"
echo "  [hey]   hey -z ${fixed_secs}s -c $conns -q $(awk -v q="$fixed_rate" -v c="$conns" 'BEGIN {printf "%g", q / c}') -t 5 -H 'Authorization: Bearer <token 1>' http://127.0.0.1:<port>/api/users/<id>  ($out/two-core/fixed-*.txt)"
echo "  [rss]   VmRSS of /proc/<pid>/status every 0.5 s during each run"
echo "  [curve] launch as [start], then wrk as [wrk] for the rest of ${curve_secs}s with: -- get-by-id ids.txt tokens-100.txt <launch ms> 5000 (WINDOW lines: $out/curve/curve.txt)"
echo "  [start] setsid env -i <Containerfile ENV, deployment settings> bash vault-agent/entrypoint.sh; ready = first 200 of /api/health/ready, polled every 50 ms  ($out/start/)"
echo "  [soak]  wrk mixed in 60 s chunks as [wrk]; RSS every 10 s; jcmd GC.run + jstat -gc at start and end  ($out/soak/)"
echo "  database ceilings: $out/commands.txt"
echo "finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
