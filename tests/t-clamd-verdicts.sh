# tests/t-clamd-verdicts.sh: issue 17, items 9, 10 and 11, end to end
# through the qmail-smtpd stand-in in notqmail mode (the reply's text
# comes on fd 6), against real clamds (tests/clamd.sh, tests/mkdb):
#   9   text that only looks like MIME (17 delimiters found in one body)
#       is queued; an EICAR zip behind the 18th such delimiter is still
#       refused as a virus, not as beyond the unpacker's limits
#   10  over TCP, a message past clamd's StreamMaxLength is refused for
#       good as too big for the virus scanner, not deferred
#   11  a clamd without AlertExceedsMax (Debian's default) gives no
#       verdict: the message is deferred, the log says why, once; with
#       AlertExceedsMax, and with MaxRecursion at ClamAV's largest (100),
#       mail is queued as before
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
M=$QSQ_TMP/cv-msgs
C=$QSQ_TMP/cv
mkdir -p "$M" "$C" && chmod 755 "$M" "$C" || exit 1
[ -s "$C/port" ] || perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1, ReuseAddr => 1) or die; print $s->sockport, "\n"' > "$C/port"
PT=$(cat "$C/port")
cleanup() { clamd_stop "$C/u"; clamd_stop "$C/t"; }
trap cleanup EXIT

# ---- messages
eicar() { sh "$TOP/tests/eicar"; }
b64() { perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'; }
# a deflated zip holding the EICAR string, as the review made it
eicar > "$C/e.com"
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED); z.write(sys.argv[2], "e.com"); z.close()' "$C/e.zip" "$C/e.com" ||
  { bad "python3 zipfile"; finish; exit 1; }
expect_eq "the payload is a deflated zip (method 8)" "$(od -An -tu2 -j8 -N2 "$C/e.zip" | tr -d ' ')" 8
# the review's 571-byte note: 17 lines --xN, each followed by Content-Note: N
note() {
  printf 'From: a@example.com\nTo: b@example.com\nSubject: notes\n\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do printf -- '--x%s\nContent-Note: %s\n\nnote %s\n' $i $i $i; done
}
note > "$M/note"
expect_eq "the note is 571 bytes" "$(wc -c < "$M/note" | tr -d ' ')" 571
{ printf 'From: c@example.com\nSubject: Fwd: notes\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="fw"\n\n--fw\nContent-Type: text/plain\n\nforwarded\n--fw\nContent-Type: message/rfc822\n\n'
  note; printf -- '--fw--\n'; } > "$M/note-fwd"
{ printf 'From: list@example.com\nSubject: digest\nMIME-Version: 1.0\nContent-Type: multipart/digest; boundary="dg"\n\n--dg\n\n'
  note; printf -- '--dg\n\nFrom: d@example.com\nSubject: other\n\nhello\n--dg--\n'; } > "$M/note-digest"
# 17 delimiters found in the body, then the zip behind the 18th
{ printf 'From: e@example.com\nSubject: notes\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do printf -- '--x%s\nContent-Note: %s\n\nnote %s\n' $i $i $i; done
  printf -- '--x18\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n'
  b64 < "$C/e.zip"; printf -- '--m--\n'; } > "$M/hidden18"
printf 'From: a@example.com\nSubject: hello\n\nhello\n' > "$M/clean"
# past StreamMaxLength 100K (over TCP every file is one stream)
{ printf 'From: a@example.com\nSubject: big\nMIME-Version: 1.0\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'
  head -c 200000 /dev/urandom | b64; } > "$M/big"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
