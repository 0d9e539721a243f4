#!/usr/bin/env bash
# Load benchmark (issue 7): the packaged server (defaultServer) on MySQL/MariaDB with AUTH_MODE=jwt under wrk,
# 32 connections, per scenario: GET /api/users/{random id}, GET /api/users?offset=0&limit=20, POST /api/users,
# GET /api/health/ready, and POST /api/users with an Idempotency-Key (what the key costs). Each figure is stated against the database's own ceiling for the same primary-key select
# (mariadb-slap, 32 clients), measured in the same run, rounds alternating, medians reported: absolute figures
# depend on the machine. Then the list at 1k and 100k rows. Informational targets; never fails on them.
# Not a test: run by hand. Needs wrk, curl, python3 (serves the JWKS), a mysql client and mariadb-slap or
# mysqlslap, and a MySQL/MariaDB server it can administer (creates and drops database and user backend_bench).
#   usage: bench/load.sh [--build] [--rounds N=3] [--duration S=20] [--warmup S=60 at least] [--jfr]
#     --build     rebuild the server first (otherwise only if target/liberty is missing)
#     --jfr       instead of the rounds: one GET-by-id run under a JFR recording, then its hottest methods
#   environment: BENCH_DB_HOST=127.0.0.1 BENCH_DB_PORT=3306 BENCH_DB_NAME=backend_bench
#     BENCH_DB_ADMIN="mysql -uroot" (a client command that may create databases and users; MYSQL_PWD works)
#     PORT=9080 JWKS_PORT=13399 BENCH_CONNECTIONS=32 BENCH_USERS=1000 BENCH_CEILING_SECONDS=5
#     BENCH_WARMUP_MAX=300
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

build=false rounds=3 duration=20 warmup=60 jfr=false
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=true ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --jfr) jfr=true ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

wlp=target/liberty/wlp
server_dir=$wlp/usr/servers/defaultServer
bootstrap=$server_dir/bootstrap.properties
port=${PORT:-9080}
jwks_port=${JWKS_PORT:-13399}
conns=${BENCH_CONNECTIONS:-32}
users=${BENCH_USERS:-1000}
ceiling_secs=${BENCH_CEILING_SECONDS:-5}
db_host=${BENCH_DB_HOST:-127.0.0.1}
db_port=${BENCH_DB_PORT:-3306}
db_name=${BENCH_DB_NAME:-backend_bench}
db_user=$db_name
read -r -a admin <<< "${BENCH_DB_ADMIN:-mysql -uroot}"
mysql_bin=$(command -v mariadb || command -v mysql || true)
slap=$(command -v mariadb-slap || command -v mysqlslap || true)
for tool in wrk curl java python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (see README, Benchmark)" >&2; exit 1; }
done
if [ -z "$mysql_bin" ] || [ -z "$slap" ]; then
  echo "a mysql client and mariadb-slap/mysqlslap are needed" >&2; exit 1
fi

if $build || [ ! -x "$wlp/bin/server" ] || [ ! -f "$server_dir/apps/backend.war" ] \
   || [ ! -f "$wlp/usr/shared/resources/backend-db/backend-db.jar" ]; then
  echo "building the server (./mvnw package liberty:create liberty:deploy)..."
  ./mvnw -q -B -DskipTests package liberty:create liberty:deploy
fi
nimbus_version=$(sed -n '/<artifactId>nimbus-jose-jwt</{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}' pom.xml)
nimbus=${MAVEN_REPO:-$HOME/.m2/repository}/com/nimbusds/nimbus-jose-jwt/$nimbus_version/nimbus-jose-jwt-$nimbus_version.jar
# MintToken needs nimbus-jose-jwt, a test dependency: compiling the tests fetches it.
[ -f "$nimbus" ] || ./mvnw -q -B -DskipTests test-compile
[ -f "$nimbus" ] || { echo "nimbus-jose-jwt $nimbus_version not found in ~/.m2" >&2; exit 1; }

# One run at a time per worktree: a second one would stop this one's server and restore a bootstrap.properties
# it saved while this one had changed it.
mkdir -p target
exec 9> target/bench-load.lock
flock -n 9 || { echo "bench/load.sh is already running in this worktree" >&2; exit 1; }
"$wlp/bin/server" stop defaultServer >/dev/null 2>&1 || true
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use" >&2; exit 1; fi

