# shellcheck shell=bash
# Shared by the benchmarks in bench/. Sourced, not run.
# Variables such as port, jwks_port, token, jwks_pid, out, work are the sourcing script's: set or read there.
# shellcheck disable=SC2154,SC2034

# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------

die() { echo "bench: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR == 0) print ""; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0 ? 100 * a / b : 0)}'; }
f0() { awk -v v="$1" 'BEGIN {printf "%.0f", v}'; }
f1() { awk -v v="$1" 'BEGIN {printf "%.1f", v}'; }
f2() { awk -v v="$1" 'BEGIN {printf "%.2f", v}'; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.0f", kb / 1024}'; }
# mark VALUE OP THRESHOLD: "met" or "NOT met" (OP is <= or >=)
mark() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = (op == ">=" ? v >= t : v <= t); print (ok ? "met" : "NOT met")}'; }

# Every tool the benchmarks need, with the package that has it; fails naming each missing one.
require_tools() {
  local missing=() tool
  declare -A pkg=([wrk]=wrk [hey]=hey [curl]=curl [java]='a JDK 17' [jcmd]='a JDK 17 (jcmd)' [jstat]='a JDK 17 (jstat)'
                  [jfr]='a JDK 17 (jfr)' [python3]=python3 [taskset]=util-linux [setsid]=util-linux [flock]=util-linux
                  [shuf]=coreutils [awk]=gawk/mawk [od]=coreutils)
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("$tool (${pkg[$tool]:-?})")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (see bench/README.md, What it needs)"
}

# Waits up to 120 s for /api/health/ready on $port to answer 200 (the older single-server scripts).
await_ready() {
  local waited=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/health/ready")" = 200 ]; do
    sleep 0.2; waited=$((waited + 1))
    [ "$waited" -lt 600 ] || { echo "not ready after 120 s" >&2; exit 1; }
  done
}

# Creates a user and prints its id; extra arguments go to curl (e.g. an Authorization header).
create_user() {
  local id
  id=$(curl -fsS "$@" -H 'Content-Type: application/json' \
       -d "{\"name\":\"Bench\",\"email\":\"bench-$RANDOM$RANDOM$RANDOM@example.com\"}" \
       "http://localhost:$port/api/users" | sed -E 's/.*"id":([0-9]+).*/\1/')
  [[ "$id" =~ ^[0-9]+$ ]] || { echo "could not create a user" >&2; exit 1; }
  echo "$id"
}

# A local identity provider: mints users.write tokens for a bench issuer into $2 and serves its JWKS from there on
# $jwks_port. Sets issuer, audience, token (the first) and jwks_pid (the caller stops it); $2/tokens.txt holds
# COUNT tokens with distinct subjects, one a line. $1: the nimbus-jose-jwt jar. $3: COUNT (1). $4: seconds the
# tokens stay valid (3600).
start_local_idp() {
  local jar=$1 dir=$2 count=${3:-1} valid=${4:-3600}
  issuer=https://bench.example/issuer
  audience=backend-bench
  mkdir -p "$dir"
  java -cp "$jar" bench/MintToken.java --count "$count" --valid-seconds "$valid" "$dir" "$issuer" "$audience" \
    users.write > "$dir/tokens.txt" || die "could not mint tokens"
  token=$(head -1 "$dir/tokens.txt")
  (cd "$dir" && exec python3 -m http.server "$jwks_port" --bind 127.0.0.1 >/dev/null 2>&1) &
  jwks_pid=$!
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$jwks_port/jwks.json" && break; sleep 0.1; done
  curl -fs -o /dev/null "http://127.0.0.1:$jwks_port/jwks.json" \
    || { echo "the JWKS is not served on port $jwks_port" >&2; exit 1; }
}

# ---------------------------------------------------------------------------------------------------------------
# A process's CPU time and memory, from /proc
# ---------------------------------------------------------------------------------------------------------------

