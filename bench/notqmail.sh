#!/bin/sh
# bench/notqmail.sh: the whole chain (issue #20): messages delivered over
# persistent SMTP connections to a real notqmail's qmail-smtpd under
# tcpserver as qmaild on 127.0.0.1, which runs notqmail's own qmail-queue
# (it syncs to disk), bare, or through a sandbox qscanq in the clamd form
# ($QMAILQUEUE), built as conf-cc/conf-ld say (glibc, dynamic) and static
# with musl (when musl-gcc is there); one private clamd with the test
# database (tests/mkdb) for all. make bench runs it when
# /var/qmail/bin/qmail-smtpd exists and skips it otherwise (CI has no
# notqmail). Build notqmail by hand as its INSTALL.md says (users alias,
# qmaild, qmaill, qmailp, qmailq, qmailr, qmails; groups nofiles, qmail;
# make setup check; control/me, rcpthosts and locals saying localhost),
# with a local user QSQ_E2E_USER (default nqtest) who has ~/Maildir.
# qmail-send need not run: the messages stay in the queue, which this
# script empties (queue/mess, intd, todo, info, local, remote) before and
# after the run. A benchmark, not a test: nothing asserts on time.
#
# Messages: small (15 lines), att100k (one 100 KB attachment), multi10
# (10 parts of 5 KB, base64), eicarzip (EICAR in a zip: refused, 554).
# QSQ_E2E_N (40) of each to each server, interleaved, shuffled per round;
# latency = MAIL FROM to the reply to the dot (bench/smtpbench.pl).
# QSQ_E2E_TREES="NAME=DIR ...": more columns, each the musl build (the
# glibc build without musl-gcc) of the tree in DIR (bench/compare-like
# experiments: an old revision unpacked there, or a patched copy). A NAME
# ending in -tmpfs gets its spool on a tmpfs (mounted here, unmounted at
# the end): what the file system work in the spool costs.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
QM=${QSQ_E2E_QMAIL:-/var/qmail}
if [ ! -x "$QM/bin/qmail-smtpd" ]; then
  echo "bench/notqmail.sh: skipped: no $QM/bin/qmail-smtpd (see its comment)"
  exit 0
fi
die() { echo "bench/notqmail.sh: fatal: $*" >&2; exit 111; }
say() { echo "notqmail: $(date +%T) $*" >&2; }
[ "$(id -u)" = 0 ] || die "run me as root"
command -v tcpserver > /dev/null || die "no tcpserver (ucspi-tcp)"
RCPTUSER=${QSQ_E2E_USER:-nqtest}
id qmaild > /dev/null 2>&1 || die "no user qmaild"
N=${QSQ_E2E_N:-40}
[ "${QSQ_BENCH_QUICK:-0}" = 1 ] && N=3
RMTMP=
if [ -z "${QSQ_TMP:-}" ]; then
  QSQ_TMP=$(mktemp -d /tmp/qsqe2e.XXXXXX) || exit 111
  [ "${QSQ_BENCH_KEEP:-0}" = 1 ] || RMTMP=$QSQ_TMP
fi
export QSQ_TMP
PIDS=
MOUNTS=
qclean() {
  for d in mess intd todo info local remote; do
    [ -d "$QM/queue/$d" ] && find "$QM/queue/$d" -type f -delete
  done
}
trap 'cd /; for p in $PIDS; do kill "$p" 2>/dev/null; done; for m in $MOUNTS; do umount "$m"; done; ! type clamd_stop > /dev/null 2>&1 || clamd_stop "$QSQ_TMP/e2e/clamd"; qclean; [ -z "$RMTMP" ] || rm -rf "$RMTMP"' EXIT
mkdir -p "$QSQ_TMP" && chmod 755 "$QSQ_TMP" || exit 111
. "$TOP/tests/lib.sh"
. "$TOP/tests/clamd.sh"
trap 'exit 111' INT TERM
B=$QSQ_TMP/e2e
M=$B/msgs
CD=$B/clamd
DB=$QSQ_TMP/db
rm -rf "$B" && mkdir -p "$M" "$CD" && chmod 755 "$B" "$M" || die "cannot make $B"

