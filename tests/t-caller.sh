# What the caller hears (issue 18, items 9 and 10).
#  9. A caller that gives the message up (qmail-smtpd over databytes, or
#     with its client gone mid-DATA: it closes the envelope pipe with no
#     envelope in it) is logged as "abandoned 54 ...: the caller went
#     away", not as a deferral; a real read error of the envelope (fd 1
#     unreadable, the caller still there) stays "deferred 54".
# 10. A clean message from a local caller (no TCPREMOTEIP: qmail-inject,
#     sendmail, cron) prints nothing on the caller's stderr; the verdict
#     file (cleanq's log) still has the summary. Under tcpserver
#     (TCPREMOTEIP set), and for a refusal, the caller still gets it.
. "$(dirname "$0")/lib.sh"

SCN=$QSQ_TMP/caller-scanner
printf '%s\n' '#!/bin/sh' 'if grep -q CALLER-VIRUS msg; then echo "./msg: Test.Virus-1 FOUND"; exit 1; fi' 'exit 0' > "$SCN"
chmod 755 "$SCN"
sandbox caller "$SCN" 10 || { bad "sandbox caller"; finish; exit 1; }

M=$QSQ_TMP/caller-m
Q=$QSQ_TMP/caller-q
rm -rf "$M" "$Q" && mkdir -p "$M" "$Q" && chmod 755 "$M" && chmod 777 "$Q" || exit 1
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env"
: > "$M/noenv"
printf 'Subject: lunch\n\nSee you at noon.\n' > "$M/clean"
printf 'Subject: bad\n\nCALLER-VIRUS\n' > "$M/virus"
chmod 644 "$M"/*
queued() { ls "$Q" | grep -c '\.info$'; }
asuser() { _u=$1; shift; setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"; }
# deliver MSG ENV [VAR=VALUE ...]: through the fake qmail-smtpd, as qsqa
deliver() {
  _m=$1 _e=$2; shift 2
  rm -f "$Q"/*
  _out=$(asuser qsqa env STANDIN_QUEUE="$Q" "$@" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$M/$_m" "$M/$_e" 2> "$M/log")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
summaries() { grep -c ' summary: ' "$M/log"; }

# ==== 10: a local caller's clean message: silence on its stderr
deliver clean env
expect_eq "local caller, clean: queued" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/1"
expect_eq "... and no summary line on the caller's stderr" "$(summaries)" 0
sed 's/^/    /' "$M/log"
# silent: nothing names the folder, so find it by the message's size and ip
v=$(grep -l ' summary: queued 0 .* ip - bytes 33 ' "$H"/qscanq/spool/@*/verdict | tail -n 1)
check "... the verdict file (cleanq's log) still has it" test -n "$v"
deliver clean env TCPREMOTEIP=192.0.2.7
expect_eq "under tcpserver (TCPREMOTEIP), clean: queued" "$REPLY/$CODE/$(queued)" "250 ok/exit 0/1"
check "... the summary is on stderr, as before" grep -q ' summary: queued 0 .* ip 192\.0\.2\.7 ' "$M/log"
deliver virus env
expect_eq "local caller, virus: refused" "$REPLY/$CODE/$(queued)" "554 mail server permanently rejected message (#5.3.0)/exit 31/0"
check "... and the caller hears why (the summary on stderr)" grep -q ' summary: refused 31 .* ip - .*Test\.Virus-1' "$M/log"

# ==== 9: the caller went away
deliver clean noenv TCPREMOTEIP=192.0.2.7
expect_eq "the caller closes the envelope pipe empty (databytes): 54, nothing queued" "$CODE/$(queued)" "exit 54/0"
sed 's/^/    /' "$M/log"
check "... logged as abandoned, the caller went away" grep -q ' summary: abandoned 54 .*: clean; the caller went away: ' "$M/log"
check "... not as a deferral" sh -c "! grep -q ' summary: deferred ' '$M/log'"
v=$(grep -l ' summary: abandoned 54 ' "$H"/qscanq/spool/@*/verdict | head -n 1)
check "... in cleanq's log too (the verdict file)" test -n "$v"
# the client gone mid-DATA: qmail-smtpd dies with half the message sent
# (both pipes close, the envelope empty); qscanq-stdin sees the end of
# the message, scans what came, and the real queue finds no envelope
rm -f "$M/mfifo" "$M/efifo" && mkfifo -m 644 "$M/mfifo" "$M/efifo"
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$H/bin/qscanq" < "$M/mfifo" 1< "$M/efifo" 2> "$M/log"; echo $? > "$M/rc") &
qp=$!
exec 3> "$M/mfifo" 4> "$M/efifo"
printf 'Subject: half\n\nthe first half of' >&3
exec 3>&- 4>&-
wait "$qp"
expect_eq "the caller dies mid-message: 54, nothing queued" "$(cat "$M/rc")/$(queued)" "54/0"
check "... logged as abandoned, the caller went away" grep -q ' summary: abandoned 54 .*; the caller went away: ' "$M/log"
# a real read error: the envelope is unreadable (a folder on fd 1) while
# the caller is still there
mkdir -p "$M/dir"
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$H/bin/qscanq" < "$M/clean" 1< "$M/dir" 2> "$M/log")
expect_eq "an envelope that cannot be read: 54" "$?/$(queued)" "54/0"
sed 's/^/    /' "$M/log"
check "... logged as deferred 54, a read error" grep -q ' summary: deferred 54 .*: clean$' "$M/log"
check "... not as abandoned" sh -c "! grep -q 'abandoned\|went away' '$M/log'"
# and qscanq-stdin's own read error (fd 0 unreadable)
(cd "$H" && asuser qsqa env STANDIN_QUEUE="$Q" TCPREMOTEIP=192.0.2.7 "$H/bin/qscanq" < "$M/dir" 1< "$M/env" 2> "$M/log")
expect_eq "a message that cannot be read: 54" "$?/$(queued)" "54/0"
check "... logged as deferred 54, not abandoned" sh -c "grep -q ' summary: deferred 54 ' '$M/log' && ! grep -q 'abandoned' '$M/log'"
finish
