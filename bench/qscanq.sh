#!/bin/sh
# bench/qscanq.sh: what qscanq costs per message, side by side with its
# baselines, measured in the same run (GitHub issue #6; make bench runs it
# through bench/run). A benchmark, not a test: it prints tables, and
# nothing asserts on time. Run as root: it builds its own sandboxes with
# tests/lib.sh (test users, the real setuid bit) and a private clamd.
#
# Messages, generated here (nothing large is committed):
#   small     a short text mail
#   att100k   one 100 KB attachment (base64)
#   att5m     one 5 MB attachment (base64; the message is 6.8 MB)
#   multi50   50 parts: text and 1 KB base64 attachments in turn
#   infected  the EICAR test string as a base64 attachment
# Cases, each message delivered by the qmail-smtpd stand-in
# (tests/fake/qmail-smtpd) as the caller qsqa:
#   (a) the stand-in queue alone: qmail-smtpd runs bin/qmail-queue (the floor)
#   (b) qscanq with conf-scanner /bin/true: qscanq's own overhead
#   (c) qscanq with clamscan and the test database (tests/mkdb)
#   (d) qscanq with clamdscan --fdpass and a private clamd (tests/clamd.sh)
#   (e) clamdscan --fdpass alone on the same files: the message and the
#       parts reformime makes of it, in a folder of their own
#   (f) qscanq with conf-scanner's clamd form, the same clamd's unix socket
#       (qscanq-stdin unpacks in-process and speaks clamd's protocol)
#   (g) the same over TCP (the same clamd, also on 127.0.0.1)
#   (h) (f) built static with glibc, (i) (f) built static with musl
#       (musl-gcc, when musl-tools is installed): the small message only
# For each case, message and number of parallel callers (1 and 8): one
# untimed warm-up run per caller, then ROUNDS rounds of COUNT deliveries.
# Latency = wall time of one qmail-smtpd stand-in run (median and 99th
# percentile of all runs); msg/s = COUNT / wall time of a round (median of
# the rounds, with min and max); cpu = user + system time of the run and
# every process it waited for (wait4), plus for (d) to (i) clamd's own
# CPU time in the same rounds, per message. Ratios (xN) are against (a).
# Timing comes from bench/qsqdrive, memory from bench/maxrss (ptrace: the
# peak resident set and CPU time of each program separately).
#
# Knobs: QSQ_TMP (default: a new mktemp -d, removed at the end unless
# QSQ_BENCH_KEEP=1), QSQ_BENCH_ROUNDS (5), QSQ_BENCH_QUICK=1 (2 rounds of
# the smallest counts: a smoke run). Takes about 3 minutes on 2 idle cores.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
RMTMP=
if [ -z "${QSQ_TMP:-}" ]; then
  QSQ_TMP=$(mktemp -d /tmp/qsqbench.XXXXXX) || exit 111
  [ "${QSQ_BENCH_KEEP:-0}" = 1 ] || RMTMP=$QSQ_TMP
fi
trap 'cd /; ! type clamd_stop > /dev/null 2>&1 || clamd_stop "$QSQ_TMP/qbench/clamd"; [ -z "$RMTMP" ] || rm -rf "$RMTMP"' EXIT
export QSQ_TMP
case ${QSQ_TMP%/} in
  ""|/tmp|/var/tmp|/) echo "bench/qscanq.sh: QSQ_TMP must be a folder of its own, not $QSQ_TMP" >&2; exit 111 ;;
esac
chmod 755 "$QSQ_TMP" || exit 111
. "$TOP/tests/lib.sh"
. "$TOP/tests/clamd.sh"
trap 'exit 111' INT TERM

die() { echo "bench/qscanq.sh: fatal: $*" >&2; exit 111; }
say() { echo "bench: $(date +%T) $*" >&2; }
[ "$(id -u)" = 0 ] || die "run me as root (sandboxes need test users and the setuid bit)"

