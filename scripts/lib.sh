# shellcheck shell=bash
# Shared helpers for scripts/dev-up, dev-down, broker-restart, pg-restart, run, test.
# Sourced, never executed. Everything lives under $QLVB_RUN_DIR (default: <repo>/.run, git-ignored).

QLVB_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${QLVB_RUN_DIR:-$QLVB_REPO/.run}
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)          # absolute: it ends up in generated scripts and env files
export QLVB_RUN_DIR=$RUN

# Ports. The code defaults to AMQP 55672 / management 55673 / PostgreSQL 55432.
AMQP_PORT=${QLVB_AMQP_PORT:-55672}
MGMT_PORT=${QLVB_MGMT_PORT:-55673}
DIST_PORT=${QLVB_DIST_PORT:-55674}   # Erlang inter-node port (default would be NODE_PORT+20000 = invalid)
PG_PORT=${QLVB_PG_PORT:-55432}

RMQ_DIR=$RUN/rabbitmq
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_PIDFILE=$RMQ_DIR/rabbit.pid
RMQ_NODE=${QLVB_RMQ_NODE:-qlvb@localhost}
TEST_VHOST=qlvb_test

PG_BIN=/usr/lib/postgresql/15/bin
PG_LINK=$RUN/pg                 # directory, or a symlink to one postgres can reach (see pg_root)
PG_REUSED_FILE=$RUN/pg.reused   # exists when we reuse a cluster someone else started on $PG_PORT

AMQP_URL="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
TEST_AMQP_URL="amqp://guest:guest@127.0.0.1:$AMQP_PORT/$TEST_VHOST"
PG_URL="postgresql://qlvb:qlvb@127.0.0.1:$PG_PORT/qlvb"
TEST_PG_URL="postgresql://qlvb:qlvb@127.0.0.1:$PG_PORT/qlvb_test"
MGMT_URL="http://127.0.0.1:$MGMT_PORT"

SERVICES=(intake routing signing numbering dispatch archive notifications)
declare -A SERVICE_PORT=([intake]=8081 [routing]=8082 [signing]=8083 [numbering]=8084
                         [dispatch]=8085 [archive]=8086 [notifications]=8087 [web]=8088)
# The web interface: no tables, no queues (so not in SERVICES, which export-topology and api-contract walk),
# but started and stopped with them.
WEB_APPS=(web)

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Is something listening on 127.0.0.1:$1?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Keep the kernel from giving our listening ports to outgoing connections: 55432 and 5567x lie in the ephemeral
# range (32768–60999), and while the broker is down for a restart the services reconnect to PostgreSQL many times,
# so a client socket could take 55672 and RabbitMQ then could not listen (could_not_start_listener; port_open sees
# no listener). Best effort: a container without a writable /proc/sys keeps the kernel's choice.
reserve_ports() {
    local file=/proc/sys/net/ipv4/ip_local_reserved_ports current p add=""
    [ -w "$file" ] || return 0
    current=$(cat "$file" 2>/dev/null) || return 0
    for p in "$@"; do
        case ",$current," in *",$p,"*) ;; *) add="$add,$p" ;; esac
    done
    [ -n "$add" ] || return 0
    if [ -n "$current" ]; then echo "$current$add" >"$file" 2>/dev/null || true
    else echo "${add#,}" >"$file" 2>/dev/null || true; fi
}

# ---------- RabbitMQ (private node, run as root without the Debian wrapper) ----------
rmq_env() {
    export HOME=$RMQ_DIR     # Erlang cookie $RMQ_DIR/.erlang.cookie: server and CLI share it
    export RABBITMQ_NODENAME=$RMQ_NODE RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT
    export RABBITMQ_DIST_PORT=$DIST_PORT
    export RABBITMQ_MNESIA_BASE=$RMQ_DIR/mnesia RABBITMQ_LOG_BASE=$RMQ_DIR/log RABBITMQ_PID_FILE=$RMQ_PIDFILE
    export RABBITMQ_CONFIG_FILE=$RMQ_DIR/rabbitmq          # => rabbitmq.conf
    export RABBITMQ_ADVANCED_CONFIG_FILE=$RMQ_DIR/advanced.config
    export RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_DIR/enabled_plugins
    export RABBITMQ_CONF_ENV_FILE=$RMQ_DIR/rabbitmq-env.conf  # keep /etc/rabbitmq/rabbitmq-env.conf out
}
# Run a RabbitMQ CLI tool against the private node, in a subshell (HOME is changed).
rmq() { local tool=$1; shift; ( rmq_env; "$RMQ_BIN/$tool" "$@" ); }