# ---- messages
. "$TOP/bench/msgs.sh"
{ hdr small; printf '\nHi Bob,\n\nLunch at noon tomorrow? The usual place.\n\n-- \nAlice\n'; } > "$M/small"
attach att100k 102400 1 > "$M/att100k"
{
  hdr multi10
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=_m10"\n\n'
  i=1
  while [ $i -le 10 ]; do
    printf -- '--=_m10\nContent-Type: application/octet-stream; name="p%d.bin"\nContent-Transfer-Encoding: base64\n\n' $i
    rnd 5120 $((i + 200)) | b64
    i=$((i + 1))
  done
  printf -- '--=_m10--\n'
} > "$M/multi10"
{
  hdr eicarzip
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=_z"\n\n--=_z\nContent-Type: text/plain\n\nsee attached\n--=_z\n'
  printf 'Content-Type: application/zip; name="e.zip"\nContent-Transfer-Encoding: base64\n\n'
  sh "$TOP/tests/eicar" | perl -MIO::Compress::Zip=zip -e 'local $/; my $in = <STDIN>; my $out; zip(\$in => \$out, Name => "e.com") or die; print $out' | b64
  printf -- '--=_z--\n'
} > "$M/eicarzip"
chmod 644 "$M"/*
MSGS="small att100k multi10 eicarzip"
[ "$(wc -l < "$M/small")" = 15 ] || die "the small message is not 15 lines"

# ---- sandboxes and clamd
sh "$TOP/tests/mkdb" "$DB" > /dev/null || die "tests/mkdb failed"
# the socket in a folder of the qscanq user's, as INSTALL step 5 has it,
# so that qscanq keeps the alert sample's proof (QSQ_E2E_PROOF=0: in
# clamd's folder, where it cannot: the sample in every session)
if [ "${QSQ_E2E_PROOF:-1}" = 1 ]; then SOCKUSER=qsqd CU_LINE="clamd $CD/sock/clamd.sock"
else SOCKUSER= CU_LINE="clamd $CD/clamd.sock"; fi
say "building the sandboxes ..."
qsq_users || die "cannot make the test users"
(sandbox e2e-glibc "$CU_LINE" 300) > "$B/build-glibc.log" 2>&1 &
p1=$!
p2=
if command -v musl-gcc > /dev/null; then
  (QSQ_CC="$(head -n 1 "$TOP/conf-cc" | sed 's/^[^ ]*/musl-gcc/')" QSQ_LD="musl-gcc -static -g"
   sandbox e2e-musl "$CU_LINE" 300) > "$B/build-musl.log" 2>&1 &
  p2=$!
fi
wait $p1 || { cat "$B/build-glibc.log" >&2; die "the glibc sandbox did not build"; }
[ -z "$p2" ] || wait $p2 || { cat "$B/build-musl.log" >&2; die "the musl sandbox did not build"; }
sandbox e2e-glibc "$CU_LINE" 300 || die "sandbox e2e-glibc"
HG=$H
HM=
if [ -n "$p2" ]; then
  QSQ_CC="$(head -n 1 "$TOP/conf-cc" | sed 's/^[^ ]*/musl-gcc/')" QSQ_LD="musl-gcc -static -g" sandbox e2e-musl "$CU_LINE" 300 || die "sandbox e2e-musl"
  HM=$H
