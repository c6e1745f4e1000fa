# Nobody but qscanq reaches the local clamd (issue 13.6). clamd's socket
# lives in HOME/qscanq/clamd, owned by the qscanq user, group clamav,
# mode 0730, as INSTALL sets it up: clamd (running as clamav, as Debian
# runs it) creates its socket there, and only the qscanq user may search
# the folder. qscanq connects before it drops to the caller and hands the
# connection to qscanq-stdin. A local user cannot connect, so cannot send
# SHUTDOWN, while mail through qscanq is scanned.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

id clamav > /dev/null 2>&1 || { bad "no clamav user (apt-get install clamav-daemon)"; finish; exit 1; }
DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
SOCK=$QSQ_TMP/clamdsock/home/qscanq/clamd/clamd.ctl
sandbox clamdsock "clamd $SOCK" 30 || { bad "sandbox clamdsock"; finish; exit 1; }
# INSTALL's three commands (make setup leaves the folder alone)
mkdir -p "$H/qscanq/clamd" && chown qsqd:clamav "$H/qscanq/clamd" && chmod 730 "$H/qscanq/clamd"
# the home's folders must be searchable by clamav and qsqd up to there
chmod 755 "$QSQ_TMP/clamdsock" "$H" "$H/qscanq"

# a private clamd (tests/clamd.sh), then moved to the fenced socket
CD=$QSQ_TMP/clamdsock-d
clamd_start "$CD" "$DB" && clamd_stop "$CD" || { bad "clamd_start"; finish; exit 1; }
sed -i "s#^LocalSocket .*#LocalSocket $SOCK#" "$CD/clamd.conf"
"$CLAMD" --config-file="$CD/clamd.conf" > "$CD/clamd.out" 2>&1 < /dev/null &
echo $! > "$CD/clamd.spid"
n=0
until [ -S "$SOCK" ] && "$CLAMDSCAN" --config-file="$CD/clamd.conf" --ping 1 > /dev/null 2>&1; do
  n=$((n + 1)); [ $n -lt 300 ] || break
  sleep 0.1
done
check "clamd, running as clamav, made its socket in the fenced folder" test -S "$SOCK"
expect_eq "clamd runs as clamav" "$(ps -o user= -p "$(cat "$CD/clamd.spid")")" clamav

# connect USER: 0 if USER can connect to the socket and have it answer zPING
connect() {
  setpriv --reuid="$1" --regid="$1" --clear-groups perl -MIO::Socket::UNIX -e '
    my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or do { print "$!\n"; exit 1 };
    print $s "$ARGV[1]\0"; my $r; $s->recv($r, 100); $r =~ s/\0//g; print "$r\n"; exit 0;
  ' "$SOCK" "$2"
}
out=$(connect qsqc zSHUTDOWN)
expect_eq "a local user cannot connect to clamd (so cannot send SHUTDOWN)" "$?/$out" "1/Permission denied"
out=$(connect qsqa zPING)
expect_eq "a caller (qmaild's stand-in) cannot connect to clamd itself" "$?/$out" "1/Permission denied"
out=$(connect qsqd zPING)
expect_eq "the qscanq user can" "$?/$out" "0/PONG"
check "clamd is still up" "$CLAMDSCAN" --config-file="$CD/clamd.conf" --ping 1

M=$QSQ_TMP/clamdsock-m
mkdir -p "$M" && chmod 755 "$M"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: a@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
{
  printf 'From: a@example.com\nSubject: invoice\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
  printf -- '--b\nContent-Type: application/octet-stream; name="e.com"\nContent-Transfer-Encoding: base64\n\n'
  sh "$TOP/tests/eicar" | perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'
  printf -- '--b--\n'
} > "$M/infected"
chmod 644 "$M"/*
Q=$QSQ_TMP/clamdsock-q
deliver() {
  rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
  _out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$1" "$M/env" 2> "$M/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
queued() { ls "$Q" | grep -c '\.info$'; }
deliver "$M/clean"
expect_eq "clean mail through qscanq: queued" "$REPLY/$(queued)" "250 ok/1"
check "clean mail: queued byte for byte" cmp -s "$M/clean" "$Q"/*.msg
deliver "$M/infected"
expect_eq "EICAR attached: refused" "$REPLY/$CODE/$(queued)" "554 mail server permanently rejected message (#5.3.0)/exit 31/0"
check "EICAR attached: the log names the virus" grep -q 'virus found: .*Eicar' "$M/log"

# qscanq-stdin run as the caller without the passed connection: it cannot
# connect itself, so the server is passed over, and the log says so
clamd_stop "$CD"
deliver "$M/clean"
expect_eq "clamd down: deferred, nothing queued" "$REPLY/$CODE/$(queued)" "451 mail server temporarily rejected message (#4.3.0)/exit 71/0"
check "clamd down: one line names the server" grep -q "clamd $SOCK: " "$M/log"

# The connection is made when the message starts to arrive; clamd closes
# one that stays silent past CommandReadTimeout (INSTALL: set it above
# your slowest senders). A sender slower than that: deferred, never
# queued unscanned. (The sleep is the slow sender, not a wait.)
echo "CommandReadTimeout 1" >> "$CD/clamd.conf"
"$CLAMD" --config-file="$CD/clamd.conf" > "$CD/clamd.out" 2>&1 < /dev/null &
echo $! > "$CD/clamd.spid"
n=0
until [ -S "$SOCK" ] && "$CLAMDSCAN" --config-file="$CD/clamd.conf" --ping 1 > /dev/null 2>&1; do
  n=$((n + 1)); [ $n -lt 300 ] || break
  sleep 0.1
done
rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
{ printf 'Subject: slow\n\n'; sleep 3; printf 'body\n'; } |
  (cd "$H" && setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
    "$H/bin/qscanq" 1< "$M/env" 2> "$M/log")
expect_eq "a sender slower than CommandReadTimeout: deferred, nothing queued" "$?/$(queued)" "71/0"
check "... the log names the server" grep -q "clamd $SOCK: " "$M/log"
deliver "$M/clean"
expect_eq "... while a quick one is queued" "$REPLY/$(queued)" "250 ok/1"
clamd_stop "$CD"
finish
