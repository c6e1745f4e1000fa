#!/bin/sh
# tests/t-stats.sh (issue 18, item 12): qscanq-stats over real log output.
# Messages pass through a sandbox whose conf-scanner is a pool of a real
# clamd (tests/mkdb's database) and a socket nobody listens on, with
# cleanq under the real svscan, supervise and multilog; then cleanq's log
# (the record) is fed to qscanq-stats and its tables are checked against
# what was sent and against qscanq-stdin's own lines on fd 2. Also the
# Prometheus file (written whole: FILE.tmp, then renamed).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
C=$QSQ_TMP/stats-clamd
mkdir -p "$C" && chmod 755 "$C" && rm -f "$C/dead.sock" || exit 1
check "a real clamd starts" clamd_start "$C" "$DB"
sandbox stats "clamd $C/dead.sock $C/clamd.sock" 30 || { bad "sandbox stats"; clamd_stop "$C"; finish; exit 1; }
. "$TOP/tests/svscan.sh"
STATS=$H/bin/qscanq-stats
check "make setup installs qscanq-stats (0755) and its page" sh -c "[ -x '$STATS' ] && [ -f '$H/man/man8/qscanq-stats.8' ]"

M=$QSQ_TMP/stats-msgs
O=$QSQ_TMP/stats-out
Q=$O/queue
rm -rf "$M" "$O" && mkdir -p "$M" "$O" "$Q" && chmod 755 "$M" && chmod 1777 "$O" && chmod 777 "$Q" || exit 1
SMTPD=$S/src/tests/fake/qmail-smtpd
printf 'Subject: hi\n\nhello\n' > "$M/clean"
printf 'Subject: m\n\n%s\n' "QSCANQ-TEST-""MARKER-7f3a9c" > "$M/marker"
{ printf 'Subject: e\n\n'; sh "$TOP/tests/eicar"; printf '\n'; } > "$M/eicar"
printf 'Fs@example.com\0Tr@example.net\0\0' > "$M/env"
chmod 644 "$M"/*
send() { # send MSG: through the stand-in qmail-smtpd; fd 2 appended to $O/fd2
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" "$SMTPD" "$H" "$H/bin/qscanq" "$M/$1" "$M/env" >> "$O/replies" 2>> "$O/fd2"
}

check "cleanq starts under svscan, supervise and multilog" svc_start
for m in clean clean clean clean clean marker marker marker eicar eicar; do send $m; done
clamd_stop "$C"
send clean
send marker
check "cleanq sweeps every folder" spool_empty 60
cleanqlog > "$O/record"
expect_eq "the record has 12 summary lines" "$(grep -c ' summary: ' "$O/record")" 12

"$STATS" < "$O/record" > "$O/day" 2> "$O/err"
expect_eq "qscanq-stats exits 0 on the record" "$?/$(cat "$O/err")" "0/"
cat "$O/day" | sed 's/^/# /'
# section TITLE: the rows of one table
section() { awk -v t="$1" '$0 == t { on = 1; getline; next } on && /^$/ { exit } on' "$O/${2:-day}"; }
row=$(section messages | awk '{ s += $2; q += $3; r += $4; d += $5; x += $6 } END { print s "/" q "/" r "/" d "/" x }')
expect_eq "messages: 12, queued 5, refused 5, deferred 2, dropped 0" "$row" "12/5/5/2/0"
names=$(section "refused (and dropped) by name" | awk '{ n[$3] += $2 } END { for (k in n) print k, n[k] }' | sort | tr '\n' ';')
expect_eq "refused by name: the marker 3, EICAR 2" "$names" "Qscanq.Test.Eicar.UNOFFICIAL 2;Qscanq.Test.Marker.UNOFFICIAL 3;"
reasons=$(section "deferred by reason" | awk '{ $1 = ""; c = $2; $2 = ""; sub(/^ +/, ""); n[$0] += c } END { for (k in n) print k ":" n[k] }' | tr '\n' ';')
expect_eq "deferred by reason: the scanner unavailable, 2" "$reasons" "the virus scanner is unavailable:2;"
# failovers: qscanq-stdin logs one line on fd 2 for each server passed over
for s in dead.sock clamd.sock; do
  want=$(grep -c "clamd $C/$s: " "$O/fd2")
  got=$(section "failovers by server (servers passed over)" | awk -v s="$C/$s" '$3 == s { n += $2 } END { print n + 0 }')
  expect_eq "failovers of $s: as many as its lines on fd 2 ($want)" "$got" "$want"
done
check "... the dead socket was passed over at least once (of 12 starts)" test "$(grep -c "clamd $C/dead.sock: " "$O/fd2")" -ge 1
expect_eq "... the stopped clamd, twice (the 2 deferred messages)" "$(grep -c "clamd $C/clamd.sock: " "$O/fd2")" 2
lat=$(section "latency, ms (from qscanq's start to the end of its wait)" | awk '{ n += $2; if ($6 > m) m = $6 } END { print n "/" m }')
max=$(sed -n 's/.* summary: .* ms \([0-9]*\) .*/\1/p' "$O/record" | sort -n | tail -n 1)
expect_eq "latency: 12 messages, the max is the record's largest ms ($max)" "$lat" "12/$max"
check "... p50 <= p90 <= p99 <= max in every row" sh -c "awk '{ if (!(\$3 <= \$4 && \$4 <= \$5 && \$5 <= \$6)) exit 1 }' <<E
$(section "latency, ms (from qscanq's start to the end of its wait)")
E"

