#!/bin/sh
# The stand-ins for qmail (tests/fake/qmail-smtpd, tests/fake/qmail-queue),
# proved against each other without qscanq.
. "$(dirname "$0")/lib.sh"

make -C "$TOP" -s standins >/dev/null || { bad "make standins"; finish; exit 1; }
FAKE=$TOP/tests/fake
SMTPD=$FAKE/qmail-smtpd
QQ=$FAKE/qmail-queue
W=$QSQ_TMP/standins
rm -rf "$W"
mkdir -p "$W/q" "$W/home" || { bad "mkdir $W"; finish; exit 1; }
chmod 755 "$W" "$W/home" && chmod 1777 "$W/q" || exit 1
Q=$W/q
STANDIN_QUEUE=$Q
export STANDIN_QUEUE

queued() { ls "$Q" | grep -c '\.info$'; }
leftovers() { ls "$Q" | grep -c '\.tmp$'; }

# smtp MSGFILE ENVFILE [QUEUEPROG]: sets reply, raw and rc
smtp() {
  _out=$("$SMTPD" "$W/home" "${3:-$QQ}" "$1" "$2")
  rc=$?
  reply=$(printf '%s\n' "$_out" | sed -n 1p)
  raw=$(printf '%s\n' "$_out" | sed -n 2p)
}

# a message with every byte value, and big enough (1 MB) that the pipe
# cannot hold it
perl -e 'print "Subject: test\n\n", map(chr, 0 .. 255), "\n", "x" x 1048576, "\nend"' > "$W/msg" || exit 1
printf 'Fa@example.org\0Tb@example.org\0Tc@example.net\0\0' > "$W/env" || exit 1

smtp "$W/msg" "$W/env"
expect_eq "queued: reply" "$reply" "250 ok"
expect_eq "queued: raw status" "$raw" "exit 0"
expect_eq "queued: smtpd exit" "$rc" 0
expect_eq "queued: one .info" "$(queued)" 1
n=$(ls "$Q" | sed -n 's/\.info$//p')
check "queued: message recorded byte for byte" cmp -s "$W/msg" "$Q/$n.msg"
check "queued: envelope recorded byte for byte" cmp -s "$W/env" "$Q/$n.env"
expect_eq "queued: uid line" "$(cat "$Q/$n.info")" "uid=$(id -u) euid=$(id -u)"
# Dispositions ignored when this script started (a background job starts
# with SIGINT and SIGQUIT ignored, and sh cannot undo that) pass through;
# what matters: SIGPIPE ignored as under qmail-smtpd, SIGALRM not, no alarm,
# nothing blocked.
sig=$(cat "$Q/$n.sig")
case "$sig" in
  "alarm=0 blocked=none ignored="*) ok "queued: no alarm, nothing blocked ($sig)" ;;
  *) bad "queued: signal state $sig" ;;
esac
case ",${sig##*ignored=}," in
  *,13,*) ok "queued: SIGPIPE ignored, as under qmail-smtpd" ;;
  *) bad "queued: SIGPIPE not ignored ($sig)" ;;
esac
case ",${sig##*ignored=}," in
  *,14,*) bad "queued: SIGALRM ignored ($sig)" ;;
  *) ok "queued: SIGALRM not ignored" ;;
esac
expect_eq "queued: no temporary files" "$(leftovers)" 0

