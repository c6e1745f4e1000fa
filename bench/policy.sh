#!/bin/sh
# bench/policy.sh: what the policy table (qscanq-policy(8)) costs per
# message: the same sandbox and clamd (tests/fake/clamd, normal mode, so
# clamd's own work is left out), small messages delivered by the
# qmail-smtpd stand-in as qsqa, rounds alternating between no table and
# INSTALL's suggested table. CPU = user + system of the stand-in run and
# every process it waited for (bench/qsqdrive), per message; medians over
# all runs of each mode. A benchmark: nothing asserts on time.
# Knobs: QSQ_TMP, QSQ_BENCH_ROUNDS (5), QSQ_BENCH_COUNT (100 per round).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
QSQ_TMP=${QSQ_TMP:-$(mktemp -d /tmp/qsqbench.XXXXXX)}
export TOP QSQ_TMP
chmod 755 "$QSQ_TMP"
. "$TOP/tests/lib.sh"
ROUNDS=${QSQ_BENCH_ROUNDS:-5}
COUNT=${QSQ_BENCH_COUNT:-100}
B=$QSQ_TMP/policy-bench
mkdir -p "$B" && chmod 755 "$B" || exit 111
QSQ_QMAIL=notqmail sandbox policy-bench "clamd $B/clamd.sock" 30 || exit 111
cc -O2 -o "$B/qsqdrive" "$TOP/bench/qsqdrive.c" || exit 111
"$S/src/tests/fake/clamd" "$B/clamd.sock" normal > "$B/ready" 2>/dev/null < /dev/null &
FPID=$!
trap 'kill -TERM $FPID 2>/dev/null' EXIT
while ! grep -qs '^ready' "$B/ready"; do sleep 0.05; done
Q=$B/queue
mkdir -p "$Q" && chmod 777 "$Q"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$B/env"
# small: a short text mail; att: a short mail with one named attachment
printf 'Subject: small\n\nhello, world\n' > "$B/small"
printf 'Subject: att\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/pdf; name="report.pdf"\nContent-Disposition: attachment; filename="report.pdf"\nContent-Transfer-Encoding: base64\n\naGVsbG8K\n--b--\n' > "$B/att"
chmod 644 "$B"/small "$B"/att "$B"/env
TABLE=$(sed -n '/^   name \.exe$/,/^   magic elf$/p' "$TOP/INSTALL" | sed 's/^   //')
[ -n "$TABLE" ] || { echo "bench/policy.sh: no suggested table in INSTALL" >&2; exit 111; }
run() { # MODE MSG: one round, CPU microseconds per run appended to B/MODE.MSG
  STANDIN_QUEUE=$Q "$B/qsqdrive" qsqa 1 "$COUNT" -- "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$B/$2" "$B/env" |
    awk '$1 == "run" { print $3 + $4 }' >> "$B/$1.$2"
}
rm -f "$B"/none.* "$B"/table.*
for msg in small att; do
  r=0
  while [ $r -lt "$ROUNDS" ]; do
    rm -f "$H/qscanq/policy.cdb"
    run none $msg
    printf '%s\n' "$TABLE" | "$H/bin/qscanq-policy" "$H/qscanq/policy.cdb" "$H/qscanq/policy.tmp" || exit 111
    run table $msg
    r=$((r + 1))
  done
  rm -f "$H/qscanq/policy.cdb"
done
median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "CPU per message (user + sys, microseconds, median of $ROUNDS x $COUNT runs each, rounds alternating):"
for msg in small att; do
  n=$(median "$B/none.$msg"); t=$(median "$B/table.$msg")
  echo "  $msg: no table $n, suggested table $t, difference $((t - n))"
done