"$STATS" -h -p "$O/qscanq.prom" < "$O/record" > "$O/hour"
row=$(section messages hour | awk '{ s += $2 } END { print s }')
expect_eq "per hour (-h): the rows add up to 12" "$row" 12
check "... periods are hours (YYYY-MM-DDTHH)" sh -c "[ -n \"\$1\" ] && ! printf '%s\n' \"\$1\" | grep -qvE '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9] '" - "$(section messages hour)"
last=$(section messages hour | tail -n 1 | awk '{ print $3 "/" $4 "/" $5 }')
prom=$(awk '/^qscanq_messages\{verdict="queued"\}/ { q = $2 } /^qscanq_messages\{verdict="refused"\}/ { r = $2 } /^qscanq_messages\{verdict="deferred"\}/ { d = $2 } END { print q "/" r "/" d }' "$O/qscanq.prom")
check "-p writes the file, and the newest hour has a row ($last)" sh -c "[ -s '$O/qscanq.prom' ] && printf '%s' '$last' | grep -qE '^[0-9]+/[0-9]+/[0-9]+\$'"
expect_eq "... the Prometheus file has the newest hour's verdicts" "$prom" "$last"
check "... written whole: no .tmp left behind" test ! -e "$O/qscanq.prom.tmp"
check "... every sample line is NAME[{LABEL=\"...\"}] NUMBER" sh -c "grep -v '^# ' '$O/qscanq.prom' | grep -qvE '^qscanq_[a-z_]+(\{[a-z]+=\"[^\"]*\"\})? [0-9]+\$' && exit 1; exit 0"
check "... the latency quantiles are there" sh -c "[ \$(grep -c '^qscanq_latency_ms{quantile=' '$O/qscanq.prom') = 4 ]"
# a line as older qscanq wrote it (no failover, no envelope), and noise
{ echo "@400000006b0c382117caea88 qscanq: @400000006b0c382117caea87.fc8.0 uid 994: summary: refused 82 smtpd 4035 qp 4040 queue - ms 170 ip 10.0.0.0 bytes 30 parts 1 scanner replies-scanner: virus found: Test.Virus-1"
  echo "@400000006b0c382117caea88 deleted @400000006b0c382117caea87.fc8.0: done"
  echo "qscanq: @bogus uid 1: summary: queued 0"; } | "$STATS" > "$O/old"
expect_eq "an older summary line counts; noise and a line with a bad ID do not" "$(section messages old | awk '{ print $2 "/" $4 }')" "1/1"
"$STATS" -x < /dev/null > /dev/null 2>&1
expect_eq "a bad option: usage, exit 100" "$?" 100

svc_stop
finish