work=$(mktemp -d)
out=target/bench-load/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
cp "$bootstrap" "$work/bootstrap.properties.saved" 2>/dev/null || touch "$work/bootstrap.properties.saved"
db_created=false
cleanup() {
  set +e
  [ -n "${wrk_pid:-}" ] && kill "$wrk_pid" 2>/dev/null
  "$wlp/bin/server" stop defaultServer >/dev/null 2>&1
  cp "$work/bootstrap.properties.saved" "$bootstrap"
  [ -n "${jwks_pid:-}" ] && kill "$jwks_pid" 2>/dev/null
  if $db_created; then
    "${admin[@]}" -e "DROP DATABASE IF EXISTS \`$db_name\`; DROP USER IF EXISTS '$db_user'@'localhost', '$db_user'@'%'"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- database and user; the password goes to the server through its environment and to clients through a file
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

# --- identity provider: a local JWKS and a token for it
start_local_idp "$nimbus" "$work/idp"

# --- server: bootstrap.properties outranks the environment, and liberty:create put AUTH_MODE=none (and
# LOG_FORMAT=simple, for reading by eye) there; measure what ships: jwt and JSON logs.
grep -v -e '^AUTH_MODE=' -e '^LOG_FORMAT=' "$work/bootstrap.properties.saved" > "$bootstrap" || true
# Plain TCP, like mariadb-slap's connections: the ceiling compares like with like.
PORT=$port AUTH_MODE=jwt DB_KIND=mysql DB_HOST=$db_host DB_PORT=$db_port DB_NAME=$db_name DB_USER=$db_user \
  DB_PASSWORD=$db_password DB_SSL_MODE=DISABLED DB_ALLOW_PUBLIC_KEY_RETRIEVAL=true \
  MP_JWT_VERIFY_ISSUER=$issuer MP_JWT_VERIFY_AUDIENCES=$audience \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=http://127.0.0.1:$jwks_port/jwks.json \
  "$wlp/bin/server" start defaultServer >/dev/null
await_ready
pid=$(cat "$wlp/usr/servers/.pid/defaultServer.pid")
status=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/users")
[ "$status" = 401 ] || { echo "GET /api/users without a token answered $status, not 401: AUTH_MODE is not jwt" >&2; exit 1; }

echo "bench/load.sh: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "  database $(sql -e 'SELECT VERSION()') at $db_host:$db_port; $(java -version 2>&1 | head -1)"
echo "  wrk -t2 -c$conns, ${duration}s per scenario, warm-up >= ${warmup}s; ceiling: $(basename "$slap") --concurrency=$conns"
echo "  raw wrk output: $out; server logs: $server_dir/logs"

# --- seed; the ids file feeds wrk's random GETs and the ceiling's random selects
BENCH_TOKEN=$token java bench/Seed.java "http://localhost:$port" "$users" 16 "$work/ids.txt"
rows=$(sql -e 'SELECT COUNT(*) FROM users')
[ "$rows" = "$users" ] || { echo "$rows rows in $db_name.users after seeding $users users" >&2; exit 1; }
max_seeded=$(sort -n "$work/ids.txt" | tail -1)
# Rows from POST runs go, so that every run reads the same 1k rows. Deleted rows stay in the pages until InnoDB
# purges them, and COUNT(*) still walks them (a 1k-row list measured 6x slower just after a delete): rebuild both
# tables and let purge catch up before measuring again.
drop_extra_rows() {
  sql -e "DELETE FROM user_changes WHERE user_id > $max_seeded; DELETE FROM users WHERE id > $max_seeded;
          DELETE FROM idempotency_keys; OPTIMIZE TABLE users, user_changes, idempotency_keys" >/dev/null
  local waited=0 history
  while history=$("${admin[@]}" -N -B -e "SELECT COUNT FROM information_schema.INNODB_METRICS
                                         WHERE NAME = 'trx_rseg_history_len'" 2>/dev/null) \
        && [ "${history:-0}" -gt 1000 ] && [ "$waited" -lt 60 ]; do
    sleep 1; waited=$((waited + 1))
  done
  sleep 3 # the rebuild's background I/O
}

alive() { [ -r "/proc/$pid/status" ] || { echo "the server stopped: see $server_dir/logs" >&2; exit 1; }; }
rss_kb() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$pid/status"; }
mb() { echo $(( $1 / 1024 )); }

# run_wrk NAME SCENARIO SECONDS AUTH(yes|no): sets rps p50 p99 non2xx sockerr rss_max hwm rss_after
run_wrk() {
  local name=$1 scenario=$2 secs=$3 auth=() line sample
  local log="$out/$name.txt"
  [ "$4" = yes ] && auth=(-H "Authorization: Bearer $token")
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 5s --latency "${auth[@]}" -s bench/load.lua \
      "http://localhost:$port" -- "$scenario" "$work/ids.txt" > "$log" 2>&1 &
  wrk_pid=$!
  rss_max=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    alive
    sample=$(rss_kb VmRSS); [ "$sample" -gt "$rss_max" ] && rss_max=$sample
    sleep 0.5
  done
  wait "$wrk_pid" || { echo "wrk failed, see $log" >&2; exit 1; }
  wrk_pid=
  alive
  hwm=$(rss_kb VmHWM)
  sleep 2 # settled, for the RSS after the run
  rss_after=$(rss_kb VmRSS)
  line=$(grep '^RESULT' "$log") || { echo "no result from wrk, see $log" >&2; exit 1; }
  field() { sed -E "s/.* $1=([0-9]+).*/\1/" <<< "$line"; }
  rps=$(awk -v n="$(field requests)" -v us="$(field duration_us)" 'BEGIN {printf "%.0f", n / (us / 1e6)}')
  p50=$(awk -v us="$(field p50_us)" 'BEGIN {printf "%.2f", us / 1000}')
  p99=$(awk -v us="$(field p99_us)" 'BEGIN {printf "%.2f", us / 1000}')
  non2xx=$(field non2xx)
  sockerr=$(field socket_errors)
  if [ "$non2xx" -gt 0 ] || [ "$sockerr" -gt 0 ]; then
    echo "    ($non2xx non-2xx, $sockerr socket errors: see $log and $server_dir/logs/)" >&2
  fi
}

# ceiling QUERY_FILE QUERIES_PER_ITEM: items per second for 32 clients running the file's queries in a loop.
# The first call per file sizes the run to about BENCH_CEILING_SECONDS from a short probe, then keeps that size
# so that rounds compare.
declare -A ceiling_size
slap_seconds() { # file total_queries
  "$slap" --defaults-extra-file="$cnf" --create-schema="$db_name" --no-drop --query="$1" --delimiter=';' \
          --concurrency="$conns" --iterations=1 --number-of-queries="$2" \
    | awk '/Average number of seconds/ {print $(NF-1)}'
}
ceiling() {
  local file=$1 per_item=$2 total secs
  if [ -z "${ceiling_size[$file]:-}" ]; then
    total=$((conns * per_item * 20))
    secs=$(slap_seconds "$file" "$total")
    ceiling_size[$file]=$(awk -v t="$total" -v s="$secs" -v want="$ceiling_secs" -v c="$((conns * per_item))" \
      'BEGIN {n = (s > 0 ? t * want / s : t * 100); n = int(n / c) * c; print (n < t ? t : n)}')
  fi
  total=${ceiling_size[$file]}
  secs=$(slap_seconds "$file" "$total")
  awk -v n="$total" -v s="$secs" -v k="$per_item" 'BEGIN {printf "%.0f", n / k / s}'
}
columns='id, name, email, created_at, updated_at, version'
shuf -r -n 5000 "$work/ids.txt" | sed "s/.*/SELECT $columns FROM users WHERE id = &;/" > "$work/pk.sql"
# What GET /api/users?offset=0&limit=20 asks the database: the count, then the page.
printf 'SELECT COUNT(id) FROM users;\nSELECT %s FROM users ORDER BY id LIMIT 20 OFFSET 0;\n' "$columns" > "$work/list.sql"

pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", 100 * a / b}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
f2() { awk -v v="$1" 'BEGIN {printf "%.2f", v}'; }
mark() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = (op == ">=" ? v >= t : v <= t); print (ok ? "met" : "NOT met")}'; }


# Warm-up: mixed load in 15 s chunks, at least --warmup seconds and until three chunks in a row are within 10% of
# each other (at most BENCH_WARMUP_MAX s). On 2 cores C2 kept one core busy for the first ~2.5 minutes of load
# (jstat -compiler), and after a fixed 60 s the first round still ran at a third of the later rounds' rate.
warm_rates=() warm_secs=0
while :; do
  run_wrk "warmup-$(( ${#warm_rates[@]} + 1 ))" mixed 15 yes
  drop_extra_rows
  warm_rates+=("$rps"); warm_secs=$((warm_secs + 15))
  [ "$warm_secs" -lt "$warmup" ] || [ "${#warm_rates[@]}" -lt 3 ] || \
    ! printf '%s\n' "${warm_rates[@]: -3}" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {exit !(hi <= 1.1 * lo)}' || break
  [ "$warm_secs" -lt "${BENCH_WARMUP_MAX:-300}" ] || { echo "  (warm-up: no stable rate after ${warm_secs}s)"; break; }
done
echo "warm-up: ${warm_secs}s mixed load in 15 s chunks: ${warm_rates[*]} req/s"

if $jfr; then
  rec=$out/get-by-id.jfr
  jcmd "$pid" JFR.start name=bench settings=profile filename="$PWD/$rec" >/dev/null
  run_wrk get-by-id-jfr get-by-id "$duration" yes
  jcmd "$pid" JFR.stop name=bench >/dev/null
  echo "GET /api/users/{id} under JFR (settings=profile): $rps req/s, p50 $p50 ms, p99 $p99 ms, $non2xx non-2xx"
  jfr summary "$rec" | awk '$1 == "jdk.ExecutionSample" || /^ *Duration/'
  java bench/JfrTop.java "$rec" 15
  echo "recording: $rec"
  exit 0
fi

# POSTs last: their rows are deleted and the tables rebuilt after each, and no scenario should start right after that.
scenarios=(get-by-id list health post post-keyed)
declare -A title=([get-by-id]='GET /api/users/{id}' [list]='GET /api/users?offset=0&limit=20'
                  [post]='POST /api/users' [health]='GET /api/health/ready'
                  [post-keyed]='POST /api/users + Idempotency-Key')
declare -A needs_token=([get-by-id]=yes [list]=yes [post]=yes [health]=no [post-keyed]=yes) # probes send no token
declare -A R  # R[metric:scenario:round]
ceilings=() list_ceilings=()
for size in 1000 100000; do cp "$work/list.sql" "$work/list-$size.sql"; done # a ceiling size per table size
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds"
  c=$(ceiling "$work/pk.sql" 1)
  ceilings+=("$c")
  printf '  %-34s %8s qps  (database ceiling: primary-key select, %d clients)\n' 'DB ceiling' "$c" "$conns"
  lc=$(ceiling "$work/list-1000.sql" 2)
  list_ceilings+=("$lc")
  printf '  %-34s %8s/s   (the list'"'"'s two queries, count then page of 20, %d clients)\n' 'DB list ceiling' "$lc" "$conns"
  for s in "${scenarios[@]}"; do
    run_wrk "$s-$r" "$s" "$duration" "${needs_token[$s]}"
    case $s in post*) drop_extra_rows ;; esac
    for m in rps p50 p99 non2xx sockerr rss_max hwm rss_after; do R[$m:$s:$r]=${!m}; done
    printf '  %-34s %8s req/s %5s%% of ceiling  p50 %7s ms  p99 %7s ms  non-2xx %s  socket errors %s  RSS max %s MB, HWM %s MB, after %s MB\n' \
      "${title[$s]}" "$rps" "$(pct "$rps" "$c")" "$p50" "$p99" "$non2xx" "$sockerr" \
      "$(mb "$rss_max")" "$(mb "$hwm")" "$(mb "$rss_after")"
    [ "$s" = list ] && printf '  %-34s %19s%% of the list ceiling\n' '' "$(pct "$rps" "$lc")"
  done
