#!/usr/bin/env bash
# A throw-away one-node Slurm cluster on loopback, for tests that submit real jobs.
#   tests/slurm/cluster.sh start                 install if needed, start munged + slurmctld + slurmd
#   tests/slurm/cluster.sh stop                  cancel all jobs, stop the daemons (idempotent)
#   tests/slurm/cluster.sh wait JOBID [TIMEOUT]  wait for a job (every array task) to leave the
#                                                queue; exit 0 only if every task COMPLETED
# The config goes to /etc/slurm/slurm.conf, where Debian's slurm binaries look by default, so
# plain `sbatch`/`squeue` work without SLURM_CONF. Everything else (state, spool, logs, pid
# files) lives in $PRISM_SLURM_DIR (default /tmp/prism-slurm), wiped on every start.
# Needs root (apt, munge key, daemons); the daemons run without systemd.
set -euo pipefail

DIR=${PRISM_SLURM_DIR:-/tmp/prism-slurm}
CONF=/etc/slurm/slurm.conf
MARK="# written by prism tests/slurm/cluster.sh"
MUNGE_PID=/run/munge/munged.pid

log() { echo "cluster.sh: $*" >&2; }

fail() {
  log "FAILED: $*"
  for f in "$DIR"/slurmctld.log "$DIR"/slurmd.log /var/log/munge/munged.log; do
    [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 25 "$f" >&2; }
  done
  exit 1
}

# alive PID NAME: the process exists and really is NAME (guards against a recycled pid).
alive() { [ -n "$1" ] && [ "$(ps -p "$1" -o comm= 2>/dev/null)" = "$2" ]; }

# stop_pid PIDFILE NAME: SIGTERM, wait up to 10 s, then SIGKILL.
stop_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if alive "$pid" "$2"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do alive "$pid" "$2" || break; sleep 0.1; done
    if alive "$pid" "$2"; then log "$2 ($pid) ignored SIGTERM, killing"; kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  fi
  rm -f "$1"
}

install_if_missing() {
  command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v slurmd >/dev/null &&
    command -v munged >/dev/null && return 0
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq slurm-wlm munge >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null; } || fail "apt-get install slurm-wlm munge"
}

start_munge() {
  # A munged that already answers (e.g. the system's) is reused and left alone by `stop`.
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then log "reusing the running munged"; return 0; fi
  # munged refuses keys or dirs that others can read or write, and must own its key: it runs as
  # the munge user, not root (which is also what the Debian init script does).
  install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
  install -d -o munge -g munge -m 0711 /var/lib/munge
  install -d -o munge -g munge -m 0755 /run/munge   # /run is a fresh tmpfs: the package's dir is gone
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
  # --force: a stale socket left by a killed munged would otherwise stop it from starting.
  runuser -u munge -- munged --force --pid-file="$MUNGE_PID" || fail "munged did not start"
  touch "$DIR/munged.ours"
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "munged does not answer after 10 s"
}

write_conf() {
  if [ -f "$CONF" ] && ! grep -qxF "$MARK" "$CONF"; then
    fail "$CONF exists and was not written by this script; not overwriting it"
  fi
  # `slurmd -C` prints this machine's shape; keep everything but its hostname (we call it localhost).
  local shape
  shape=$(slurmd -C | head -1 | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' | tr '\n' ' ')
  [ -n "$shape" ] || fail "slurmd -C printed nothing useful"
  mkdir -p /etc/slurm
  cat >"$CONF" <<EOF
$MARK
ClusterName=prism-ci
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
# Bind both daemons to what their hostnames resolve to (127.0.0.1), not to every interface.
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
# No cgroups: this machine may have none usable (containers, gVisor), and linuxproc needs none.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default, memory as a consumable gives each job the whole node: jobs would run one at a time.
DefMemPerCPU=1024
# Keep finished jobs in memory 5 min so scontrol show job can report their final state.
MinJobAge=300
# A job whose dependency can never be met is cancelled instead of pending forever.
DependencyParameters=kill_invalid_depend
# Start queued batch jobs about 1 s after resources free up, not 3 s (the default delay).
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MailProg=/bin/true
NodeName=localhost NodeAddr=127.0.0.1 $shape State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

cmd_stop() {
  if alive "$(cat "$DIR/slurmctld.pid" 2>/dev/null || true)" slurmctld; then
    local jobs
    mapfile -t jobs < <(timeout 15 squeue -h -o %A 2>/dev/null | sort -u || true)
    [ ${#jobs[@]} -eq 0 ] || timeout 15 scancel "${jobs[@]}" 2>/dev/null || true
  fi
  stop_pid "$DIR/slurmd.pid" slurmd
  # Job steps of a killed slurmd would outlive it; they can only be ours (one cluster per machine).
  for _ in $(seq 50); do pgrep -x slurmstepd >/dev/null || break; sleep 0.2; done
  pgrep -x slurmstepd | xargs -r kill -KILL 2>/dev/null || true
  stop_pid "$DIR/slurmctld.pid" slurmctld
  if [ -f "$DIR/munged.ours" ]; then stop_pid "$MUNGE_PID" munged; rm -f "$DIR/munged.ours"; fi
}

cmd_start() {
  [ "$(id -u)" -eq 0 ] || fail "must run as root"
  install_if_missing
  cmd_stop                       # a clean slate, whatever a previous run left
  rm -rf "$DIR" && mkdir -p "$DIR/state" "$DIR/spool"
  write_conf
  start_munge
  slurmctld || fail "slurmctld did not start"
  # -N: our node is called localhost, not by the machine's hostname.
  slurmd -N localhost || fail "slurmd did not start"
  local state=""
  for _ in $(seq 120); do
    state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
    [ "$state" = idle ] && { log "up: node localhost idle"; return 0; }
    sleep 0.5
  done
  fail "node not idle after 60 s (state: '${state:-?}')"
}

# Poll until nothing of JOBID is pending or running, then read each task's final state.
cmd_wait() {
  local job=${1:?usage: cluster.sh wait JOBID [TIMEOUT_S]} timeout=${2:-120} out
  local deadline=$((SECONDS + timeout))
  while :; do
    # Once a job is gone squeue prints nothing, or (past MinJobAge) fails with "Invalid job id".
    if out=$(squeue -h -j "$job" -o %i 2>&1); then [ -z "$out" ] && break
    else case $out in *"Invalid job id"*) break ;; esac
    fi
    [ $SECONDS -lt $deadline ] || { log "job $job still queued after ${timeout}s: $out"; return 1; }
    sleep 0.5
  done
  local states
  states=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
  [ -n "$states" ] || { log "job $job: no state left to read (older than MinJobAge?)"; return 1; }
  if echo "$states" | grep -qvx COMPLETED; then
    log "job $job did not complete: $(echo "$states" | sort | uniq -c | tr -s ' \n' ' ')"; return 1
  fi
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  wait) shift; cmd_wait "$@" ;;
  *) echo "usage: $0 start|stop|wait JOBID [TIMEOUT_S]" >&2; exit 2 ;;
esac
