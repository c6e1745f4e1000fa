#!/bin/sh
# tests/t-policy.sh (issue 19): policy the administrator sets, end to end
# through the qmail-smtpd stand-in in notqmail mode, with a real clamd
# (tests/mkdb's database) and the scripted fake tests/fake/clamd.
#   3. conf-dbage: a server whose database is too old, or has no date,
#      is passed over like a dead one; the summary names the database.
#   2. the signature table (qscanq-policy): refuse, defer, accept and
#      log; exact over prefix, the worst name of a message counts; a new
#      table counts from the next message.
#
# Sandboxes (conf-scanner fixed at build; what listens behind each socket
# is changed between cases: a symbolic link to a real clamd's socket, or
# a fake clamd of its own):
#   Z  QSQ_DBAGE=0  clamd $C/a.sock
#   D  QSQ_DBAGE=3  clamd $C/a.sock $C/b.sock
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }

C=$QSQ_TMP/policy-cd
M=$QSQ_TMP/policy-msgs
O=$QSQ_TMP/policy-out
Q=$O/queue
rm -rf "$M" "$O" && mkdir -p "$C" "$M" "$O" "$Q" && chmod 755 "$C" "$M" && chmod 1777 "$O" && chmod 777 "$Q" || exit 1

QSQ_QMAIL=notqmail QSQ_DBAGE=0 sandbox policy-z "clamd $C/a.sock" 30 || { bad "sandbox policy-z"; finish; exit 1; }
HZ=$H SZ=$S
QSQ_QMAIL=notqmail QSQ_DBAGE=3 sandbox policy-d "clamd $C/a.sock $C/b.sock" 30 || { bad "sandbox policy-d"; finish; exit 1; }
HD=$H
SMTPD=$SZ/src/tests/fake/qmail-smtpd
FAKE=$SZ/src/tests/fake/clamd
ID='@[0-9a-f]{24}\.[0-9a-f]+\.[0-9]+'

# ---- servers
FAKES=
# fake NAME MODE [ARG]: a fake clamd on $C/NAME.sock, back once it listens
fake() {
  _n=$1; shift
  rm -f "$C/$_n.sock" "$C/$_n.ready"
  "$FAKE" "$C/$_n.sock" "$@" > "$C/$_n.ready" 2> "$C/$_n.log" < /dev/null &
  FAKES="$FAKES $!"
  _i=0
  while [ $_i -lt 200 ] && ! grep -qs '^ready' "$C/$_n.ready"; do sleep 0.05; _i=$((_i + 1)); done
}
fakes_stop() {
  for _p in $FAKES; do kill -TERM "$_p" 2>/dev/null; wait "$_p" 2>/dev/null; done
  FAKES=
}
# real NAME: NAME.sock leads to the real clamd
real() { rm -f "$C/$1.sock" && ln -s "$C/real/clamd.sock" "$C/$1.sock"; }
cleanup() { fakes_stop; clamd_stop "$C/real"; }
trap cleanup EXIT
clamd_start "$C/real" "$DB" || { bad "clamd_start"; finish; exit 1; }

# ---- messages
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'Subject: clean\n\nhello\n' > "$M/CLEAN"
printf 'Subject: marker\n\n%s%s\n' QSCANQ-TEST- MARKER-7f3a9c > "$M/MARKER"
{ printf 'Subject: eicar\n\n'; sh "$TOP/tests/eicar"; printf '\n'; } > "$M/EICAR"
# the marker in one part, EICAR in another
{ printf 'Subject: both\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
  printf -- '--b\nContent-Type: text/plain\n\n%s%s\n' QSCANQ-TEST- MARKER-7f3a9c
  printf -- '--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'
  sh "$TOP/tests/eicar" | base64; printf -- '--b--\n'; } > "$M/BOTH"
