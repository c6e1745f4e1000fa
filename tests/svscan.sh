# tests/svscan.sh: cleanq under the real svscan/supervise/multilog, for
# tests that need it running while messages pass (POSIX sh, sourced after
# tests/lib.sh and a sandbox call, so that S and H are set). svscan itself
# is lib.sh's svscan_start and svscan_stop; waituntil is lib.sh's too.
#
#   svc_start            starts svscan on $S/svscan (a link to the
#                        sandbox's HOME/qscanq/cleanq) with an empty log and
#                        returns once cleanq and its log are up; status 1
#                        if they do not come up within 30 s
#   svc_stop             stops cleanq (SIGTERM alone), its log and svscan
#   svc_pid              cleanq's pid, as svstat tells it
#   cleanqlog            everything cleanq logged since svc_start
#   spool_empty SECS     wakes cleanq (run-cleanq) every 0.5 s until the
#                        spool is empty; status 1 if it is not within SECS
#   spoolcount           entries in the spool

SVC=$H/qscanq/cleanq
SP=$H/qscanq/spool
SV=$S/svscan
LOGDIR=$SVC/log/main

svc_pid() { svstat "$SVC" 2>/dev/null | sed -n 's/.*(pid \([0-9]*\)).*/\1/p'; }
cleanqlog() { cat "$LOGDIR"/@* "$LOGDIR/current" 2>/dev/null; }
spoolcount() { find "$SP" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
_svc_up() { svok "$SVC" && svok "$SVC/log" && svstat "$SVC" | grep -q ': up '; }
_svc_down() { ! svok "$SVC" 2>/dev/null && ! svok "$SVC/log" 2>/dev/null; }

svc_start() {
  svc_stop > /dev/null 2>&1
  rm -rf "$SV" && mkdir -p "$SV" && ln -s "$SVC" "$SV/cleanq" || return 1
  find "$LOGDIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null
  svscan_start "$SV"
  waituntil 30 _svc_up && waituntil 30 sh -c "cat '$LOGDIR/current' 2>/dev/null | grep -q 'start: sweeping'"
}

svc_stop() {
  svscan_stop
  # SIGTERM alone (svc -o: no restart), as tests/t-service.sh explains
  if svok "$SVC" 2>/dev/null; then
    svc -ot "$SVC"
    waituntil 60 sh -c "svstat '$SVC' | grep -q ': down '"
  fi
  svc -dx "$SVC" "$SVC/log" 2>/dev/null
  waituntil 30 _svc_down
}

spool_empty() {
  _n=$(($1 * 2))
  while [ "$_n" -gt 0 ]; do
    [ "$(spoolcount)" = 0 ] && return 0
    "$H/bin/run-cleanq" 2>/dev/null
    _n=$((_n - 1))
    sleep 0.5
  done
  [ "$(spoolcount)" = 0 ]
}
