# tests/lib.sh: sourced by every tests/t-*.sh (POSIX sh).
#
# Assertions:  ok DESC | bad DESC | check DESC CMD... | expect_eq DESC GOT WANT
#              finish (prints the count; exit status 1 if anything failed)
# Users:       qsq_users creates the test users and group (CI runs as root):
#                qsqd   the qscanq user (conf-users line 1)
#                qsql   the log user (conf-users line 2)
#                qsqctl the control group (conf-groups)
#                qsqa, qsqb  callers (stand-ins for qmaild and a local user)
#                qsqc   an outsider who must never see anything
# Sandboxes:   sandbox NAME SCANNER-LINE [TIMEOUT]
#                builds a copy of the tree with its own conf files into
#                $QSQ_TMP/NAME/src, installs it into $QSQ_TMP/NAME/home with
#                make setup check, and sets S (the sandbox) and H (its home).
#                The checked-in conf files are never touched. A sandbox
#                with the same settings is reused within one run.
#                QSQ_CC / QSQ_LD, when set, replace conf-cc / conf-ld.
#                QSQ_DBAGE sets conf-dbage (default 0: the test database
#                has no date).
#                QSQ_QMAIL sets conf-qmail (default qmail); QSQ_SENDUSER
#                sets conf-users line 3, qmail-send's user (default none).
#                QSQ_CLAMDB sets conf-clamd's database folder (line 3), for
#                qscanq's own clamd service (tests/mkdb's database).
# Waiting:     waituntil SECS CMD...  polls CMD every 0.05 s until it
#                succeeds; status 1 if it does not within SECS
# svscan:      svscan_start DIR  runs the real svscan on DIR in the
#                background (its output in $S/svscan.out), its pid in SVSCAN
#              svscan_stop  stops that svscan and waits for it; the
#                supervise processes it started stay (svc -dx stops them)

set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
QSQ_TMP=${QSQ_TMP:-/tmp/qsqtest}
export TOP QSQ_TMP
# the scratch folder is chmod'ed: never let it be a shared one
case ${QSQ_TMP%/} in
  ""|/tmp|/var/tmp|/) echo "lib.sh: QSQ_TMP must be a folder of its own, not $QSQ_TMP" >&2; exit 1 ;;
esac
mkdir -p "$QSQ_TMP" && chmod 755 "$QSQ_TMP"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() { _d=$1; shift; if "$@"; then ok "$_d"; else bad "$_d"; fi; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi; }
finish() {
  echo "$(basename "$0"): $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

waituntil() {
  _n=$(($1 * 20)); shift
  while [ "$_n" -gt 0 ]; do
    "$@" && return 0
    _n=$((_n - 1))
    sleep 0.05
  done
  return 1
}

SVSCAN=
svscan_start() {
  svscan "$1" > "$S/svscan.out" 2>&1 &
  SVSCAN=$!
}
svscan_stop() {
  [ -n "$SVSCAN" ] && kill "$SVSCAN" 2>/dev/null && wait "$SVSCAN" 2>/dev/null
  SVSCAN=
}

qsq_users() {
  getent group qsqctl >/dev/null || groupadd -r qsqctl || return 1
  for _u in qsqd qsql qsqa qsqb qsqc; do
    id "$_u" >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$_u" || return 1
  done
}

# the part of the tree a build needs: no .git, no build products
# eicar_attached: a small mail with EICAR as a base64 attachment, on stdout
eicar_attached() {
  printf 'From: a@example.com\nSubject: invoice\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
  printf -- '--b\nContent-Type: application/octet-stream; name="e.com"\nContent-Transfer-Encoding: base64\n\n'
  sh "$TOP/tests/eicar" | perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'
  printf -- '--b--\n'
}
qsq_copy_tree() {
  mkdir -p "$1" &&
  # tar exits 1 when a file changes while it reads: the copy is still good
  { (cd "$TOP" && tar cf - --warning=no-file-changed --exclude=./.git --exclude='*.o' --exclude='*.a' .; [ $? -le 1 ]) |
    (cd "$1" && tar xf -); } &&
  make -C "$1" -s clean >/dev/null 2>&1
}

sandbox() {
  _name=$1 _scanner=$2 _timeout=${3:-30}
  S=$QSQ_TMP/$_name
  H=$S/home
  _stamp="$_scanner|$_timeout|${QSQ_CC:-}|${QSQ_QMAIL:-qmail}|${QSQ_SENDUSER:-}|${QSQ_CLAMDB:-}|${QSQ_DBAGE:-0}"
  if [ -f "$S/.built" ] && [ "$(cat "$S/.built")" = "$_stamp" ]; then return 0; fi
  qsq_users || return 1
  rm -rf "$S"
  mkdir -p "$S/src" "$H" && chmod 755 "$S" "$H" || return 1
  qsq_copy_tree "$S/src" || return 1
  (
    cd "$S/src" || exit 1
    printf '%s\n' "$H" > conf-home
    printf 'qsqd\nqsql\n%s\n' "${QSQ_SENDUSER:-}" > conf-users
    printf '%s\n' "${QSQ_QMAIL:-qmail}" > conf-qmail
    printf 'qsqctl\n' > conf-groups
    printf '%s\n' "$_scanner" > conf-scanner
    printf '%s\n' "$_timeout" > conf-timeout
    printf '%s\n' "${QSQ_DBAGE:-0}" > conf-dbage
    [ -z "${QSQ_CC:-}" ] || printf '%s\n' "$QSQ_CC" > conf-cc
    [ -z "${QSQ_CLAMDB:-}" ] || printf '/usr/sbin/clamd\nclamav\n%s\n' "$QSQ_CLAMDB" > conf-clamd
    [ -z "${QSQ_LD:-}" ] || printf '%s\n' "$QSQ_LD" > conf-ld
    make it standins && make setup check
  ) > "$S/build.log" 2>&1 || { echo "sandbox $_name: build failed:"; tail -30 "$S/build.log"; return 1; }
  # the stand-in for qmail's own qmail-queue (qmail is not packaged here)
  cp "$S/src/tests/fake/qmail-queue" "$H/bin/qmail-queue" && chmod 755 "$H/bin/qmail-queue" || return 1
  printf '%s\n' "$_stamp" > "$S/.built"
}