# the queue's own answers, through the exitcode file
echo 31 > "$Q/exitcode"
smtp "$W/msg" "$W/env"
expect_eq "exitcode 31: reply" "$reply" "554 mail server permanently rejected message (#5.3.0)"
expect_eq "exitcode 31: raw" "$raw" "exit 31"
expect_eq "exitcode 31: smtpd exit" "$rc" 1
echo 54 > "$Q/exitcode"
smtp "$W/msg" "$W/env"
expect_eq "exitcode 54: reply" "$reply" "451 qq read error (#4.3.0)"
expect_eq "exitcode 54: smtpd exit" "$rc" 2
for c in 11:554:"envelope address too long for qq (#5.1.3)" \
         25:554:"qq permanent problem (#5.3.0)" \
         51:451:"qq out of memory (#4.3.0)" \
         53:451:"qq write error or disk full (#4.3.0)" \
         63:451:"qq trouble creating files in queue (#4.3.0)" \
         71:451:"mail server temporarily rejected message (#4.3.0)" \
         81:451:"qq internal bug (#4.3.0)" \
         82:451:"qq temporary problem (#4.3.0)" \
         111:451:"qq temporary problem (#4.3.0)"; do
  code=${c%%:*} rest=${c#*:}
  echo "$code" > "$Q/exitcode"
  smtp "$W/msg" "$W/env"
  expect_eq "exitcode $code: reply" "$reply" "${rest%%:*} ${rest#*:}"
done
rm -f "$Q/exitcode"
expect_eq "exitcodes: nothing recorded" "$(queued)" 1

# envelopes the real qmail-queue refuses
printf 'Xa@example.org\0Tb@example.org\0\0' > "$W/env.badfirst"
smtp "$W/msg" "$W/env.badfirst"
expect_eq "bad first byte: raw" "$raw" "exit 91"
expect_eq "bad first byte: reply" "$reply" "451 qq internal bug (#4.3.0)"
printf 'Fa@example.org\0Xb@example.org\0\0' > "$W/env.badrcpt"
smtp "$W/msg" "$W/env.badrcpt"
expect_eq "recipient without T: raw" "$raw" "exit 91"

long1002=$(perl -e 'print "a" x 990, "\@example.org"')   # 1002 bytes
long1003=$(perl -e 'print "a" x 991, "\@example.org"')   # 1003 bytes
expect_eq "address lengths" "${#long1002} ${#long1003}" "1002 1003"
printf 'Fa@example.org\0T%s\0\0' "$long1003" > "$W/env.long"
smtp "$W/msg" "$W/env.long"
expect_eq "1003-byte recipient: raw" "$raw" "exit 11"
expect_eq "1003-byte recipient: reply" "$reply" "554 envelope address too long for qq (#5.1.3)"
printf 'F%s\0Tb@example.org\0\0' "$long1003" > "$W/env.longf"
smtp "$W/msg" "$W/env.longf"
expect_eq "1003-byte sender: raw" "$raw" "exit 11"
printf 'F%s\0T%s\0\0' "$long1002" "$long1002" > "$W/env.ok1002"
smtp "$W/msg" "$W/env.ok1002"
expect_eq "1002-byte addresses: accepted" "$raw" "exit 0"
expect_eq "1002-byte addresses: recorded" "$(queued)" 2

printf 'Fa@example.org\0Tb@example.org\0' > "$W/env.short"
smtp "$W/msg" "$W/env.short"
expect_eq "missing final NUL: raw" "$raw" "exit 54"
expect_eq "missing final NUL: reply" "$reply" "451 qq read error (#4.3.0)"
: > "$W/env.empty"
smtp "$W/msg" "$W/env.empty"
expect_eq "empty envelope: raw" "$raw" "exit 54"
expect_eq "refused envelopes: nothing recorded" "$(queued)" 2
expect_eq "refused envelopes: no files left" "$(ls "$Q" | wc -l)" 8

touch "$Q/crash"
smtp "$W/msg" "$W/env"
expect_eq "crash: reply" "$reply" "451 qq crashed (#4.3.0)"
expect_eq "crash: raw" "$raw" "crash 6"
expect_eq "crash: smtpd exit" "$rc" 2
rm -f "$Q/crash"
expect_eq "crash: nothing recorded" "$(queued)" 2

# STANDIN_QUEUE unset: 61
_out=$(env -u STANDIN_QUEUE "$SMTPD" "$W/home" "$QQ" "$W/msg" "$W/env" 2>/dev/null)
expect_eq "no STANDIN_QUEUE: 61" "$(printf '%s\n' "$_out" | tr '\n' '|')" "451 qq trouble in home directory (#4.3.0)|exit 61|"

# the smtpd side alone, with queue programs of our own
smtp "$W/msg" "$W/env" "$W/nonexistent"
expect_eq "no queue program: reply" "$reply" "451 unable to exec qq (#4.3.0)"
expect_eq "no queue program: raw" "$raw" "exit 120"

cat > "$W/qq-custom" <<'EOF'
#!/bin/sh
cat > /dev/null
cat <&1 > /dev/null
pwd > "$STANDIN_QUEUE/../pwd"
printf '%s' "$QQ_TEXT" >&6
exit 82
EOF
chmod 755 "$W/qq-custom"
QQ_TEXT='Dno thanks (#5.7.1)'; export QQ_TEXT; smtp "$W/msg" "$W/env" "$W/qq-custom"
expect_eq "custom D: reply" "$reply" "554 no thanks (#5.7.1)"
expect_eq "custom D: raw" "$raw" "exit 82"
expect_eq "custom D: smtpd exit" "$rc" 1
expect_eq "queue program runs in HOME" "$(cat "$W/pwd")" "$W/home"
QQ_TEXT='Ztry later (#4.3.0)'; export QQ_TEXT; smtp "$W/msg" "$W/env" "$W/qq-custom"
expect_eq "custom Z: reply" "$reply" "451 try later (#4.3.0)"
QQ_TEXT='D'; export QQ_TEXT; smtp "$W/msg" "$W/env" "$W/qq-custom"
expect_eq "82 without text: reply" "$reply" "451 qq temporary problem (#4.3.0)"

# exit 0 without reading: the write error makes it a read error
cat > "$W/qq-lazy" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod 755 "$W/qq-lazy"
smtp "$W/msg" "$W/env" "$W/qq-lazy"
expect_eq "exit 0 after a write error: reply" "$reply" "451 qq read error (#4.3.0)"
expect_eq "exit 0 after a write error: raw" "$raw" "exit 0"
# ... but a refusal code overrules the write error
printf '#!/bin/sh\nexit 31\n' > "$W/qq-refuse" && chmod 755 "$W/qq-refuse"
smtp "$W/msg" "$W/env" "$W/qq-refuse"
expect_eq "exit 31 without reading: reply" "$reply" "554 mail server permanently rejected message (#5.3.0)"

# fd 6 is read to its end before the wait: a background child that holds
# it keeps the smtpd side waiting until it is gone
cat > "$W/qq-bg" <<'EOF'
#!/bin/sh
cat > /dev/null
cat <&1 > /dev/null
rm -f "$STANDIN_QUEUE/../bgdone"
( sleep 1; : > "$STANDIN_QUEUE/../bgdone" ) > /dev/null 2>&1 < /dev/null &
exit 0
EOF
chmod 755 "$W/qq-bg"
smtp "$W/msg" "$W/env" "$W/qq-bg"
expect_eq "fd 6 held: reply" "$reply" "250 ok"
check "fd 6 held: the reply waited for the background child" test -f "$W/bgdone"

# the real uid is recorded: run the whole thing as nobody
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 644 "$W/msg" "$W/env"
  _out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$SMTPD" "$W/home" "$QQ" "$W/msg" "$W/env")
  expect_eq "as nobody: reply" "$(printf '%s\n' "$_out" | sed -n 1p)" "250 ok"
  n=$(ls -t "$Q" | sed -n 's/\.info$//p' | head -n 1)
  expect_eq "as nobody: uid line" "$(cat "$Q/$n.info")" "uid=65534 euid=65534"
  expect_eq "as nobody: queued" "$(queued)" 3
fi

finish