ROUNDS=${QSQ_BENCH_ROUNDS:-5}
QUICK=${QSQ_BENCH_QUICK:-0}
[ "$QUICK" = 1 ] && ROUNDS=2
B=$QSQ_TMP/qbench           # everything of ours
M=$B/msgs                   # messages, readable by the callers
U=$B/unpacked               # (e): each message and its parts
Q=$B/queue                  # the stand-in queue records here
RAW=$B/raw                  # the driver's output, one file per cell
MEM=$B/mem                  # maxrss reports
DB=$QSQ_TMP/db
CD=$B/clamd
rm -rf "$B" && mkdir -p "$M" "$U" "$Q" "$RAW" "$MEM" "$CD" || die "cannot make $B"
chmod 755 "$B" "$M" "$U" "$RAW" && chmod 777 "$Q" "$MEM" || die "cannot chmod $B"
: > "$B/cells"

# ---- the machine and the tools
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "qscanq benchmark (bench/qscanq.sh), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "tree:      $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$TOP" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "machine:   $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u | head -1)$(grep -q '^flags.* hypervisor' /proc/cpuinfo && echo ' (virtual machine)'), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
  echo "ClamAV:    clamscan $(clamscan --version 2>/dev/null | cut -d/ -f1 | sed 's/ClamAV //'), clamd $(/usr/sbin/clamd --version 2>/dev/null | cut -d/ -f1 | sed 's/ClamAV //'), clamdscan $(clamdscan --version 2>/dev/null | cut -d/ -f1 | sed 's/ClamAV //'); test database (tests/mkdb: 2 body, 1 hash signature)"
  echo "tools:     $(head -n 1 "$TOP/conf-cc" | cut -d' ' -f1-3) ($(gcc -dumpfullversion 2>/dev/null)), $(perl -e 'printf "perl %vd", $^V'), qmail-smtpd and qmail-queue: the stand-ins in tests/fake"
} > "$B/header"
cat "$B/header" >&2

# ---- build: the two helpers, the test database, three sandboxes at once
CC=${CC:-cc}
$CC -O2 -o "$B/qsqdrive" "$TOP/bench/qsqdrive.c" || die "cannot build bench/qsqdrive"
$CC -O2 -o "$B/maxrss" "$TOP/bench/maxrss.c" || die "cannot build bench/maxrss"
DRIVE=$B/qsqdrive
MAXRSS=$B/maxrss
# what starting a process costs here: an empty C program with the C
# library, and (x86-64 only) one without any, which shows the kernel's part
printf 'int main(void) { return 0; }\n' > "$B/empty.c"
$CC -O2 -o "$B/empty-libc" "$B/empty.c" || die "cannot build an empty program"
EMPTIES=$B/empty-libc
if [ "$(uname -m)" = x86_64 ]; then
  printf 'void _start(void) { __asm__ volatile("mov $60, %%eax\\n xor %%edi, %%edi\\n syscall"); }\n' > "$B/empty-raw.c"
  $CC -O2 -static -nostdlib -nostartfiles -o "$B/empty-nolibc" "$B/empty-raw.c" 2>/dev/null && EMPTIES="$EMPTIES $B/empty-nolibc"
fi
# the same, linked statically: with glibc, and with musl when installed
printf 'int main(void) { return 0; }\n' > "$B/empty.c"
$CC -O2 -static -o "$B/empty-static" "$B/empty.c" 2>/dev/null && EMPTIES="$EMPTIES $B/empty-static"
MUSL=
if command -v musl-gcc > /dev/null; then
  MUSL=musl-gcc
  musl-gcc -O2 -static -o "$B/empty-musl" "$B/empty.c" && EMPTIES="$EMPTIES $B/empty-musl"