fi
EXTRA=
for t in ${QSQ_E2E_TREES:-}; do
  if [ -n "$p2" ]; then
    (TOP=${t#*=}; QSQ_CC="$(head -n 1 "$TOP/conf-cc" | sed 's/^[^ ]*/musl-gcc/')" QSQ_LD="musl-gcc -static -g" sandbox "e2e-x-${t%%=*}" "$CU_LINE" 300 > "$B/build-${t%%=*}.log" 2>&1 &&
      echo "${t%%=*}=$H" >> "$B/extra") || { cat "$B/build-${t%%=*}.log" >&2; die "the sandbox of $t did not build"; }
  else
    (TOP=${t#*=}; sandbox "e2e-x-${t%%=*}" "$CU_LINE" 300 > "$B/build-${t%%=*}.log" 2>&1 && echo "${t%%=*}=$H" >> "$B/extra") ||
      { cat "$B/build-${t%%=*}.log" >&2; die "the sandbox of $t did not build"; }
  fi
done
[ ! -f "$B/extra" ] || EXTRA=$(cat "$B/extra")
for x in $EXTRA; do
  case ${x%%=*} in
    *-tmpfs)
      _s=${x#*=}/qscanq/spool
      _m=$(stat -c '%a %u %g' "$_s") || die "no $_s"
      mount -t tmpfs -o "mode=$(echo "$_m" | cut -d' ' -f1),uid=$(echo "$_m" | cut -d' ' -f2),gid=$(echo "$_m" | cut -d' ' -f3),size=256m" tmpfs "$_s" ||
        die "cannot mount a tmpfs on $_s"
      MOUNTS="$MOUNTS $_s" ;;
  esac
done
# the real queue behind qscanq: notqmail's own
for h in $HG $HM $(for x in $EXTRA; do echo "${x#*=}"; done); do
  rm -f "$h/qscanq/qmail-queue" && ln -s "$QM/bin/qmail-queue" "$h/qscanq/qmail-queue" || die "cannot link $h/qscanq/qmail-queue"
done
# clamd's temporary folder on a tmpfs, as INSTALL step 3 recommends
# (QSQ_E2E_CLAMDTMPFS= for the disk)
CLAMD_SOCKUSER=$SOCKUSER CLAMD_TMPFS=${QSQ_E2E_CLAMDTMPFS-256m} clamd_start "$CD" "$DB" || die "clamd did not start"
CLAMDPID=$(cat "$CD/clamd.pid")

# ---- servers: tcpserver as qmaild, one port each
port() { perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1, ReuseAddr => 1) or die; print $s->sockport'; }
QUID=$(id -u qmaild) QGID=$(id -g qmaild)
SERVERS=
serve() { # serve NAME [QMAILQUEUE]
  _p=$(port) || die "no free port"
  if [ -n "${2:-}" ]; then
    env - PATH=/usr/bin:/bin QMAILQUEUE="$2" tcpserver -q -R -H -u "$QUID" -g "$QGID" 127.0.0.1 "$_p" "$QM/bin/qmail-smtpd" 2>> "$B/log" &
  else
    env - PATH=/usr/bin:/bin tcpserver -q -R -H -u "$QUID" -g "$QGID" 127.0.0.1 "$_p" "$QM/bin/qmail-smtpd" 2>> "$B/log" &
  fi
  PIDS="$PIDS $!"
  SERVERS="$SERVERS $1=$_p"
  _w=0
  until perl -MIO::Socket::INET -e 'IO::Socket::INET->new(PeerAddr => "127.0.0.1:'"$_p"'") or exit 1' 2>/dev/null; do
    _w=$((_w + 1)); [ $_w -lt 100 ] || die "tcpserver on $_p did not start"; sleep 0.1
  done
}
serve bare
serve glibc "$HG/bin/qscanq"
[ -z "$HM" ] || serve musl "$HM/bin/qscanq"
for x in $EXTRA; do serve "${x%%=*}" "${x#*=}/bin/qscanq"; done

# ---- run
qclean
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
T0=$(awk '{ print $14 + $15 }' "/proc/$CLAMDPID/stat")
say "$N rounds of $MSGS to$SERVERS"
perl "$TOP/bench/smtpbench.pl" "$N" "$RCPTUSER@localhost" "$M" $MSGS -- $SERVERS > "$B/raw" || die "bench/smtpbench.pl failed"
T1=$(awk '{ print $14 + $15 }' "/proc/$CLAMDPID/stat")
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
echo "end to end through notqmail ($QM), $(date -u '+%Y-%m-%d %H:%M UTC'), tree $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$TOP" diff --quiet HEAD 2>/dev/null || echo '+')"
echo "load $LOAD0 at the start, $LOAD1 at the end; $N of each message to each server, interleaved; clamd CPU $(((T1 - T0) * 10)) ms in all"
perl -e '
  my ($servers, $msgs) = (shift, shift);
  my @s = map { (split /=/)[0] } split " ", $servers;
  my @m = split " ", $msgs;
  my (%t, %c);
  while (<STDIN>) { my @f = split; next unless $f[0] eq "run"; push @{$t{$f[1]}{$f[2]}}, $f[3]; $c{$f[1]}{$f[2]}{$f[4]}++ }
  sub med { my @v = sort { $a <=> $b } @_; return @v % 2 ? $v[$#v / 2] : ($v[@v / 2 - 1] + $v[@v / 2]) / 2 }
  printf "%-10s", "message";
  printf " %16s", $_ for @s;
  print "   replies\n";
  for my $m (@m) {
    printf "%-10s", $m;
    my $base = med(@{$t{bare}{$m}});
    for my $s (@s) {
      my $v = med(@{$t{$s}{$m}});
      if ($s eq "bare") { printf " %13.1f ms", $v * 1000 } else { printf " %7.1f ms %4.2fx", $v * 1000, $v / $base }
    }
    print "   ", join(" ", map { my $s = $_; "$s:" . join("/", map { "$_*$c{$s}{$m}{$_}" } sort keys %{$c{$s}{$m}}) } @s), "\n";
  }' "$SERVERS" "$MSGS" < "$B/raw"
exit 0