clk_tck=$(getconf CLK_TCK)
# utime + stime of a process (all its threads), in clock ticks; fields 14 and 15 of /proc/PID/stat, counted after
# the command name, which may hold spaces.
cpu_ticks() { [ -r "/proc/$1/stat" ] && sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}' || echo 0; }
ticks_to_s() { awk -v t="$1" -v hz="$clk_tck" 'BEGIN {printf "%.2f", t / hz}'; }
# A field of /proc/PID/status in kB (VmRSS, VmHWM); 0 once the process is gone.
status_kb() {
  if [ -r "/proc/$1/status" ]; then awk -v key="$2:" '$1 == key {v = $2} END {print v + 0}' "/proc/$1/status" 2>/dev/null || echo 0
  else echo 0; fi
}

# The JVM under a process: the first descendant whose command is java (Liberty's `server run` starts it as a child).
java_under() {
  local pids=("$1") next p
  for _ in 1 2 3 4 5; do
    next=()
    for p in "${pids[@]}"; do
      [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && { echo "$p"; return 0; }
      while read -r child; do next+=("$child"); done < <(ps -o pid= --ppid "$p" 2>/dev/null)
    done
    [ ${#next[@]} -gt 0 ] || return 1
    pids=("${next[@]}")
  done
  return 1
}

# ---------------------------------------------------------------------------------------------------------------
# The shipped configuration: the image's layout, environment and entrypoint
# ---------------------------------------------------------------------------------------------------------------

# The Containerfile's ENV instruction, as NAME=VALUE lines (quotes and line continuations resolved as Docker does
# for this simple form), so that the benchmark starts the JVM with exactly the image's JVM_ARGS. $1: the file.
containerfile_env() {
  python3 - "$1" <<'PY'
import shlex, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
for line in text.splitlines():
    words = line.strip().split(None, 1)
    if len(words) == 2 and words[0].upper() == "ENV":
        for pair in shlex.split(words[1], comments=False):
            if "=" in pair:
                print(pair)
PY
}

# image_layout DEST: what the Containerfile's runtime stage holds under /opt/ol: the built Liberty (target/liberty/wlp)
# without its servers, then defaultServer assembled from src/main/liberty/config and target/backend.war. The
# installation is hard-linked (same file system, no copy of 400 MB); the server folder is a real, fresh folder:
# no workarea, no bootstrap.properties or server.env from liberty:create (those set AUTH_MODE=none and
# LOG_FORMAT=simple for local runs and must not reach the benchmark).
image_layout() {
  local dest=$1
  rm -rf "$dest"
  mkdir -p "$dest/wlp/usr"
  local entry
  for entry in target/liberty/wlp/* target/liberty/wlp/.[!.]*; do
    [ -e "$entry" ] || continue
    case $(basename "$entry") in usr) continue ;; esac
    cp -al "$entry" "$dest/wlp/"
  done
  for entry in target/liberty/wlp/usr/*; do
    case $(basename "$entry") in servers) continue ;; esac
    cp -a "$entry" "$dest/wlp/usr/"
  done
  fresh_server_dir "$dest"
}

# fresh_server_dir DEST: defaultServer as a new container has it (the Containerfile's COPY lines), nothing else.
fresh_server_dir() {
  local server=$1/wlp/usr/servers/defaultServer
  rm -rf "$1/wlp/usr/servers"
  mkdir -p "$server/apps"
  cp src/main/liberty/config/server.xml src/main/liberty/config/jvm.options "$server/"
  cp target/backend.war "$server/apps/backend.war"
}

# The secrets file as Vault Agent renders it from vault-agent/app.env.ctmpl (JSON-quoted dotenv values), and its
# heartbeat. Written once: an agent rewrites the heartbeat every minute, which this stand-in does not.
write_rendered_secrets() { # DIR
  local dir=$1
  mkdir -p "$dir"
  (umask 077
   {
     echo "# Rendered for bench/load.sh as Vault Agent would render vault-agent/app.env.ctmpl"
     printf 'APP_ENV="production"\nNODE_ENV="production"\n'
     printf 'DB_HOST="%s"\nDB_PORT="%s"\nDB_NAME="%s"\nDB_USER="%s"\nDB_PASSWORD="%s"\n' \
       "$db_host" "$db_port" "$db_name" "$db_user" "$db_password"
     printf 'FRONTEND_URL="https://app.example.com"\n'
   } > "$dir/app.env"
   printf 'RENDERED_AT=%s\nSECRET_VERSION=1\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$dir/heartbeat")
}

# Instances: one image layout each, keyed by name. I_*[name]: port, mode, root (layout), entry (entrypoint pid),
# java (JVM pid), log (the console), t0 (launch, epoch ms), ready (launch to ready, ms), cpus (taskset list or "").
declare -A I_port I_mode I_root I_entry I_java I_log I_t0 I_ready I_cpus

# launch NAME MODE PORT [CPUS]: starts the layout of NAME the way the image does: vault-agent/entrypoint.sh (without
# VAULT_ADDR it writes the telemetry bootstrap properties and the keystore password, then runs Liberty in the
# foreground), with only the image's environment (Containerfile ENV) plus what a deployment passes: the database
# kind, the identity provider, AUTH_MODE, the secrets file. CPUS: a taskset CPU list (the JVM sizes itself from it).
# Does not wait for readiness.
launch() {
  local name=$1 mode=$2 iport=$3 cpus=${4:-} root=${I_root[$1]}
  local envs=() line
  while IFS= read -r line; do
    case ${line%%=*} in
      PORT|WLP_SERVER) ;; # the instance's own port; the layout's server script
      *) envs+=("$line") ;;
    esac
  done < <(containerfile_env Containerfile)
  envs+=(PATH="$PATH" HOME="$HOME" LANG=C.UTF-8)
  [ -n "${JAVA_HOME:-}" ] && envs+=(JAVA_HOME="$JAVA_HOME")
  envs+=(PORT="$iport" WLP_SERVER="$root/wlp/bin/server"
         VAULT_SECRETS_FILE="$root/vault/secrets/app.env"
         AUTH_MODE="$mode" DB_KIND=mysql DB_SSL_MODE=DISABLED DB_ALLOW_PUBLIC_KEY_RETRIEVAL=true
         MP_JWT_VERIFY_ISSUER="$issuer" MP_JWT_VERIFY_AUDIENCES="$audience"
         MP_JWT_VERIFY_PUBLICKEY_LOCATION="http://127.0.0.1:$jwks_port/jwks.json")
  [ -n "${BENCH_JVM_EXTRA:-}" ] && envs+=(JVM_ARGS="$(containerfile_env Containerfile | sed -n 's/^JVM_ARGS=//p') $BENCH_JVM_EXTRA")
  # BENCH_ENV_EXTRA: NAME=VALUE words added to (or replacing) the image's environment, to compare a setting
  # (MALLOC_ARENA_MAX=4, JVM_ARGS is better changed through BENCH_JVM_EXTRA) before it goes into the Containerfile.
  if [ -n "${BENCH_ENV_EXTRA:-}" ]; then local extra_env; read -r -a extra_env <<< "$BENCH_ENV_EXTRA"; envs+=("${extra_env[@]}"); fi
  write_rendered_secrets "$root/vault/secrets"
  mkdir -p "$out/servers/$name"
  I_log[$name]=$out/servers/$name/console-$(date +%H%M%S).log
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  I_t0[$name]=$(now_ms)
  # A session of its own: the stop signal goes to the entrypoint (as a container runtime sends it), and Ctrl-C in
  # this terminal does not reach the server before cleanup stops it in order.
  setsid "${pin[@]}" env -i "${envs[@]}" bash vault-agent/entrypoint.sh > "${I_log[$name]}" 2>&1 < /dev/null &
  I_entry[$name]=$!
  I_port[$name]=$iport I_mode[$name]=$mode I_cpus[$name]=$cpus I_java[$name]=
}

# One readiness probe without starting a process (bash's /dev/tcp), so that polling every 50 ms during a launch
# costs the machine next to nothing: 0 when /api/health/ready answers 200.
probe_ready() {
  # A forked subshell (no exec): the descriptor and a SIGPIPE from a connection reset during start-up stay in it.
  (
    trap '' PIPE
    exec 7<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /api/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&7 || exit 1
    IFS= read -r -t 2 status <&7 || exit 1
    [[ $status == "HTTP/1."?" 200"* ]]
  ) 2>/dev/null
}

# wait_ready NAME [TIMEOUT_S=180]: polls readiness every 50 ms from the launch; sets I_ready (ms) and I_java.
wait_ready() {
  local name=$1 limit=$(( ${2:-180} * 1000 ))
  until probe_ready "${I_port[$name]}"; do
    kill -0 "${I_entry[$name]}" 2>/dev/null || die "$name exited before it was ready: see ${I_log[$name]}"
    [ $(( $(now_ms) - ${I_t0[$name]} )) -lt "$limit" ] || die "$name not ready after ${2:-180} s: see ${I_log[$name]}"
    sleep 0.05
  done
  I_ready[$name]=$(( $(now_ms) - ${I_t0[$name]} ))
  I_java[$name]=$(java_under "${I_entry[$name]}") || die "no JVM under the entrypoint of $name"
}

# stop NAME: SIGTERM to the entrypoint (Liberty's orderly stop, as on a container stop); the whole session after
# 60 s. Then the console is split: messages kept, access-log lines counted (they are most of it).
stop_instance() {
  local name=$1 entry=${I_entry[$1]:-}
  [ -n "$entry" ] || return 0
  if kill -0 "$entry" 2>/dev/null; then
    kill -TERM "$entry" 2>/dev/null
    for _ in $(seq 600); do kill -0 "$entry" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$entry" 2>/dev/null && kill -KILL -- "-$entry" 2>/dev/null
  fi
  wait "$entry" 2>/dev/null || true
  I_entry[$name]='' I_java[$name]=''
  local log=${I_log[$name]:-}
  if [ -f "$log" ]; then
    local access
    access=$(grep -c '"type":"liberty_accesslog"' "$log" || true)
    grep -v '"type":"liberty_accesslog"' "$log" > "${log%.log}.messages.log" || true
    echo "$access access-log lines (JSON, on the console) not kept" >> "${log%.log}.messages.log"
    rm -f "$log"
  fi
  local logs=${I_root[$name]}/wlp/usr/servers/defaultServer/logs
  if [ -d "$logs" ]; then
    mkdir -p "$out/servers/$name/logs"
    cp "$logs/messages.log" "$out/servers/$name/logs/" 2>/dev/null
    [ -d "$logs/ffdc" ] && cp -r "$logs/ffdc" "$out/servers/$name/logs/" 2>/dev/null
  fi
  return 0
}

alive() { kill -0 "${I_java[$1]}" 2>/dev/null || die "the server $1 stopped: see $out/servers/$1"; }

# The JVM's own choice of collector and heap sizes (the image fixes neither: MaxRAMPercentage of the memory it sees).
jvm_sizing() { # NAME
  jcmd "${I_java[$1]}" VM.flags 2>/dev/null | tr ' ' '\n' | awk -F= '
    /^-XX:\+Use(G1|Serial|Parallel|Z|Shenandoah)GC$/ {gc = $0; sub(/^-XX:\+Use/, "", gc)}
    $1 == "-XX:InitialHeapSize" {ih = $2} $1 == "-XX:MaxHeapSize" {mh = $2} $1 == "-XX:CICompilerCount" {cc = $2}
    END {printf "%s, initial heap %d MB, max heap %d MB, %s JIT compiler threads", gc, ih / 1048576, mh / 1048576, cc}'
}

# ---------------------------------------------------------------------------------------------------------------
# Load: wrk (closed loop) and hey (fixed rate), with the server's CPU and RSS over the same interval
# ---------------------------------------------------------------------------------------------------------------

# run_wrk LOG NAME SCENARIO SECONDS TOKENS [WINDOW_ORIGIN_MS WINDOW_MS]: wrk -t2 -c$conns on instance NAME, with
# the instance's JVM sampled every 0.5 s. TOKENS: a tokens file, or - for none. The wrk command is the raw log's
# first line. Sets: rps p50 p99 non2xx sockerr requests elapsed_s cpu_s cores per_cpu rss_max other_cpu_s.
run_wrk() {
  local log=$1 name=$2 scenario=$3 secs=$4 tokens=$5 origin=${6:-} window=${7:-}
  local jpid=${I_java[$name]} other o t_start t_end c0 c1 oc0=0 oc1=0 line
  other=$(other_instance "$name")
  local windows=()
  [ -n "$origin" ] && windows=("$origin" "$window")
  local cmd=(wrk -t2 -c"$conns" -d"${secs}s" --timeout 5s --latency -s bench/load.lua
             "http://127.0.0.1:${I_port[$name]}" -- "$scenario" "$ids_file" "$tokens" "${windows[@]}")
  local pin=()
  [ -n "${client_cpus:-}" ] && pin=(taskset -c "$client_cpus")
  echo "\$ ${pin[*]} ${cmd[*]}" > "$log"
  o=${other:+${I_java[$other]}}
  t_start=$(now_ms); c0=$(cpu_ticks "$jpid"); [ -n "$o" ] && oc0=$(cpu_ticks "$o")
  "${pin[@]}" "${cmd[@]}" >> "$log" 2>&1 &
  wrk_pid=$!
  follow_load "$name"
  wait "$wrk_pid" || die "wrk failed, see $log"
  wrk_pid=
  t_end=$(now_ms); c1=$(cpu_ticks "$jpid"); [ -n "$o" ] && oc1=$(cpu_ticks "$o")
  alive "$name"
  line=$(grep '^RESULT' "$log") || die "no result from wrk, see $log"
  field() { sed -E "s/.* $1=([0-9]+).*/\1/" <<< "$line"; }
  requests=$(field requests)
  rps=$(awk -v n="$requests" -v us="$(field duration_us)" 'BEGIN {printf "%.0f", n / (us / 1e6)}')
  p50=$(awk -v us="$(field p50_us)" 'BEGIN {printf "%.2f", us / 1000}')
  p99=$(awk -v us="$(field p99_us)" 'BEGIN {printf "%.2f", us / 1000}')
  non2xx=$(field non2xx)
  sockerr=$(field socket_errors)
  set_cpu_figures "$t_start" "$t_end" "$c0" "$c1" "$oc0" "$oc1"
  printf 'server JVM %s: %s CPU-s over %s s wall (%s cores), %s requests per CPU-second; RSS max %s MB; other instance %s CPU-s\n' \
    "$jpid" "$cpu_s" "$elapsed_s" "$cores" "$per_cpu" "$(mb "$rss_max")" "$other_cpu_s" >> "$log"
  if [ "$non2xx" -gt 0 ] || [ "$sockerr" -gt 0 ]; then
    echo "    ($non2xx non-2xx, $sockerr socket errors: see $log and $out/servers/$name)" >&2
  fi
}

# follow_load NAME: while the load generator $wrk_pid runs, checks that instance NAME is alive and samples its
# JVM's RSS every 0.5 s. Sets rss_max (kB).
follow_load() {
  local sample
  rss_max=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    alive "$1"
    sample=$(status_kb "${I_java[$1]}" VmRSS); [ "$sample" -gt "$rss_max" ] && rss_max=$sample
    sleep 0.5
  done
  return 0
}

# set_cpu_figures T_START_MS T_END_MS TICKS0 TICKS1 OTHER0 OTHER1: sets elapsed_s cpu_s cores per_cpu other_cpu_s
# from $requests.
set_cpu_figures() {
  elapsed_s=$(awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b - a) / 1000}')
  cpu_s=$(ticks_to_s $(( $4 - $3 )))
  other_cpu_s=$(ticks_to_s $(( $6 - $5 )))
  cores=$(awk -v c="$cpu_s" -v e="$elapsed_s" 'BEGIN {printf "%.2f", (e > 0 ? c / e : 0)}')
  per_cpu=$(awk -v n="$requests" -v c="$cpu_s" 'BEGIN {printf "%.0f", (c > 0 ? n / c : 0)}')
}

# run_hey LOG NAME SECONDS QPS: GET /api/users/{one seeded id} at a fixed total rate: hey with 32 workers, each
# limited to QPS/32 per second. hey sends one URL and one header, so: one id and, with jwt, the first token of the
# pool (Liberty caches a verified token, see bench/README.md; the closed-loop runs use the whole pool). Sets rps
# (achieved), p50 p99 (ms), non2xx, sockerr, requests, cpu_s, cores, per_cpu, rss_max.
run_hey() {
  local log=$1 name=$2 secs=$3 qps=$4 auth=() shown_auth=''
  local jpid=${I_java[$name]} id t_start t_end c0 c1 per_worker
  id=$(shuf -n 1 "$ids_file")
  per_worker=$(awk -v q="$qps" -v c="$conns" 'BEGIN {printf "%g", q / c}')
  if [ "${I_mode[$name]}" = jwt ]; then
    auth=(-H "Authorization: Bearer $(head -1 "$tokens_pool")")
    shown_auth="-H 'Authorization: Bearer <token 1 of the pool>'"
  fi
  local pin=()
  [ -n "${client_cpus:-}" ] && pin=(taskset -c "$client_cpus")
  local url="http://127.0.0.1:${I_port[$name]}/api/users/$id"
  echo "\$ ${pin[*]} hey -z ${secs}s -c $conns -q $per_worker -t 5 $shown_auth $url" > "$log"
  t_start=$(now_ms); c0=$(cpu_ticks "$jpid")
  "${pin[@]}" hey -z "${secs}s" -c "$conns" -q "$per_worker" -t 5 "${auth[@]}" "$url" >> "$log" 2>&1 &
  wrk_pid=$!
  follow_load "$name"
  wait "$wrk_pid" || die "hey failed, see $log"
  wrk_pid=
  t_end=$(now_ms); c1=$(cpu_ticks "$jpid")
  rps=$(awk '/Requests\/sec:/ {printf "%.0f", $2}' "$log")
  p50=$(awk '$1 == "50%" && $2 == "in" {printf "%.2f", $3 * 1000}' "$log")
  p99=$(awk '$1 == "99%" && $2 == "in" {printf "%.2f", $3 * 1000}' "$log")
  requests=$(awk '/^ *\[[0-9]+\]/ && /responses/ {n += $2} END {print n + 0}' "$log")
  non2xx=$(awk '/^ *\[[0-9]+\]/ && /responses/ {code = substr($1, 2, 3); if (code !~ /^2/) n += $2} END {print n + 0}' "$log")
  sockerr=$(awk '/^Error distribution:/ {e = 1; next} e && /^ *\[[0-9]+\]/ {n += substr($1, 2, length($1) - 2)} END {print n + 0}' "$log")
  [ -n "$rps" ] && [ -n "$p99" ] || die "no result from hey, see $log"
  set_cpu_figures "$t_start" "$t_end" "$c0" "$c1" 0 0
  printf 'server JVM %s: %s CPU-s over %s s wall (%s cores), %s requests per CPU-second; RSS max %s MB\n' \
    "$jpid" "$cpu_s" "$elapsed_s" "$cores" "$per_cpu" "$(mb "$rss_max")" >> "$log"
}

# The instance that is not NAME among those running (the idle one while NAME is measured), or nothing.
other_instance() {
  local n
  for n in "${!I_entry[@]}"; do
    [ "$n" != "$1" ] && [ -n "${I_entry[$n]}" ] && [ -n "${I_java[$n]}" ] && { echo "$n"; return 0; }
  done
  return 0
}

# ---------------------------------------------------------------------------------------------------------------
# The database: its own ceiling, and rows that POST runs leave behind
# ---------------------------------------------------------------------------------------------------------------

# ceiling QUERY_FILE QUERIES_PER_ITEM: items per second for $conns clients running the file's queries in a loop
# (mariadb-slap). The first call per file sizes the run to about $ceiling_secs from a short probe, then keeps that
# size so that rounds compare. The command is appended to $out/commands.txt once per file.
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
    echo "$(basename "$slap") --defaults-extra-file=<client.cnf> --create-schema=$db_name --no-drop --query=$(basename "$file") --delimiter=';' --concurrency=$conns --iterations=1 --number-of-queries=${ceiling_size[$file]}" >> "$out/commands.txt"
  fi
  total=${ceiling_size[$file]}
  secs=$(slap_seconds "$file" "$total")
  awk -v n="$total" -v s="$secs" -v k="$per_item" 'BEGIN {printf "%.0f", n / k / s}'
}

# Rows from POST runs go, so that every run reads the same 1k rows. Deleted rows stay in the pages until InnoDB
# purges them, and COUNT(*) still walks them (a 1k-row list measured 6x slower just after a delete): rebuild the
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
  sleep "${settle_secs:-3}" # the rebuild's background I/O
}
