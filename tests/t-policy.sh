#!/bin/sh
# tests/t-policy.sh (issue 19): policy the administrator sets, end to end
# through the qmail-smtpd stand-in in notqmail mode, with a real clamd
# (tests/mkdb's database) and the scripted fake tests/fake/clamd.
#   3. conf-dbage: a server whose database is too old, or has no date,
#      is passed over like a dead one; the summary names the database.
#   2. the signature table (qscanq-policy): refuse, defer, accept and
#      log; exact over prefix, the worst name of a message counts; a new
#      table counts from the next message.
#   1. attachment rules: 24 attack messages refused with the attachment
#      reason before any scanner time; the clean corpora not refused but
#      where a name really matches.
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
CORPUS_REFUSED=''

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
check "... the summary names the database too" grep -qE " summary: refused 82 .* scanner $C/a\.sock db 1\.4\.6( from .*)?: virus found: Qscanq\.Test\.Marker\.UNOFFICIAL\$" "$O/log"

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
     grep -qE " summary: queued 0 .* scanner $C/b\.sock db 1\.4\.6/27500( failover [^ ]+)?: clean\$" "$O/log" &&
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

# ==== 1. attachment rules
# the suggested table (INSTALL), plus a script rule for the #! case
SUGGESTED='name .exe
name .scr
name .com
name .pif
name .bat
name .cmd
name .vbs
name .js
name .jse
name .wsf
name .hta
name .jar
name .lnk
name .iso
type application/x-msdownload
type application/x-msdos-program
type application/x-dosexec
magic pe
magic elf'
A=$M/attack
mkdir -p "$A" && chmod 755 "$A"
# mime FILE HEADERS BODY: a two-part message whose second part has HEADERS
mime() {
  { printf 'Subject: attack %s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n' "$1"
    printf -- '--b\nContent-Type: text/plain\n\nsee attached\n'
    printf -- '--b\n%b\n\n%b\n--b--\n' "$2" "$3"; } > "$A/$1"
}
B64=aGVsbG8K  # "hello"
mime plain-ct       'Content-Type: application/octet-stream; name="a.exe"\nContent-Transfer-Encoding: base64' $B64
mime plain-cd       'Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="a.exe"\nContent-Transfer-Encoding: base64' $B64
mime double         'Content-Type: application/pdf; name="invoice.pdf.exe"\nContent-Transfer-Encoding: base64' $B64
mime case           'Content-Type: application/octet-stream; name="INVOICE.EXE"\nContent-Transfer-Encoding: base64' $B64
mime trailing-dot   'Content-Disposition: attachment; filename="a.exe."\nContent-Transfer-Encoding: base64' $B64
mime trailing-space 'Content-Disposition: attachment; filename="a.scr   "\nContent-Transfer-Encoding: base64' $B64
mime rfc2231        "Content-Disposition: attachment; filename*=UTF-8''a%2Eexe\nContent-Transfer-Encoding: base64" $B64
mime rfc2231-cont   'Content-Disposition: attachment; filename*0="inv"; filename*1="oice.e"; filename*2="xe"\nContent-Transfer-Encoding: base64' $B64
mime rfc2231-cont-star "Content-Disposition: attachment; filename*0*=UTF-8''inv%6Fice; filename*1*=%2E%65xe\nContent-Transfer-Encoding: base64" $B64
mime rfc2047-b      'Content-Type: application/octet-stream; name="=?UTF-8?B?YS5leGU=?="\nContent-Transfer-Encoding: base64' $B64
mime rfc2047-q      'Content-Disposition: attachment; filename="=?iso-8859-1?Q?payment=2Ejs?="\nContent-Transfer-Encoding: base64' $B64
mime rlo            "Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe\nContent-Transfer-Encoding: base64" $B64
mime lookalike-dot  "Content-Disposition: attachment; filename*=UTF-8''photo%EF%BC%8Escr\nContent-Transfer-Encoding: base64" $B64
mime nul            "Content-Disposition: attachment; filename*=UTF-8''a.exe%00.txt\nContent-Transfer-Encoding: base64" $B64
mime control        "Content-Disposition: attachment; filename*=UTF-8''a.e%0D%0Axe\nContent-Transfer-Encoding: base64" $B64
mime two-readings   'Content-Type: text/plain; name="notes.txt"\nContent-Disposition: attachment; filename="notes.bat"' 'echo hi'
mime two-cd         'Content-Disposition: attachment; filename="a.txt"\nContent-Disposition: attachment; filename="a.cmd"' 'echo hi'
mime filename-in-ct 'Content-Type: application/octet-stream; filename="run.vbs"\nContent-Transfer-Encoding: base64' $B64
mime type           'Content-Type: application/x-msdownload\nContent-Transfer-Encoding: base64' $B64
mime type-case      'Content-Type: Application/X-MSDownload; name="readme.txt"\nContent-Transfer-Encoding: base64' $B64
mime magic-pe       'Content-Type: text/plain; name="report.txt"\nContent-Transfer-Encoding: base64' "$(printf 'MZ\220\0\3\0\0\0\4\0\0\0' | base64)"
mime magic-elf      'Content-Type: image/png; name="cat.png"\nContent-Transfer-Encoding: base64' "$(printf '\177ELF\2\1\1\0' | base64)"
mime uuencode       'Content-Type: text/plain' "$(printf 'hello\n' > "$A/u.tmp"; uuencode setup.exe < "$A/u.tmp" 2>/dev/null || printf 'begin 644 setup.exe\n&:&5L;&\\*\n`\nend\n')"
{ printf 'Subject: nested\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="o"\n\n--o\nContent-Type: message/rfc822\n\n'
  cat "$A/plain-ct"; printf -- '--o--\n'; } > "$A/nested-rfc822"
