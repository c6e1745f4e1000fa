# tests/clamd.sh: a private clamd for tests (POSIX sh, sourced).
#
#   . "$TOP/tests/clamd.sh"
#   clamd_start DIR DBDIR   writes DIR/clamd.conf, starts clamd on
#                           DIR/clamd.sock with the database in DBDIR (see
#                           tests/mkdb), and returns once it answers PING;
#                           status 1 (and the log on stderr) if it does not
#   clamd_start_tcp DIR DBDIR PORT [LINES]
#                           the same, and clamd also listens on
#                           127.0.0.1:PORT (TCPSocket, TCPAddr); LINES are
#                           more clamd.conf lines (MaxFileSize 100K ...),
#                           one per line, appended to the configuration
#   CLAMD_ALERT=no clamd_start ...
#                           writes "AlertExceedsMax no" (Debian's default)
#                           instead of "AlertExceedsMax yes"
#   CLAMD_TMPFS=SIZE clamd_start ...
#                           DIR/tmp, its TemporaryDirectory, on a tmpfs of
#                           SIZE (as root; as INSTALL step 3 puts the
#                           service's): clamd_stop unmounts it
#   CLAMD_SOCKUSER=USER clamd_start ...
#                           the socket in DIR/sock instead, a folder of
#                           USER's, group clamav, mode CLAMD_SOCKMODE (0730),
#                           as qscanq's own clamd has it (INSTALL step 5):
#                           qscanq (USER its user) may keep the alert
#                           sample's proof beside it (proof.h)
#   clamd_stop DIR          stops it (TERM, then KILL after 10 s); status 0
#                           also when it was not running
#
# Clients: clamdscan --config-file=DIR/clamd.conf --fdpass ... FILE
# The socket is mode 666, so any user's clamdscan can connect; with
# --fdpass the caller opens the file and passes the fd, so clamd reads
# files that only the caller may read (a 0600 file of the caller's).
#
# When started by root, clamd drops to the clamav user (User clamav), and
# DIR is handed to that user so that clamd can write its socket, log, pid
# and temporary files there; the folders above DIR and DBDIR must be
# searchable, and DBDIR readable, by clamav (tests/mkdb makes the database
# 0755/0644; a mktemp -d folder is 0700: chmod 755 it). Started by anyone
# else, clamd runs as that user. Files: DIR/clamd.conf, DIR/clamd.sock,
# DIR/clamd.pid (clamd's own), DIR/clamd.spid (the pid we started),
# DIR/clamd.log, DIR/clamd.out (its stdout and stderr), DIR/tmp/.

CLAMD=${CLAMD:-/usr/sbin/clamd}
CLAMDSCAN=${CLAMDSCAN:-/usr/bin/clamdscan}