done

# --- medians and the issue's targets
med() { local m=$1 s=$2 v=() r; for r in $(seq 1 "$rounds"); do v+=("${R[$m:$s:$r]}"); done; median "${v[@]}"; }
sum() { local m=$1 s=$2 t=0 r; for r in $(seq 1 "$rounds"); do t=$(( t + ${R[$m:$s:$r]} )); done; echo "$t"; }
ceiling_median=$(median "${ceilings[@]}")
all_rss_max=0
echo
echo "Medians of $rounds rounds (each API figure as a fraction of the median database ceiling)"
printf '  %-34s %8.0f qps  (rounds: %s)\n' 'DB ceiling, primary-key select' "$ceiling_median" "${ceilings[*]}"
declare -A target_ratio=([get-by-id]=25 [list]=10 [post]=10 [post-keyed]=10)
for s in "${scenarios[@]}"; do
  m_rps=$(med rps "$s"); m_p99=$(med p99 "$s"); m_rss=$(med rss_max "$s")
  ratio=$(pct "$m_rps" "$ceiling_median")
  target=''
  [ -n "${target_ratio[$s]:-}" ] && target="   target >= ${target_ratio[$s]}%: $(mark "$ratio" '>=' "${target_ratio[$s]}")"
  printf '  %-34s %8.0f req/s = %5s%% of ceiling%s\n' "${title[$s]}" "$m_rps" "$ratio" "$target"
  target=''
  [ "$s" = get-by-id ] && target="   target p99 <= 20 ms: $(mark "$m_p99" '<=' 20)"
  printf '  %-34s p50 %s ms, p99 %s ms%s\n' '' "$(f2 "$(med p50 "$s")")" "$(f2 "$m_p99")" "$target"
  printf '  %-34s non-2xx %s, socket errors %s (all rounds)\n' '' "$(sum non2xx "$s")" "$(sum sockerr "$s")"
  printf '  %-34s RSS max during run %s MB, VmHWM %s MB, after run %s MB   target under load <= 256 MB: %s\n' '' \
    "$(mb "${m_rss%.*}")" "$(mb "$(med hwm "$s" | cut -d. -f1)")" "$(mb "$(med rss_after "$s" | cut -d. -f1)")" \
    "$(mark "$(mb "${m_rss%.*}")" '<=' 256)"
  for r in $(seq 1 "$rounds"); do [ "${R[rss_max:$s:$r]}" -gt "$all_rss_max" ] && all_rss_max=${R[rss_max:$s:$r]}; done