rm -f "$A/u.tmp"
chmod 644 "$A"/*
# what each must be refused with: NAME (rule RULE), as the reply shows it
cat > "$A/expect" <<'EOT'
plain-ct a.exe name:.exe
plain-cd a.exe name:.exe
double invoice.pdf.exe name:.exe
case invoice.exe name:.exe
trailing-dot a.exe name:.exe
trailing-space a.scr name:.scr
rfc2231 a.exe name:.exe
rfc2231-cont invoice.exe name:.exe
rfc2231-cont-star invoice.exe name:.exe
rfc2047-b a.exe name:.exe
rfc2047-q payment.js name:.js
rlo invoicefdp.exe name:.exe
lookalike-dot photo.scr name:.scr
nul a.exe name:.exe
control a.exe name:.exe
two-readings notes.bat name:.bat
two-cd a.cmd name:.cmd
filename-in-ct run.vbs name:.vbs
type application?x-msdownload type:application/x-msdownload
type-case Application?X-MSDownload type:application/x-msdownload
magic-pe 1.2 magic:pe
magic-elf 1.2 magic:elf
uuencode setup.exe name:.exe
nested-rfc822 a.exe name:.exe
EOT
mime clean-pdf 'Content-Type: application/pdf; name="report.pdf"\nContent-Transfer-Encoding: base64' $B64
mime clean-exe-txt 'Content-Disposition: attachment; filename="setup.exe.txt"\nContent-Transfer-Encoding: base64' $B64
chmod 644 "$A"/*

table "$SUGGESTED"
expect_eq "qscanq-policy compiles the suggested table" "$?" 0
while read -r f name rule; do
  deliver "$HZ" "attack/$f"
  got=$(printf '%s\n' "$REPLY" | sed -E "s/ref $ID /ref @ID /")
  expect_eq "attack $f: 554, attachment refused, the name and the rule" "$got" "554 attachment refused: $name (rule $rule); message refused, ref @ID (#5.7.1)"
  if ! grep -qE " summary: refused 82 .* parts - scanner clamd( from .*)?: attachment refused: " "$O/log"; then
    bad "attack $f: decided before any scanner time (no clamd in the summary)"
  fi
done < "$A/expect"
check "... the summary says which rule decided" grep -qE " summary: refused 82 .*: attachment refused: a\.exe \(rule name:\.exe\)\$" "$O/log"
for f in clean-pdf clean-exe-txt; do
  deliver "$HZ" "attack/$f"
  expect_eq "$f: no rule matches, queued" "$REPLY" "250 ok"
done
table 'sig Qscanq.* accept'
deliver "$HZ" attack/plain-ct
expect_eq "a table without attachment rules: a.exe queued (the default table is empty)" "$REPLY" "250 ok"

# the clean corpora through the suggested table: only names that really
# match are refused
table "$SUGGESTED"
PY=/usr/lib/python3.11/test/test_email/data
C1=$M/corpus
mkdir -p "$C1" && chmod 755 "$C1"
for f in "$PY"/*.txt "$TOP"/tests/golden/mail/*; do
  [ -f "$f" ] || continue
  n=$(printf '%s' "$f" | sed 's|.*/||')
  cp "$f" "$C1/$n" && chmod 644 "$C1/$n"
done
total=0; refused=
for f in "$C1"/*; do
  n=${f##*/}
  deliver "$HZ" "corpus/$n"
  total=$((total + 1))
  case $REPLY in "554 attachment refused:"*) refused="$refused $n" ;; esac
done
echo "# corpus: $total messages, refused by the suggested table:$refused"
expect_eq "the clean corpora ($total messages): refused by the suggested table only where a name matches" "$refused" "$CORPUS_REFUSED"
rm -f "$HZ/qscanq/policy.cdb"

finish