fi
for e in $EMPTIES; do
  "$DRIVE" - 1 200 -- "$e" | perl -ne '@f = split; next unless $f[0] eq "run"; push @c, ($f[2] + $f[3]) / 1000; push @w, $f[1] / 1e6;
    END { @c = sort { $a <=> $b } @c; @w = sort { $a <=> $b } @w; printf "%s %.3f %.3f\n", $n, $c[$#c / 2], $w[$#w / 2] }
    BEGIN { $n = shift }' "$(basename "$e")"
done > "$B/empties"
{
  printf 'start-up:  an empty C program takes, to fork, exec and exit (median of 200, CPU / wall):'
  awk 'BEGIN { w["empty-libc"] = "glibc, dynamic"; w["empty-static"] = "glibc, static"; w["empty-musl"] = "musl, static"; w["empty-nolibc"] = "no C library at all" }
    { printf "%s %s %s / %s ms", (NR > 1 ? ";" : ""), w[$1], $2, $3 }' "$B/empties"
  echo
} >> "$B/header"
sh "$TOP/tests/mkdb" "$DB" > /dev/null || die "tests/mkdb failed"
SCAN_LINE="/usr/bin/clamscan -d $DB --infected --no-summary --recursive --alert-exceeds-max=yes ."
# the production line of conf-scanner, with our clamd's configuration
CLAMD_LINE="/usr/bin/clamdscan --config-file=$CD/clamd.conf --fdpass --infected --no-summary /proc/self/cwd/."
# the clamd form: the same clamd, on its unix socket and on 127.0.0.1
PORT=$(perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1, ReuseAddr => 1) or die; print $s->sockport') ||
  die "no free TCP port"
# the socket in a folder of the qscanq user's, as INSTALL step 5 has it
# (but searchable by all, 0731, for (d)'s clamdscan as the caller), so
# that qscanq keeps the alert sample's proof (QSQ_BENCH_PROOF=0: in
# clamd's folder, where it cannot: the sample in every session)
if [ "${QSQ_BENCH_PROOF:-1}" = 1 ]; then SOCKUSER=qsqd CU_LINE="clamd $CD/sock/clamd.sock"
else SOCKUSER= CU_LINE="clamd $CD/clamd.sock"; fi
CT_LINE="clamd 127.0.0.1:$PORT"
say "building the sandboxes (tests/lib.sh) ..."
qsq_users || die "cannot make the test users"
(sandbox qb-true /bin/true 300) > "$B/build-true.log" 2>&1 &
p1=$!
(sandbox qb-scan "$SCAN_LINE" 300) > "$B/build-scan.log" 2>&1 &
p2=$!
(sandbox qb-clamd "$CLAMD_LINE" 300) > "$B/build-clamd.log" 2>&1 &
p3=$!
wait $p1 && wait $p2 && wait $p3 || { cat "$B"/build-*.log >&2; die "a sandbox did not build"; }
(sandbox qb-cu "$CU_LINE" 300) > "$B/build-cu.log" 2>&1 &
p1=$!
(sandbox qb-ct "$CT_LINE" 300) > "$B/build-ct.log" 2>&1 &
p2=$!
wait $p1 && wait $p2 || { cat "$B"/build-*.log >&2; die "a sandbox did not build"; }
# (h), (i): (f) with the programs linked statically (conf-ld), glibc and musl
(QSQ_LD="gcc -static -g"; sandbox qb-cu-static "$CU_LINE" 300) > "$B/build-static.log" 2>&1 &
p1=$!
p2=
if [ -n "$MUSL" ]; then
  (QSQ_CC="$(head -n 1 "$TOP/conf-cc" | sed 's/^[^ ]*/musl-gcc/')" QSQ_LD="musl-gcc -static -g"
   sandbox qb-cu-musl "$CU_LINE" 300) > "$B/build-musl.log" 2>&1 &
  p2=$!
fi
wait $p1 || { cat "$B/build-static.log" >&2; die "the static glibc sandbox did not build"; }
[ -z "$p2" ] || wait $p2 || { cat "$B/build-musl.log" >&2; die "the musl sandbox did not build"; }
sandbox qb-true /bin/true 300 || die "sandbox qb-true"
ST=$S HT=$H
sandbox qb-scan "$SCAN_LINE" 300 || die "sandbox qb-scan"
SS=$S HS=$H
sandbox qb-clamd "$CLAMD_LINE" 300 || die "sandbox qb-clamd"
SD=$S HD=$H
sandbox qb-cu "$CU_LINE" 300 || die "sandbox qb-cu"
SF=$S HF=$H
sandbox qb-ct "$CT_LINE" 300 || die "sandbox qb-ct"
SG=$S HG=$H
# the static sandboxes keep the dynamic stand-ins: only qscanq's own
# programs differ from (f)
QSQ_LD="gcc -static -g" sandbox qb-cu-static "$CU_LINE" 300 || die "sandbox qb-cu-static"
SH=$S HH=$H
cp "$HT/bin/qmail-queue" "$HH/bin/qmail-queue" || die "cannot copy the stand-in queue"
HI=
if [ -n "$MUSL" ]; then
  QSQ_CC="$(head -n 1 "$TOP/conf-cc" | sed 's/^[^ ]*/musl-gcc/')" QSQ_LD="musl-gcc -static -g" sandbox qb-cu-musl "$CU_LINE" 300 || die "sandbox qb-cu-musl"
  HI=$H
  cp "$HT/bin/qmail-queue" "$HI/bin/qmail-queue" || die "cannot copy the stand-in queue"
fi
# the size of each program as installed (stripped of nothing: conf-ld has -g)
for p in qscanq qscanq-stdin run-cleanq; do
  printf '%s' "$p"
  for h in "$HF" "$HH" "$HI"; do
    if [ -n "$h" ]; then printf ' %s' "$(wc -c < "$h/bin/$p")"; else printf ' -'; fi
  done
  echo
done > "$B/sizes"
SMTPD=$ST/src/tests/fake/qmail-smtpd
type clamd_start_tcp > /dev/null 2>&1 || die "tests/clamd.sh has no clamd_start_tcp"
# clamd's temporary folder on a tmpfs, as INSTALL step 3 recommends
# (QSQ_BENCH_CLAMDTMPFS= for the disk)
CLAMD_SOCKUSER=$SOCKUSER CLAMD_SOCKMODE=0731 CLAMD_TMPFS=${QSQ_BENCH_CLAMDTMPFS-256m} clamd_start_tcp "$CD" "$DB" "$PORT" || die "clamd did not start"
CLAMDPID=$(cat "$CD/clamd.pid")

# ---- messages
. "$TOP/bench/msgs.sh"
bench_msgs "$M" || die "cannot make the messages"
MSGS=$BENCH_MSGS

# (e) scans what qscanq's scanner sees: the message and reformime's parts
for m in $MSGS; do
  mkdir -p "$U/$m" && chown qsqa "$U/$m" || die "cannot make $U/$m"
  (cd "$U/$m" && setpriv --reuid=qsqa --regid=qsqa --clear-groups "$HT/bin/reformime" < "$M/$m") ||
    die "reformime failed on $m"
  cp "$M/$m" "$U/$m/msg" && chmod -R a+rX "$U/$m" || die "cannot copy $m"
done

# ---- timing
# count MSG CONC: deliveries per round
count() {
  if [ "$QUICK" = 1 ]; then echo "$2"; return; fi
  case $1 in
    small|infected) n=20 ;;
    att100k|multi50) n=12 ;;
    att5m) n=4 ;;
  esac
  [ "$2" = 1 ] && echo $n || echo $((n * 2))
}
clamd_ticks() { awk '{ print $14 + $15 }' "/proc/$CLAMDPID/stat"; }
SPOOL=
clean() {
  rm -rf "$Q" && mkdir "$Q" && chmod 777 "$Q" || die "cannot empty $Q"
  [ -z "$SPOOL" ] || find "$SPOOL" -mindepth 1 -maxdepth 1 -exec rm -rf {} + || die "cannot empty $SPOOL"
}
# cell CASE MSG CONC PROG ARG...: warm-up, then ROUNDS rounds
cell() {
  _case=$1 _msg=$2 _conc=$3
  shift 3
  _n=$(count "$_msg" "$_conc")
  _raw=$RAW/$_case.$_msg.$_conc
  : > "$_raw"
  clean
  STANDIN_QUEUE=$Q "$DRIVE" qsqa "$_conc" "$_conc" -- "$@" > "$_raw.warm" || die "qsqdrive failed"
  clean
  _t0=$(clamd_ticks)
  _r=0
  while [ $_r -lt "$ROUNDS" ]; do
    STANDIN_QUEUE=$Q "$DRIVE" qsqa "$_conc" "$_n" -- "$@" >> "$_raw" || die "qsqdrive failed"
    clean
    _r=$((_r + 1))
  done
  echo "$_case $_msg $_conc $_raw $(($(clamd_ticks) - _t0))" >> "$B/cells"
}
CASES=${QSQ_BENCH_CASES:-a b c d e f g h i}
# message by message, every case of one message and caller count in a row:
# the load of a shared machine changes within a run, and the ratios to (a)
# are fairest between cells measured close together
for m in $MSGS; do
  say "$m: $CASES"
  for conc in 1 8; do
    for c in $CASES; do
      case $c in h|i) [ "$m" = small ] || continue ;; esac
      case $c in
        a) SPOOL= ; cell a "$m" "$conc" "$SMTPD" "$HT" "$HT/bin/qmail-queue" "$M/$m" "$M/env" ;;
        b) SPOOL=$HT/qscanq/spool; cell b "$m" "$conc" "$SMTPD" "$HT" "$HT/bin/qscanq" "$M/$m" "$M/env" ;;
        c) SPOOL=$HS/qscanq/spool; cell c "$m" "$conc" "$SMTPD" "$HS" "$HS/bin/qscanq" "$M/$m" "$M/env" ;;
        d) SPOOL=$HD/qscanq/spool; cell d "$m" "$conc" "$SMTPD" "$HD" "$HD/bin/qscanq" "$M/$m" "$M/env" ;;
        e) SPOOL= ; cell e "$m" "$conc" /usr/bin/clamdscan --config-file="$CD/clamd.conf" --fdpass --infected --no-summary "$U/$m" ;;
        f) SPOOL=$HF/qscanq/spool; cell f "$m" "$conc" "$SMTPD" "$HF" "$HF/bin/qscanq" "$M/$m" "$M/env" ;;
        g) SPOOL=$HG/qscanq/spool; cell g "$m" "$conc" "$SMTPD" "$HG" "$HG/bin/qscanq" "$M/$m" "$M/env" ;;
        h) SPOOL=$HH/qscanq/spool; cell h "$m" "$conc" "$SMTPD" "$HH" "$HH/bin/qscanq" "$M/$m" "$M/env" ;;
        i) [ -n "$HI" ] || continue
           SPOOL=$HI/qscanq/spool; cell i "$m" "$conc" "$SMTPD" "$HI" "$HI/bin/qscanq" "$M/$m" "$M/env" ;;
      esac
    done
  done