chmod 644 "$M"/*

# ---- delivery through the smtpd stand-in, notqmail: REPLY, CODE, LOGF
LOGF=$QSQ_TMP/cv.log
deliver() {
  _out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$1" "$M/env" 2> "$LOGF")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
queued() { ls "$Q" | grep -c '\.info$'; }
newqueue() { rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"; }
# lines of the last delivery's log that match, the summary line left out
logn() { grep -v ' summary: ' "$LOGF" | grep -c -- "$1" || true; }

# ==== 9 and 11, over a unix socket
check "clamd u started (AlertExceedsMax yes)" clamd_start "$C/u" "$DB"
QSQ_QMAIL=notqmail sandbox cv-u "clamd $C/u/clamd.sock" 30 || { bad "sandbox cv-u"; finish; exit 1; }
Q=$S/queue
for f in note note-fwd note-digest clean; do
  newqueue
  deliver "$M/$f"
  expect_eq "item 9: $f queued" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/1"
done
newqueue
deliver "$M/hidden18"
case $REPLY in
  "554 virus found: Qscanq.Test."*) ok "item 9: an EICAR zip behind the 18th delimiter found in the body: refused as a virus ($REPLY)" ;;
  *) bad "item 9: an EICAR zip behind the 18th delimiter: $REPLY"; cat "$LOGF" ;;
esac
expect_eq "item 9: ... and not queued" "$(queued)" 0

# 11: no AlertExceedsMax: no verdict, whatever the message
CLAMD_ALERT=no clamd_start "$C/u" "$DB" && ok "clamd u restarted with AlertExceedsMax no" || bad "clamd u with AlertExceedsMax no"
grep -qx 'AlertExceedsMax no' "$C/u/clamd.conf" && ok "its clamd.conf says AlertExceedsMax no" || bad "clamd.conf: $(grep Alert "$C/u/clamd.conf")"
newqueue
deliver "$M/clean"
case $REPLY in
  "451 the virus scanner is unavailable; try again later"*) ok "item 11: AlertExceedsMax off: deferred ($REPLY)" ;;
  *) bad "item 11: AlertExceedsMax off: $REPLY"; cat "$LOGF" ;;
esac
expect_eq "item 11: not queued" "$(queued)" 0
expect_eq "item 11: one server line says AlertExceedsMax is off, once" "$(logn 'uid [0-9]*: clamd .*: AlertExceedsMax is off')" 1
grep -q 'deferred ([0-9]*): the scanner could not decide: .*AlertExceedsMax is off' "$LOGF" &&
  ok "item 11: the verdict line gives the reason" || { bad "item 11: no reason in the verdict line"; cat "$LOGF"; }
newqueue
deliver "$M/hidden18"
expect_eq "item 11: AlertExceedsMax off: an infected message is deferred too (no verdict at all)" "$(printf '%s' "$REPLY" | cut -c1-3)/$(queued)" "451/0"

# with it again, and with MaxRecursion at ClamAV's largest: as before
_cd_extra="MaxRecursion 100"
clamd_start "$C/u" "$DB" && ok "clamd u restarted with AlertExceedsMax yes, MaxRecursion 100" || bad "clamd u, MaxRecursion 100"
_cd_extra=
grep -qx 'MaxRecursion 100' "$C/u/clamd.conf" && ok "its clamd.conf says MaxRecursion 100" || bad "no MaxRecursion 100"
for f in clean note-fwd; do
  newqueue
  deliver "$M/$f"
  expect_eq "item 11: AlertExceedsMax yes, MaxRecursion 100: $f queued" "$REPLY/$(queued)" "250 ok/1"
done
expect_eq "item 11: nothing about AlertExceedsMax in the log" "$(logn 'AlertExceedsMax')" 0
# past ClamAV 1.5's largest MaxRecursion (100): 1.5 refuses to start;
# 1.4 takes it, and the sample's 101 layers are reported up to
# MaxRecursion 101; at 102 no verdict, said so, never a clean one
for mr in 101 102; do
  _cd_extra="MaxRecursion $mr"
  if clamd_start "$C/u" "$DB" 2> /dev/null; then
    newqueue
    deliver "$M/clean"
    if [ $mr = 101 ]; then
      expect_eq "item 11: MaxRecursion 101 (ClamAV 1.4 takes it): the sample still reported, clean queued" "$REPLY/$(queued)" "250 ok/1"
    else
      expect_eq "item 11: MaxRecursion 102 (ClamAV 1.4 takes it): deferred, nothing queued" "$(printf '%s' "$REPLY" | cut -c1-3)/$(queued)" "451/0"
      expect_eq "item 11: MaxRecursion 102: the server line says why" "$(logn 'uid [0-9]*: clamd .*: AlertExceedsMax is off, or MaxRecursion above 100')" 1
    fi
  else
    ok "item 11: clamd refuses MaxRecursion $mr (ClamAV 1.5 and later)"
  fi
done
_cd_extra=

# ==== 10, over TCP: StreamMaxLength 100K
check "clamd t started (TCP $PT, StreamMaxLength 100K)" clamd_start_tcp "$C/t" "$DB" "$PT" "StreamMaxLength 100K"
QSQ_QMAIL=notqmail sandbox cv-t "clamd 127.0.0.1:$PT" 30 || { bad "sandbox cv-t"; finish; exit 1; }
Q=$S/queue
newqueue
deliver "$M/big"
case $REPLY in
  "554 message too big for the virus scanner, cannot be scanned; message refused, ref @"*" (#5.3.4)") ok "item 10: past StreamMaxLength: refused for good ($REPLY)" ;;
  *) bad "item 10: past StreamMaxLength: $REPLY"; cat "$LOGF" ;;
esac
expect_eq "item 10: the reply came on fd 6 (exit 82), nothing queued" "$CODE/$(queued)" "exit 82/0"
grep -q 'refused ([0-9]*): message too big for the virus scanner' "$LOGF" && ok "item 10: the verdict line says too big for the virus scanner" ||
  { bad "item 10: the verdict line"; cat "$LOGF"; }
expect_eq "item 10: the server's own words are logged, once" "$(logn 'size limit exceeded')" 1
newqueue
deliver "$M/clean"
expect_eq "item 10: a small message over the same server is queued" "$REPLY/$(queued)" "250 ok/1"

finish