rmq_pid() { [ -s "$RMQ_PIDFILE" ] && tr -dc '0-9' <"$RMQ_PIDFILE"; }
# pid from the pid file, alive and an Erlang VM (guards against pid reuse)
rmq_pid_alive() {
    local pid; pid=$(rmq_pid) || return 1
    pid_alive "$pid" && grep -qa beam "/proc/$pid/cmdline" 2>/dev/null
}
rmq_answers() {
    rmq_pid_alive && rmq rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

# ---------- PostgreSQL (private cluster, run as user postgres) ----------
# The cluster's root dir (data/, log, socket). Normally $RUN/pg; if user postgres can't reach that
# (e.g. a checkout under /root) or the socket path would be too long, a dir under /var/tmp is used
# and $RUN/pg is a symlink to it.
pg_root() {
    if [ -L "$PG_LINK" ] || [ -d "$PG_LINK" ]; then
        readlink -f "$PG_LINK"; return
    fi
    mkdir -p "$PG_LINK"; chown postgres:postgres "$PG_LINK"
    if [ ${#PG_LINK} -le 80 ] && su postgres -s /bin/sh -c "test -w '$PG_LINK' && test -x '$PG_LINK'" 2>/dev/null; then
        echo "$PG_LINK"; return
    fi
    rmdir "$PG_LINK"
    local alt; alt=/var/tmp/qlvb-pg-$(printf %s "$RUN" | md5sum | cut -c1-10)
    mkdir -p "$alt"; chown postgres:postgres "$alt"; chmod 700 "$alt"
    ln -s "$alt" "$PG_LINK"
    echo "$alt"
}
pg_ctl_() { local root=$1; shift; su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$root/data' $*"; }
pg_our_running() {
    [ -d "$PG_LINK" ] || return 1
    local root; root=$(readlink -f "$PG_LINK")
    [ -f "$root/data/PG_VERSION" ] && pg_ctl_ "$root" status >/dev/null 2>&1
}
pg_answers_as_qlvb() { PGCONNECT_TIMEOUT=3 psql "$PG_URL" -XAtqc 'select 1' >/dev/null 2>&1; }

# ---------- the installation step: one database role per service (infra/postgres/install) ----------
# Development passwords are the role names, like qlvb/qlvb; the URLs go to $RUN/env as QLVB_<SERVICE>_PG_URL.
service_pg_url() { echo "postgresql://qlvb_$1:qlvb_$1@127.0.0.1:$PG_PORT/qlvb"; }
pg_install_roles() {
    local s env=(QLVB_DB_ADMIN_URL="$PG_URL")
    for s in "${SERVICES[@]}"; do env+=("QLVB_${s^^}_DB_PASSWORD=qlvb_$s"); done
    env "${env[@]}" "$QLVB_REPO/infra/postgres/install" >"$RUN/db-install.log" 2>&1
}

# ---------- services started by scripts/run ----------
svc_pidfile() { echo "$RUN/pids/$1.pid"; }
svc_pid_alive() {
    local f; f=$(svc_pidfile "$1"); [ -s "$f" ] || return 1
    local pid; pid=$(cat "$f")
    pid_alive "$pid" || return 1
    # guard against pid reuse: the process must be our executable
    local exe; exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
    [ "$(basename "${exe% (deleted)}")" = "$1" ]
}
stop_services() {
    local any=0 name pid
    for name in "${SERVICES[@]}" "${WEB_APPS[@]}"; do
        if svc_pid_alive "$name"; then
            pid=$(cat "$(svc_pidfile "$name")"); kill -TERM "$pid" 2>/dev/null || true; any=1
            log "sent SIGTERM to $name (pid $pid)"
        fi
    done
    if [ $any = 1 ]; then
        local i
        for i in $(seq 1 150); do          # up to 15 s for graceful shutdown
            local left=0
            for name in "${SERVICES[@]}" "${WEB_APPS[@]}"; do svc_pid_alive "$name" && left=1; done
            [ $left = 0 ] && break; sleep 0.1
        done
        for name in "${SERVICES[@]}" "${WEB_APPS[@]}"; do
            if svc_pid_alive "$name"; then
                pid=$(cat "$(svc_pidfile "$name")"); warn "$name (pid $pid) ignored SIGTERM for 15 s; SIGKILL"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done
    fi
    for name in "${SERVICES[@]}" "${WEB_APPS[@]}"; do rm -f "$(svc_pidfile "$name")"; done
}

# Serialise dev-up / dev-down / *-restart (fd 9). Daemons are started with 9>&- so they don't keep it.
take_lock() { exec 9>"$RUN/.lock"; flock -w 600 9 || die "could not lock $RUN/.lock within 10 min"; }

# Who listens on TCP port $1 (for error messages).
who_listens() { ss -ltnpH "sport = :$1" 2>/dev/null | sed 's/^/    /'; }

rmq_write_config() {
    mkdir -p "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
    cat >"$RMQ_DIR/rabbitmq.conf" <<CONF
# generated by scripts/dev-up: private throwaway broker for development and tests
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
loopback_users = none
log.file.level = info
log.console = false
CONF
    echo '[rabbitmq_management].' >"$RMQ_DIR/enabled_plugins"
    echo '[].' >"$RMQ_DIR/advanced.config"
    : >"$RMQ_DIR/rabbitmq-env.conf"
}

rmq_write_wrappers() {
    local tool f v
    for tool in rabbitmqctl rabbitmq-diagnostics rabbitmq-plugins rabbitmq-queues; do
        f=$RUN/$tool
        {
            echo '#!/bin/sh'
            echo "# generated by scripts/dev-up: $tool against the private node $RMQ_NODE"
            ( rmq_env
              for v in HOME RABBITMQ_NODENAME RABBITMQ_NODE_IP_ADDRESS RABBITMQ_NODE_PORT RABBITMQ_DIST_PORT \
                       RABBITMQ_MNESIA_BASE RABBITMQ_LOG_BASE RABBITMQ_PID_FILE RABBITMQ_CONFIG_FILE \
                       RABBITMQ_ADVANCED_CONFIG_FILE RABBITMQ_ENABLED_PLUGINS_FILE RABBITMQ_CONF_ENV_FILE; do
                  printf 'export %s=%q\n' "$v" "${!v}"
              done )
            echo "exec $RMQ_BIN/$tool \"\$@\""
        } >"$f.tmp"
        chmod 755 "$f.tmp"; mv -f "$f.tmp" "$f"
    done
}

# Management API answers for our node?
rmq_mgmt_ok() {
    curl -fsS -m 3 -u guest:guest "$MGMT_URL/api/overview" 2>/dev/null | grep -q "\"node\":\"$RMQ_NODE\""
}
rmq_is_up() { rmq_pid_alive && { rmq_mgmt_ok || rmq_answers; }; }

rmq_start() {
    local p
    rmq_write_config
    rmq_write_wrappers
    reserve_ports "$AMQP_PORT" "$MGMT_PORT" "$DIST_PORT"
    for p in "$AMQP_PORT" "$MGMT_PORT" "$DIST_PORT"; do
        if port_open "$p"; then
            echo "Port $p is already in use by another process:" >&2; who_listens "$p" >&2
            die "cannot start the private RabbitMQ (set QLVB_AMQP_PORT/QLVB_MGMT_PORT/QLVB_DIST_PORT or stop that process)"
        fi
    done
    rm -f "$RMQ_PIDFILE"
    local log_size; log_size=$(stat -c %s "$RMQ_DIR/log/$RMQ_NODE.log" 2>/dev/null || echo 0)
    # epmd is shared by all Erlang nodes; remember whether we were the ones who started it
    if epmd -names >/dev/null 2>&1; then rm -f "$RMQ_DIR/epmd.ours"; else touch "$RMQ_DIR/epmd.ours"; fi
    log "starting RabbitMQ node $RMQ_NODE (AMQP 127.0.0.1:$AMQP_PORT, management $MGMT_PORT, dist $DIST_PORT)"
    # the inter-node (dist) port would listen on all interfaces; keep it on loopback. The schedulers sleep
    # instead of spinning while idle (+sbwt none …): the broker shares two cores with PostgreSQL and the services.
    ( rmq_env; export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none'
      cd "$RMQ_DIR" && setsid "$RMQ_BIN/rabbitmq-server" -detached </dev/null >>"$RMQ_DIR/log/startup.log" 2>&1 9>&- ) \
        || die "rabbitmq-server -detached failed; see $RMQ_DIR/log/startup.log"
    # `rabbitmqctl wait` can give up at once with rabbit_is_not_running when it asks in the instant between
    # the Erlang node coming up and the rabbit application starting to boot: ask again while the node lives.
    local deadline=$((SECONDS + 120)) up=0
    while [ $SECONDS -lt $deadline ]; do
        if rmq rabbitmqctl -q wait --timeout $((deadline - SECONDS)) "$RMQ_PIDFILE" </dev/null >>"$RMQ_DIR/log/startup.log" 2>&1; then
            up=1; break
        fi
        [ -s "$RMQ_PIDFILE" ] && ! rmq_pid_alive && break    # the node died: no use waiting
        sleep 1
    done
    if [ "$up" != 1 ] && [ "${RMQ_START_RETRY:-0}" -lt 3 ] && ! rmq_pid_alive \
        && tail -c +$((log_size + 1)) "$RMQ_DIR/log/$RMQ_NODE.log" 2>/dev/null | grep -q "could_not_start_listener\|eaddrinuse"; then
        # A client socket held the port for a moment (where the ports cannot be reserved): start again.
        warn "RabbitMQ could not listen on its ports; starting it again in 2 s"
        sleep 2
        RMQ_START_RETRY=$(( ${RMQ_START_RETRY:-0} + 1 )) rmq_start
        return
    fi
    if [ "$up" != 1 ]; then
        echo "---- tail of $RMQ_DIR/log/startup.log" >&2; tail -n 20 "$RMQ_DIR/log/startup.log" >&2
        echo "---- tail of $RMQ_DIR/log/$RMQ_NODE.log" >&2; tail -n 30 "$RMQ_DIR/log/$RMQ_NODE.log" >&2 2>/dev/null
        die "RabbitMQ did not come up within 120 s"
    fi
    local i
    for i in $(seq 1 60); do rmq_mgmt_ok && break; sleep 0.5; done
    rmq_mgmt_ok || die "RabbitMQ runs but its management API ($MGMT_URL) does not answer; see $RMQ_DIR/log/"
    log "RabbitMQ is up"
}

rmq_ensure_test_vhost() {
    curl -fsS -m 10 -u guest:guest -o /dev/null -X PUT "$MGMT_URL/api/vhosts/$TEST_VHOST" \
        && curl -fsS -m 10 -u guest:guest -o /dev/null -X PUT -H 'content-type: application/json' \
              -d '{"configure":".*","write":".*","read":".*"}' "$MGMT_URL/api/permissions/$TEST_VHOST/guest" \
        || die "could not create vhost $TEST_VHOST through $MGMT_URL"
}

rmq_stop() {
    if rmq_pid_alive; then
        local pid; pid=$(rmq_pid)
        log "stopping RabbitMQ node $RMQ_NODE (pid $pid)"
        if ! rmq rabbitmqctl -q stop "$RMQ_PIDFILE" </dev/null >/dev/null 2>&1; then
            warn "rabbitmqctl stop failed; sending SIGTERM to $pid"
            kill -TERM "$pid" 2>/dev/null || true
            local i; for i in $(seq 1 300); do pid_alive "$pid" || break; sleep 0.1; done
            pid_alive "$pid" && { warn "SIGKILL $pid"; kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; }
        fi
    elif [ -e "$RMQ_PIDFILE" ]; then
        log "RabbitMQ: removing stale pid file"
    fi
    rm -f "$RMQ_PIDFILE"
    # Stop epmd only if we started it and no node (ours or anyone's) is registered any more.
    if [ -e "$RMQ_DIR/epmd.ours" ]; then
        if [ -z "$(epmd -names 2>/dev/null | grep '^name ')" ]; then epmd -kill >/dev/null 2>&1 || true; fi
        rm -f "$RMQ_DIR/epmd.ours"
    fi
}

# ---------- PostgreSQL start/stop ----------
pg_psql_super() {   # psql as postgres over the cluster's private socket; SQL on stdin
    local root=$1
    su postgres -s /bin/sh -c "cd / && $PG_BIN/psql -h '$root' -p $PG_PORT -d postgres -X -q -v ON_ERROR_STOP=1"
}

pg_start() {
    local root; root=$(pg_root)
    if [ ! -f "$root/data/PG_VERSION" ]; then
        rm -rf "$root/data"
        log "initdb $root/data"
        su postgres -s /bin/sh -c "cd / && $PG_BIN/initdb -D '$root/data' -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --no-locale" \
            >"$root/initdb.log" 2>&1 || { tail -n 20 "$root/initdb.log" >&2; die "initdb failed"; }
        cat >>"$root/data/postgresql.conf" <<CONF

# ---- qlvb private development cluster (scripts/dev-up) ----
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$root'
max_connections = 200
CONF
    fi
    reserve_ports "$PG_PORT"
    if port_open "$PG_PORT"; then
        echo "Port $PG_PORT is already in use by another process:" >&2; who_listens "$PG_PORT" >&2
        die "cannot start the private PostgreSQL (set QLVB_PG_PORT or stop that process)"
    fi
    log "starting PostgreSQL 15 on 127.0.0.1:$PG_PORT (data $root/data)"
    touch "$root/log"; chown postgres:postgres "$root/log"
    pg_ctl_ "$root" "-l '$root/log' -w -t 60 start" </dev/null >/dev/null 2>&1 9>&- \
        || { tail -n 20 "$root/log" >&2; die "PostgreSQL did not start; see $root/log"; }
    pg_psql_super "$root" >/dev/null <<'SQL' || die "could not create role/database qlvb"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'qlvb') THEN
    CREATE ROLE qlvb LOGIN CREATEDB CREATEROLE PASSWORD 'qlvb';
  END IF;
END $$;
-- qlvb is the development cluster's administrator: it runs the installation step (roles per service) and the
-- tests make roles of their own (DatabaseRolesTests).
ALTER ROLE qlvb CREATEROLE;
SELECT 'CREATE DATABASE qlvb OWNER qlvb' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'qlvb')\gexec
SELECT 'CREATE DATABASE qlvb_test OWNER qlvb' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'qlvb_test')\gexec
SQL
    local i; for i in $(seq 1 50); do pg_answers_as_qlvb && break; sleep 0.2; done
    pg_answers_as_qlvb || die "PostgreSQL runs but $PG_URL does not answer 'select 1'"
    log "PostgreSQL is up"
}

pg_stop() {
    if [ -e "$PG_REUSED_FILE" ]; then
        log "PostgreSQL on $PG_PORT was not started by us (reused); leaving it running"
        rm -f "$PG_REUSED_FILE"; return 0
    fi
    if pg_our_running; then
        local root; root=$(readlink -f "$PG_LINK")
        log "stopping PostgreSQL ($root/data)"
        pg_ctl_ "$root" "-m fast -w -t 60 stop" </dev/null >/dev/null 2>&1 || warn "pg_ctl stop failed; see $root/log"
    fi
}

# Data dir and owner of a cluster someone else runs on $PG_PORT (postgres chdirs into its data dir).
pg_foreign_datadir() {
    local pid; pid=$(ss -ltnpH "sport = :$PG_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    [ -n "$pid" ] && readlink "/proc/$pid/cwd"
}

# seconds since $1 (a `date +%s.%N` value), one decimal
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