done
SPOOL=

# ---- memory (and CPU) of each program, bench/maxrss
say "peak memory"
# mem NAME USER PROG ARG...: 3 traced runs, reports NAME.1 .. NAME.3
mem() {
  _name=$1 _user=$2
  shift 2
  for _i in 1 2 3; do
    clean
    STANDIN_QUEUE=$Q "$MAXRSS" "$MEM/$_name.$_i" "$_user" -- "$@" > /dev/null 2>&1 < /dev/null
  done
  clean
}
for m in $MSGS; do
  SPOOL=
  mem "a.$m" qsqa "$SMTPD" "$HT" "$HT/bin/qmail-queue" "$M/$m" "$M/env"
  SPOOL=$HT/qscanq/spool
  mem "b.$m" qsqa "$SMTPD" "$HT" "$HT/bin/qscanq" "$M/$m" "$M/env"
  SPOOL=$HS/qscanq/spool
  mem "c.$m" qsqa "$SMTPD" "$HS" "$HS/bin/qscanq" "$M/$m" "$M/env"
  SPOOL=$HD/qscanq/spool
  mem "d.$m" qsqa "$SMTPD" "$HD" "$HD/bin/qscanq" "$M/$m" "$M/env"
  SPOOL=$HF/qscanq/spool
  mem "f.$m" qsqa "$SMTPD" "$HF" "$HF/bin/qscanq" "$M/$m" "$M/env"
  SPOOL=$HG/qscanq/spool
  mem "g.$m" qsqa "$SMTPD" "$HG" "$HG/bin/qscanq" "$M/$m" "$M/env"
  if [ "$m" = small ]; then
    SPOOL=$HH/qscanq/spool
    mem "h.$m" qsqa "$SMTPD" "$HH" "$HH/bin/qscanq" "$M/$m" "$M/env"
    if [ -n "$HI" ]; then
      SPOOL=$HI/qscanq/spool
      mem "i.$m" qsqa "$SMTPD" "$HI" "$HI/bin/qscanq" "$M/$m" "$M/env"
    fi
  fi
  SPOOL=
  # reformime alone, in an empty folder of the caller's
  for _i in 1 2 3; do
    rm -rf "$B/ralone" && mkdir "$B/ralone" && chown qsqa "$B/ralone" || die "cannot make $B/ralone"
    (cd "$B/ralone" && "$MAXRSS" "$MEM/r.$m.$_i" qsqa -- "$HT/bin/reformime" < "$M/$m" > /dev/null 2>&1)
  done