clamd_start() {
  _cd_dir=$1 _cd_db=$2
  case $_cd_dir in /*) ;; *) _cd_dir=$(pwd)/$_cd_dir ;; esac
  case $_cd_db in /*) ;; *) _cd_db=$(pwd)/$_cd_db ;; esac
  [ -f "$_cd_db/qscanq.ndb" ] || [ -f "$_cd_db/qscanq.hdb" ] ||
    { echo "clamd_start: no database in $_cd_db (run tests/mkdb)" >&2; return 1; }
  clamd_stop "$_cd_dir" || return 1
  mkdir -p "$_cd_dir/tmp" || return 1
  if [ -n "${CLAMD_TMPFS:-}" ]; then
    mount -t tmpfs -o "size=$CLAMD_TMPFS,mode=700,nosuid,nodev,noexec" tmpfs "$_cd_dir/tmp" || return 1
  fi
  rm -f "$_cd_dir/clamd.sock" "$_cd_dir/clamd.pid" "$_cd_dir/clamd.spid" || return 1
  _cd_sock=$_cd_dir/clamd.sock
  rm -rf "$_cd_dir/sock" || return 1
  if [ -n "${CLAMD_SOCKUSER:-}" ]; then
    _cd_sock=$_cd_dir/sock/clamd.sock
    mkdir "$_cd_dir/sock" && chown "$CLAMD_SOCKUSER:clamav" "$_cd_dir/sock" &&
      chmod "${CLAMD_SOCKMODE:-0730}" "$_cd_dir/sock" || return 1
  fi
  _cd_user=
  if [ "$(id -u)" = 0 ] && id clamav >/dev/null 2>&1; then _cd_user=clamav; fi
  {
    echo "# private clamd for qscanq's tests (tests/clamd.sh)"
    echo "Foreground yes"
    echo "LocalSocket $_cd_sock"
    echo "LocalSocketMode 666"
    echo "FixStaleSocket yes"
    echo "DatabaseDirectory $_cd_db"
    echo "TemporaryDirectory $_cd_dir/tmp"
    echo "PidFile $_cd_dir/clamd.pid"
    echo "LogFile $_cd_dir/clamd.log"
    echo "LogTime yes"
    echo "LogClean no"
    echo "AlertExceedsMax ${CLAMD_ALERT:-yes}"
    [ -z "$_cd_user" ] || echo "User $_cd_user"
    [ -z "${_cd_extra:-}" ] || printf '%s\n' "$_cd_extra"
  } > "$_cd_dir/clamd.conf" || return 1
  chmod 644 "$_cd_dir/clamd.conf" || return 1
  if [ -n "$_cd_user" ]; then
    chown "$_cd_user" "$_cd_dir" "$_cd_dir/tmp" || return 1
    chmod 755 "$_cd_dir" || return 1
    chmod 700 "$_cd_dir/tmp" || return 1
  fi
  "$CLAMD" --config-file="$_cd_dir/clamd.conf" > "$_cd_dir/clamd.out" 2>&1 < /dev/null &
  echo $! > "$_cd_dir/clamd.spid" || return 1
  # ready when it answers PING: at most 30 s, in steps of 0.1 s
  _cd_n=0
  while [ $_cd_n -lt 300 ]; do
    if [ -S "$_cd_sock" ] &&
       "$CLAMDSCAN" --config-file="$_cd_dir/clamd.conf" --ping 1 >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$(cat "$_cd_dir/clamd.spid")" 2>/dev/null || break
    sleep 0.1
    _cd_n=$((_cd_n + 1))
  done
  echo "clamd_start: clamd did not come up in $_cd_dir:" >&2
  cat "$_cd_dir/clamd.out" "$_cd_dir/clamd.log" >&2 2>/dev/null
  clamd_stop "$_cd_dir"
  return 1
}

clamd_start_tcp() {
  _cd_extra="TCPSocket $3
TCPAddr 127.0.0.1${4:+
$4}"
  clamd_start "$1" "$2"
  _cd_st=$?
  _cd_extra=
  return $_cd_st
}

clamd_stop() {
  _cs_dir=$1
  [ -f "$_cs_dir/clamd.spid" ] || { _clamd_untmpfs "$_cs_dir"; return; }
  _cs_pid=$(cat "$_cs_dir/clamd.spid") || return 1
  case $_cs_pid in ''|*[!0-9]*) rm -f "$_cs_dir/clamd.spid"; return 0 ;; esac
  # only our clamd: the pid may have been reused since it died
  if [ "$(ps -o comm= -p "$_cs_pid" 2>/dev/null)" = clamd ]; then
    kill -TERM "$_cs_pid" 2>/dev/null
    _cs_n=0
    while kill -0 "$_cs_pid" 2>/dev/null; do
      # a zombie of this shell counts as stopped
      case $(ps -o stat= -p "$_cs_pid" 2>/dev/null) in Z*|'') break ;; esac
      if [ $_cs_n -ge 100 ]; then kill -KILL "$_cs_pid" 2>/dev/null; break; fi
      sleep 0.1
      _cs_n=$((_cs_n + 1))
    done
  fi
  # reaped if it was ours; a clamd of an earlier run is no child of ours
  wait "$_cs_pid" 2>/dev/null || :
  rm -f "$_cs_dir/clamd.spid" "$_cs_dir/clamd.sock" "$_cs_dir/sock/clamd.sock"
  _clamd_untmpfs "$_cs_dir"
}
_clamd_untmpfs() { ! mountpoint -q "$1/tmp" || umount "$1/tmp"; }
