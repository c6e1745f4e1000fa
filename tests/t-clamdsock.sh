# Nobody but qscanq reaches the local clamd (issue 13.6). clamd's socket
# lives in HOME/qscanq/clamd, owned by the qscanq user, group clamav,
# mode 0730, as INSTALL sets it up: clamd (running as clamav, as Debian
# runs it) creates its socket there, and only the qscanq user may search
# the folder. qscanq, still the qscanq user, connects when qscanq-stdin
# asks (once the message is in) and hands the connection over. A local user
# cannot connect, so cannot send SHUTDOWN, while mail through qscanq is
# scanned, however slowly it arrives.
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

# connections to clamd's socket now: clamd's ends, which carry its path,
# connected (state 03; its listening socket is 01)
conns() { awk -v p="$SOCK" '$8 == p && $6 == "03"' /proc/net/unix | wc -l; }
H2=$QSQ_TMP/clamdsock-hold
rm -rf "$H2" && mkdir -p "$H2" && mkfifo -m 600 "$H2/in"
setpriv --reuid=qsqd --regid=qsqd --clear-groups perl -MIO::Socket::UNIX -e '
  my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or exit 1;
  print "up\n"; close STDOUT; my $x = <STDIN>;' "$SOCK" < "$H2/in" > "$H2/out" &
hp=$!
exec 4> "$H2/in"
n=0
until grep -q up "$H2/out" || [ $n -ge 100 ]; do n=$((n + 1)); sleep 0.05; done
expect_eq "a connection held open to clamd shows (so 0 below means none)" "$(conns)" 1
exec 4>&-
wait "$hp"

M=$QSQ_TMP/clamdsock-m
mkdir -p "$M" && chmod 755 "$M"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
printf 'From: a@example.com\nSubject: lunch\n\nSee you at noon.\n' > "$M/clean"
eicar_attached > "$M/infected"
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
# what qmail-queue inherits: no socket (neither qscanq's socketpair nor a
# connection to clamd), through a wrapper that looks, then runs the stand-in
printf '#!/bin/sh\nfor f in /proc/$$/fd/*; do readlink "$f"; done > "$STANDIN_QUEUE/fds"\nexec %s/bin/qmail-queue\n' "$H" > "$M/qq"
chmod 755 "$M/qq" && ln -sfn "$M/qq" "$H/qscanq/qmail-queue"
deliver "$M/clean"
ln -sfn ../bin/qmail-queue "$H/qscanq/qmail-queue"
expect_eq "clean mail through the wrapper: queued" "$REPLY/$(queued)" "250 ok/1"
expect_eq "qmail-queue inherits no socket" "$(grep -c 'socket:' "$Q/fds")" 0
deliver "$M/infected"
expect_eq "EICAR attached: refused" "$REPLY/$CODE/$(queued)" "554 mail server permanently rejected message (#5.3.0)/exit 31/0"
check "EICAR attached: the log names the virus" grep -q 'virus found: .*Eicar' "$M/log"

# qscanq-stdin run by hand, as the caller, without qscanq's socketpair: it
# cannot connect itself (the folder stays closed), so the server is passed
# over and the message deferred; a descriptor of the caller's is refused
hand() {
  rm -rf "$M/hand" && mkdir "$M/hand" && chown qsqa "$M/hand"
  (cd "$M/hand" && setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
    "$H/bin/qscanq-stdin" @hand "$@" < "$M/clean" 1< "$M/env" 2> "$M/log")
}
rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q"
hand
expect_eq "qscanq-stdin by hand (no qscanq): deferred, nothing queued" "$?/$(queued)" "71/0"
check "... it could not connect: the folder is closed to the caller" grep -q "clamd $SOCK: unable to connect: .*denied" "$M/log"
hand - 0
expect_eq "qscanq-stdin by hand, told fd 0 is qscanq's socketpair: deferred" "$?/$(queued)" "71/0"
hand - 7 7< "$M/env"
expect_eq "qscanq-stdin by hand, told a file is qscanq's socketpair: deferred" "$?/$(queued)" "71/0"
check "... not a socket, says the log" grep -q "not a socket" "$M/log"
expect_eq "the socket folder is still closed (0730)" "$(stat -c %a "$H/qscanq/clamd")" 730