done
rm -rf "$B/ralone"
grep VmHWM "/proc/$CLAMDPID/status" | awk '{ print "clamd " $2 }' > "$MEM/clamd"
clamd_stop "$CD"

# cleanq on a spool of N finished working folders, 2 minutes old
say "cleanq"
SP=$HT/qscanq/spool
for n in 100 1000 10000; do
  find "$SP" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  (cd "$SP" && perl -e '
    my ($n) = @ARGV;
    my $sec = 4611686018427387914 + time() - 120;
    for my $i (1 .. $n) {
      my $id = sprintf("@%016x%08x.%x.0", $sec, $i, 1000 + $i);
      mkdir($id, 0700) && mkdir("$id/work", 0777) && chmod(0777, "$id/work") or die "mkdir $id: $!";
    }' "$n") || die "cannot make the spool"
  chown -R qsqd:qsqd "$SP"/@* || die "cannot chown the spool"
  "$MAXRSS" "$MEM/cleanq.$n" qsqd -- "$HT/bin/cleanq" > /dev/null 2>&1 &
  tracer=$!
  _w=0
  while [ -n "$(ls -A "$SP" 2>/dev/null | head -n 1)" ] && [ $_w -lt 600 ]; do sleep 0.05; _w=$((_w + 1)); done
  left=$(ls -A "$SP" | wc -l)
  kill -TERM "$(ps -o pid= --ppid "$tracer")" 2>/dev/null
  wait "$tracer"
  echo "left $left" >> "$MEM/cleanq.$n"
done

# ---- the report
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "load:      $LOAD0 at the start, $LOAD1 at the end (1, 5, 15 min)"
  awk -v n="$(nproc)" -v a="${LOAD0%% *}" -v b="${LOAD1%% *}" 'BEGIN {
    if (a + 0 > n / 2 || b + 0 > n / 2)
      print "           (a busy machine: latencies include waiting for a CPU; the CPU figures are steadier)" }'
} >> "$B/header"
perl "$TOP/bench/qscanq-report.pl" "$B" "$MSGS" "$ROUNDS" || die "the report failed"

# ---- the unpacker table
echo
if [ -f "$TOP/bench/reformime.sh" ]; then
  if [ "${QSQ_BENCH_RUN:-}" = 1 ]; then
    echo "unpacker table: bench/reformime.sh (bench/run prints it next)"
  else
    echo "== the unpacker: bench/reformime.sh"
    sh "$TOP/bench/reformime.sh"
  fi
else
  echo "reformime benchmark: not yet available"
fi
exit 0
