#!/bin/sh
# bench/alert.sh: what the alert sample (clamd/clamd_alert.c, issue 17
# item 11) adds per message. Two sandboxes of this tree, conf-scanner's
# clamd form on one private clamd's unix socket: one as built, one with
# -DCLAMD_ALERT=0. N (default 200) deliveries of a short text mail
# through the qmail-smtpd stand-in as qsqa, alternating between the two
# so that both see the same machine; prints the median and 90th
# percentile wall time of each, and the difference. A benchmark, not a
# test: nothing asserts on time. Run as root.
. "$(dirname "$0")/../tests/lib.sh"
. "$TOP/tests/clamd.sh"
N=${1:-200}
DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || exit 1
C=$QSQ_TMP/alert-bench
mkdir -p "$C" && chmod 755 "$C" || exit 1
clamd_start "$C/cd" "$DB" || exit 1
trap 'clamd_stop "$C/cd"' EXIT
sandbox alert-on "clamd $C/cd/clamd.sock" 30 || exit 1
ON=$S
QSQ_CC="$(sed 1q "$TOP/conf-cc") -DCLAMD_ALERT=0" sandbox alert-off "clamd $C/cd/clamd.sock" 30 || exit 1
OFF=$S
printf 'From: a@example.com\nSubject: hello\n\nhello\n' > "$C/msg"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$C/env"
chmod 644 "$C/msg" "$C/env"
for s in "$ON" "$OFF"; do rm -rf "$s/queue" && mkdir -p "$s/queue" && chmod 777 "$s/queue"; done
# one delivery: its wall time in microseconds
one() {
  perl -MTime::HiRes=time -e '
    open(my $out, ">&", \*STDOUT) or die; open(STDOUT, ">", "/dev/null") or die; open(STDERR, ">", "/dev/null") or die;
    my $t = time; my $r = system(@ARGV); my $d = time - $t;
    exit 1 if $r; printf $out "%d\n", $d * 1e6' \
    setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$1/queue" \
    "$1/src/tests/fake/qmail-smtpd" "$1/home" "$1/home/bin/qscanq" "$C/msg" "$C/env" || return 1
}
: > "$C/on"; : > "$C/off"
one "$ON" > /dev/null && one "$OFF" > /dev/null || { echo "alert.sh: a warm-up delivery failed" >&2; exit 1; }
i=0
while [ $i -lt "$N" ]; do
  one "$ON" >> "$C/on" || { echo "alert.sh: delivery failed (on)" >&2; exit 1; }
  one "$OFF" >> "$C/off" || { echo "alert.sh: delivery failed (off)" >&2; exit 1; }
  i=$((i + 1))
  rm -rf "$ON/queue"/* "$OFF/queue"/*
done
stat() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%d %d\n", v[int((NR + 1) / 2)], v[int(NR * 0.9)] }'; }
read -r on50 on90 <<EOF
$(stat "$C/on")
EOF
read -r off50 off90 <<EOF
$(stat "$C/off")
EOF
echo "deliveries: $N each, alternating; wall time per message, microseconds"
echo "with the alert sample:    median $on50  p90 $on90"
echo "without (CLAMD_ALERT=0):  median $off50  p90 $off90"
echo "added: median $((on50 - off50))"