done
echo "  RSS under load, highest sample of all runs: $(mb "$all_rss_max") MB (target <= 256 MB: $(mark "$(mb "$all_rss_max")" '<=' 256)); VmHWM since start: $(mb "$(rss_kb VmHWM)") MB"

# --- the list at 100k rows, against the 1k figures of the rounds above; the bulk rows go in straight through SQL
# and stay (the database is dropped at the end): deleting them would leave the purge artefact described above.
digits='(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)'
big=100000
need=$(( big - $(sql -e 'SELECT COUNT(*) FROM users') ))
sql -e "INSERT INTO users (name, email, created_at, updated_at, version)
        SELECT 'Bulk', CONCAT('bulk-', n, '@example.com'), t, t, 0
        FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n, UNIX_TIMESTAMP() * 1000 AS t
              FROM $digits a, $digits b, $digits c, $digits e, $digits f) s
        LIMIT $need"
rows=$(sql -e 'SELECT COUNT(*) FROM users')
echo
echo "List at $rows rows, $rounds rounds (ceiling, then the API)"
big_ceilings=()
for r in $(seq 1 "$rounds"); do
  lc=$(ceiling "$work/list-$big.sql" 2)
  big_ceilings+=("$lc")
  run_wrk "list-${big}rows-$r" list "$duration" yes
  for m in rps p50 p99 non2xx sockerr; do R[$m:list-big:$r]=${!m}; done
  printf '  round %d: DB list ceiling %5s/s; API %5s req/s = %5s%% of it, %4s%% of the PK ceiling; p50 %7s ms  p99 %7s ms  non-2xx %s  socket errors %s\n' \
    "$r" "$lc" "$rps" "$(pct "$rps" "$lc")" "$(pct "$rps" "$ceiling_median")" "$p50" "$p99" "$non2xx" "$sockerr"