chmod 644 "$M"/*

queued() { ls "$Q" | grep -c '\.info$'; }
asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
# deliver HOME MSG: through the stand-in qmail-smtpd (notqmail); REPLY,
# CODE, the log (qscanq's fd 2) in $O/log
deliver() {
  _out=$(asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.9 "$SMTPD" "$1" "$1/bin/qscanq" "$M/$2" "$M/env" 2> "$O/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
summary() { grep -E "^qscanq: $ID uid [0-9]+: summary: " "$O/log"; }
# reply_is REGEX: the whole first line of the reply
reply_is() { printf '%s\n' "$REPLY" | grep -qxE "$1"; }
# clamd's VERSION answer, dated AGO seconds before now
dbversion() { printf '1.4.6/%s/%s' "$1" "$(LC_ALL=C date -u -d "@$(($(date +%s) - $2))" '+%a %b %e %H:%M:%S %Y')"; }

# ==== 3. conf-dbage
real a
deliver "$HZ" CLEAN
expect_eq "conf-dbage 0, the real clamd: queued" "$REPLY/$CODE" "250 ok/exit 0"
check "... the summary names the database clamd scanned with (the test database: the engine only, no daily)" \
  grep -qE " summary: queued 0 .* scanner $C/a\.sock db 1\.4\.6: clean\$" "$O/log"
deliver "$HZ" MARKER
check "conf-dbage 0, the real clamd, the marker: 554 virus found ($REPLY)" \
  reply_is "554 virus found: Qscanq\.Test\.Marker\.UNOFFICIAL; message refused, ref $ID \(#5\.7\.1\)"
check "... the summary names the database too" grep -qE " summary: refused 82 .* scanner $C/a\.sock db 1\.4\.6: virus found: Qscanq\.Test\.Marker\.UNOFFICIAL\$" "$O/log"

OLD=$(dbversion 26000 $((10 * 86400)))
FRESH=$(dbversion 27500 3600)
real a
fake b version "$OLD"
n=$(queued)
deliver "$HD" CLEAN
check "conf-dbage 3, a clamd without a dated database and one 10 days old: 451 ($REPLY)" \
  reply_is "451 the virus scanner is unavailable; try again later, ref $ID \(#4\.3\.0\)"
expect_eq "... not queued" "$(queued)" "$n"
check "... one line for the real clamd: no date" grep -qE "^qscanq: $ID uid [0-9]+ ip 192\.0\.2\.9: clamd $C/a\.sock: database has no date: 1\.4\.6\$" "$O/log"
check "... one line for the old one: too old, with its version and date" grep -qF "clamd $C/b.sock: database too old: $OLD" "$O/log"
expect_eq "... one line each" "$(grep -c ': clamd .*: database ' "$O/log")" 2
check "... the summary: deferred" sh -c "summary() { grep -E ' summary: deferred 82 ' '$O/log'; }; summary | grep -q 'the virus scanner is unavailable'"
fakes_stop
fake a version "$OLD"
fake b version "$FRESH"
i=0; good=0
while [ $i -lt 4 ]; do
  deliver "$HD" CLEAN
  if [ "$REPLY/$CODE" = "250 ok/exit 0" ] &&
     grep -qE " summary: queued 0 .* scanner $C/b\.sock db 1\.4\.6/27500: clean\$" "$O/log" &&
     ! grep -q "clamd $C/b.sock" "$O/log"; then good=$((good + 1)); fi
  i=$((i + 1))
done
expect_eq "conf-dbage 3, one clamd 10 days old, one an hour old: 4 of 4 queued by the fresh one, whose database the summary names" "$good" 4
deliver "$HD" MARKER
expect_eq "... the fake never finds the marker: the fresh one's verdict counts" "$REPLY" "250 ok"
fakes_stop

# ==== 2. the signature table
real a
# table TEXT: compiles TEXT into HZ's table, as the administrator does
table() { printf '%s\n' "$1" | "$HZ/bin/qscanq-policy" "$HZ/qscanq/policy.cdb" "$HZ/qscanq/policy.tmp"; }
rm -f "$HZ/qscanq/policy.cdb"
deliver "$HZ" MARKER
check "no table: the marker refused ($REPLY)" reply_is "554 virus found: Qscanq\.Test\.Marker\.UNOFFICIAL; message refused, ref $ID \(#5\.7\.1\)"
check "... the summary as before, no rule" grep -qE " summary: refused 82 .*: virus found: Qscanq\.Test\.Marker\.UNOFFICIAL\$" "$O/log"

table '# a false-positive storm: one exact name let through
sig Qscanq.Test.Marker.UNOFFICIAL accept'
expect_eq "qscanq-policy compiles the table" "$?" 0
n=$(queued)
deliver "$HZ" MARKER
expect_eq "sig NAME accept: the next message with the marker is queued (no restart, no rebuild)" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/$((n + 1))"
check "... a log line says it was accepted, and by which rule" grep -qE "^qscanq: $ID uid [0-9]+ ip 192\.0\.2\.9: accepted by the signature table: Qscanq\.Test\.Marker\.UNOFFICIAL \(rule Qscanq\.Test\.Marker\.UNOFFICIAL\)\$" "$O/log"
check "... the summary: queued, the name accepted, the rule" grep -qE " summary: queued 0 .* db 1\.4\.6: clean, accepted Qscanq\.Test\.Marker\.UNOFFICIAL \(rule Qscanq\.Test\.Marker\.UNOFFICIAL\)\$" "$O/log"
deliver "$HZ" EICAR
check "... a name the table does not list is still refused ($REPLY)" reply_is "554 virus found: Qscanq\.Test\.Eicar\.UNOFFICIAL; message refused, ref $ID \(#5\.7\.1\)"
check "... the summary names the default rule" grep -qE " summary: refused 82 .*: virus found: Qscanq\.Test\.Eicar\.UNOFFICIAL \(rule default\)\$" "$O/log"
deliver "$HZ" BOTH
check "... the accepted name and an unlisted one in one message: refused for the unlisted one ($REPLY)" reply_is "554 virus found: Qscanq\.Test\.Eicar\.UNOFFICIAL; message refused, ref $ID \(#5\.7\.1\)"

table 'sig Qscanq.Test.* defer'
n=$(queued)
deliver "$HZ" MARKER
check "sig PREFIX* defer: the marker deferred, with its own reply ($REPLY)" reply_is "451 held by the mail administrator's policy: Qscanq\.Test\.Marker\.UNOFFICIAL; try again later, ref $ID \(#4\.7\.1\)"
expect_eq "... not queued" "$(queued)" "$n"
check "... the summary: deferred, the rule" grep -qE " summary: deferred 82 .*: held by the mail administrator's policy: Qscanq\.Test\.Marker\.UNOFFICIAL \(rule Qscanq\.Test\.\*\)\$" "$O/log"

table 'sig Qscanq.Test.* defer
sig Qscanq.Test.Marker.UNOFFICIAL refuse'
deliver "$HZ" MARKER
check "sig NAME refuse over sig PREFIX* defer: the exact name decides ($REPLY)" reply_is "554 virus found: Qscanq\.Test\.Marker\.UNOFFICIAL; message refused, ref $ID \(#5\.7\.1\)"
check "... the summary names the exact rule" grep -qE " summary: refused 82 .* \(rule Qscanq\.Test\.Marker\.UNOFFICIAL\)\$" "$O/log"
deliver "$HZ" BOTH
check "... a message with a deferred and a refused name: refused" reply_is "554 virus found: Qscanq\.Test\.Marker\.UNOFFICIAL; message refused, ref $ID \(#5\.7\.1\)"

table 'sig Qscanq.* accept'
n=$(queued)
deliver "$HZ" BOTH
expect_eq "sig Qscanq.* accept: both names accepted, queued" "$REPLY/$(queued)" "250 ok/$((n + 1))"
cp "$HZ/qscanq/policy.cdb" "$O/kept.cdb"
out=$(printf 'sig Qscanq.* maybe\n' | "$HZ/bin/qscanq-policy" "$HZ/qscanq/policy.cdb" "$HZ/qscanq/policy.tmp" 2>&1)
expect_eq "qscanq-policy, a bad action: exit 100, the line named" "$?/$out" "100/qscanq-policy: fatal: line 1: a sig rule's action must be accept, defer or refuse"
check "... the table in use is untouched" cmp -s "$O/kept.cdb" "$HZ/qscanq/policy.cdb"
chmod 600 "$HZ/qscanq/policy.cdb"
deliver "$HZ" CLEAN
check "a table the caller cannot read: 451, never skipped ($REPLY)" reply_is "451 temporary problem with the virus scan; try again later, ref $ID \(#4\.3\.0\)"
check "... the log says why" grep -qE "deferred \(82\): unable to read the policy table qscanq/policy\.cdb: Permission denied\$" "$O/log"
rm -f "$HZ/qscanq/policy.cdb"

finish
