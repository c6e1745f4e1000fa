#!/bin/sh
# tests/t-budget.sh: two SMTP sessions keep sending issue 13's worst
# messages (174 KB of 26-byte parts after one delimiter line that matches
# 16 boundaries: a file per part and boundary; and 240 KB of one header
# field read by 465 readings at once) to a spool on a small tmpfs (64 MB,
# 16,384 inodes), through bin/qscanq with the real clamscan, while a third
# session sends ordinary mail. Every worst message is refused for good
# (554) by the unpacker's budgets, naming the budget; every ordinary
# message gets through as it deserves (clean: 250 and queued byte for byte;
# infected: 554); the spool never runs out of inodes or blocks. Before the
# budgets, each flood made 99,984 files: the spool ran out of inodes, the
# floods were deferred (451) and came back, and ordinary mail was deferred
# with them.
. "$(dirname "$0")/lib.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
sandbox budget "/usr/bin/clamscan -d $DB --infected --no-summary --recursive --alert-exceeds-max=yes ." 30 ||
  { bad "sandbox budget"; finish; exit 1; }
. "$TOP/tests/svscan.sh"
Q=$S/queue       # ordinary mail's
QW=$S/queue-worst # the worst senders'
M=$S/msgs
F=$S/run
rm -rf "$M" "$F" "$Q" "$QW" && mkdir -p "$M" "$F" "$Q" "$QW" && chmod 755 "$M" && chmod 777 "$Q" "$QW" || exit 1
trap 'svc_stop > /dev/null 2>&1; umount "$SP" 2>/dev/null' EXIT
umount "$SP" 2>/dev/null

# ---- the messages
G="perl $TOP/tests/reformime-gen"
$G flood 6700 > "$M/flood"
$G fan 80000 3 Content-Type 16 14:quoted-printable,7bit > "$M/fan"
printf 'From: a@example.com\nTo: b@example.com\nSubject: ordinary\n\nJust a line of ordinary mail.\n' > "$M/clean"
{ printf 'From: a@example.com\nSubject: attached\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
  printf -- '--b1\nContent-Type: text/plain\n\nsee attached\n--b1\nContent-Type: application/octet-stream\n'
  printf 'Content-Transfer-Encoding: base64\n\n'
  head -c 100000 /dev/urandom | perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'
  printf -- '--b1--\n'; } > "$M/clean-attached"
{ printf 'From: a@example.com\nSubject: infected\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
  printf -- '--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'
  sh "$TOP/tests/eicar" | perl -MMIME::Base64 -e 'local $/; print encode_base64(<STDIN>)'
  printf -- '--b1--\n'; } > "$M/infected"
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
chmod 644 "$M"/*

# ---- the spool on a small tmpfs, cleanq sweeping it
if mount -t tmpfs -o size=64m,nr_inodes=16384,mode=700,uid="$(id -u qsqd)",gid="$(id -g qsqd)" tmpfs "$SP"; then
  ok "the spool is a 64-MB tmpfs with 16,384 inodes"
else
  bad "the spool is a 64-MB tmpfs with 16,384 inodes (mount failed)"; finish; exit 1
fi
check "cleanq runs on the tmpfs spool" svc_start

# deliver MSG QUEUE: one session, as qsqa, through the qmail-smtpd
# stand-in and bin/qscanq into QUEUE; prints the reply, appends the log
deliver() {
  setpriv --reuid=qsqa --regid=qsqa --clear-groups env STANDIN_QUEUE="$2" \
    "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$1" "$M/env" 2>> "$F/log" | sed -n 1p
}
# session NAME COUNT MSG...: COUNT rounds of deliveries of each MSG in a
# row; the replies, one a line, into $F/NAME.MSG
session() {
  _s=$1 _c=$2 _i=0; shift 2
  while [ $_i -lt "$_c" ]; do
    for _m in "$@"; do deliver "$M/$_m" "$QW" >> "$F/$_s.$_m"; done
    _i=$((_i + 1))
  done
}
# the spool's peak use of inodes and KB, sampled until $F/stop appears
sample() {
  _pi=0 _pk=0
  while [ ! -e "$F/stop" ]; do
    set -- $(df -P -i "$SP" | awk 'NR == 2 { print $3 }') $(df -P -k "$SP" | awk 'NR == 2 { print $3 }')
    [ "${1:-0}" -gt $_pi ] && _pi=$1
    [ "${2:-0}" -gt $_pk ] && _pk=$2
    echo "$_pi $_pk" > "$F/peak"
    sleep 0.02
  done
}

sample &
spid=$!
# one session floods; the other floods and fans in turn
session a 12 flood &
fpid=$!
session b 6 fan flood &
apid=$!
# ordinary mail meanwhile: each ordinary message once per round, a round
# after another until both worst senders are done (at least three)
rounds=0 badord=0
while :; do
  for m in clean clean-attached infected; do
    rm -f "$Q"/*
    r=$(deliver "$M/$m" "$Q")
    n=$(ls "$Q" | grep -c '\.msg$')
    case "$m/$r/$n" in
      infected/"554 mail server permanently rejected message (#5.3.0)"/0) ;;
      clean*/"250 ok"/1) cmp -s "$M/$m" "$Q"/*.msg || { badord=$((badord + 1)); echo "  $m: queued, not byte for byte"; } ;;
      *) badord=$((badord + 1)); echo "  $m: $r, $n queued" ;;
    esac
  done
  rounds=$((rounds + 1))
  if [ $rounds -ge 3 ] && ! kill -0 $fpid 2>/dev/null && ! kill -0 $apid 2>/dev/null; then break; fi
  [ $rounds -lt 200 ] || break
done
wait $fpid $apid
touch "$F/stop"
wait $spid

expect_eq "ordinary mail meanwhile: $rounds rounds of 2 clean (queued byte for byte) and 1 infected (554)" "$badord" 0
r554="554 mail server permanently rejected message (#5.3.0)"
expect_eq "the 18 floods of 174 KB: each refused for good (554)" "$(cat "$F/a.flood" "$F/b.flood" | grep -cxF "$r554")" 18
expect_eq "the 6 fans of 240 KB: each refused for good (554)" "$(grep -cxF "$r554" "$F/b.fan")" 6
expect_eq "none of them queued" "$(ls "$QW" | grep -c '\.msg$')" 0
check "the log: beyond the unpacker's limits" grep -q "beyond the unpacker's limits" "$F/log"
check "the log names the files budget (MIME_FILEK)" grep -q "MIME_FILEK, MIME_FILEC" "$F/log"
check "the log names the steps budget (MIME_STEPK)" grep -q "MIME_STEPK, MIME_STEPC" "$F/log"
read pi pk < "$F/peak"
echo "# the spool's peak: $pi of 16384 inodes, $pk of 65536 KB"
# two sessions' worst at once, and the ordinary mail and what awaits cleanq
check "the spool never near its inode limit (peak $pi of 16384)" test "$pi" -lt 14000
check "the spool never near its size (peak $pk of 65536 KB)" test "$pk" -lt 60000
check "the tmpfs spool is emptied by cleanq" spool_empty 120
svc_stop > /dev/null 2>&1
umount "$SP" && ok "the tmpfs is unmounted" || bad "the tmpfs is unmounted"
trap - EXIT
finish