clamd_stop "$CD"
deliver "$M/clean"
expect_eq "clamd down: deferred, nothing queued" "$REPLY/$CODE/$(queued)" "451 mail server temporarily rejected message (#4.3.0)/exit 71/0"
check "clamd down: one line names the server and qscanq's reason" grep -q "clamd $SOCK: unable to connect: " "$M/log"

# clamd closes a connection that sends no command within
# CommandReadTimeout (2 s here). qscanq connects only when qscanq-stdin
# asks, once the message is in: a sender that pauses longer than that is
# scanned like any other, queued if clean, refused if not.
echo "CommandReadTimeout 2" >> "$CD/clamd.conf"
"$CLAMD" --config-file="$CD/clamd.conf" > "$CD/clamd.out" 2>&1 < /dev/null &
echo $! > "$CD/clamd.spid"
n=0
until [ -S "$SOCK" ] && "$CLAMDSCAN" --config-file="$CD/clamd.conf" --ping 1 > /dev/null 2>&1; do
  n=$((n + 1)); [ $n -lt 300 ] || break
  sleep 0.1
done
waituntil() {
  _w=$(($1 * 20)); shift
  while [ "$_w" -gt 0 ]; do "$@" && return 0; _w=$((_w - 1)); sleep 0.05; done
  return 1
}
# ours: this sandbox's qscanq-stdin (other tests may run one as qsqa too)
ours() {
  for _p in $(pgrep -x qscanq-stdin); do
    [ "$(readlink "/proc/$_p/exe")" = "$H/bin/qscanq-stdin" ] && { echo "$_p"; return 0; }
  done
  return 1
}
# reading: ours is blocked in read(0, ...): it waits for the sender
reading() { _p=$(ours) && [ "$(cut -d ' ' -f 1,2 "/proc/$_p/syscall" 2> /dev/null)" = "0 0x0" ]; }
# slow FILE: the sender gives FILE's first line, stalls until qscanq-stdin
# waits for more, stays silent for 4 s (twice CommandReadTimeout: the
# sleep is the slow sender, not a wait), then gives the rest
slow() {
  rm -rf "$Q" "$M/fifo" && mkdir -p "$Q" && chmod 777 "$Q" && mkfifo -m 644 "$M/fifo"
  (cd "$H" && setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$Q" \
    "$H/bin/qscanq" < "$M/fifo" 1< "$M/env" 2> "$M/log"; echo $? > "$M/rc") &
  _sp=$!
  exec 3> "$M/fifo"
  head -n 1 "$1" >&3
  check "slow sender ($2): qscanq-stdin waits for the rest of the message" waituntil 10 reading
  expect_eq "... and no connection to clamd is open meanwhile" "$(conns)" 0
  sleep 4
  tail -n +2 "$1" >&3
  exec 3>&-
  wait "$_sp"
}
slow "$M/clean" clean
expect_eq "a sender slower than CommandReadTimeout, clean: queued" "$(cat "$M/rc")/$(queued)" "0/1"
check "... byte for byte" cmp -s "$M/clean" "$Q"/*.msg
check "... and no server was passed over" sh -c "! grep -q ': clamd ' \"$M/log\""
slow "$M/infected" EICAR
expect_eq "a sender slower than CommandReadTimeout, EICAR: refused" "$(cat "$M/rc")/$(queued)" "31/0"
check "... the log names the virus" grep -q 'virus found: .*Eicar' "$M/log"
expect_eq "no connection to clamd is left open" "$(conns)" 0
clamd_stop "$CD"
finish