done
echo "List, medians: 1k rows (rounds above) against $rows rows"
for s in list list-big; do
  if [ "$s" = list ]; then n=$users m_lc=$(median "${list_ceilings[@]}"); else n=$rows m_lc=$(median "${big_ceilings[@]}"); fi
  m_rps=$(med rps "$s")
  printf '  %6d rows: API %5.0f req/s = %5s%% of the DB list ceiling (%.0f/s), %4s%% of the PK ceiling (target >= 10%%: %s); p50 %s ms, p99 %s ms; non-2xx %s, socket errors %s\n' \
    "$n" "$m_rps" "$(pct "$m_rps" "$m_lc")" "$m_lc" "$(pct "$m_rps" "$ceiling_median")" \
    "$(mark "$(pct "$m_rps" "$ceiling_median")" '>=' 10)" "$(f2 "$(med p50 "$s")")" "$(f2 "$(med p99 "$s")")" \
    "$(sum non2xx "$s")" "$(sum sockerr "$s")"
done
printf '  %d rows / %d rows: API list throughput x%s, DB list ceiling x%s\n' "$rows" "$users" \
  "$(awk -v a="$(med rps list-big)" -v b="$(med rps list)" 'BEGIN {printf "%.3f", a / b}')" \
  "$(awk -v a="$(median "${big_ceilings[@]}")" -v b="$(median "${list_ceilings[@]}")" 'BEGIN {printf "%.3f", a / b}')"
echo "done; the benchmark database and user are dropped on exit"
