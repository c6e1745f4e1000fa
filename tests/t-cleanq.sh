#!/bin/sh
# cleanq's rules, on a spool populated by hand: cleanq runs directly (not
# under supervise) as the qscanq user, woken with SIGALRM as supervise would.
# Every sweep removes a marker file planted just before it, so the log shows
# when that sweep is over: no test waits blindly.
. "$(dirname "$0")/lib.sh"

sandbox cleanq "/bin/true" 30 || { bad "sandbox cleanq"; finish; exit 1; }
SP=$H/qscanq/spool
LOG=$S/cleanq.log
OUT=$S/outside # outside the spool, owned by the qscanq user: what links lead to
CPID=
nsweep=0

# mkid AGE N: a working folder's name whose TAI64N label is AGE seconds old
mkid() { printf '@%016x%08x.%x.%d' $((0x400000000000000a + $(date +%s) - $1)) 123456789 $$ "$2"; }
# mkfolder NAME MODE: a working folder as qscanq makes it, work/ inside
mkfolder() {
  mkdir "$SP/$1" "$SP/$1/work" && chown qsqd:qsqd "$SP/$1" "$SP/$1/work" &&
    chmod 0777 "$SP/$1/work" && chmod "$2" "$SP/$1"
}
# ascaller FOLDER CMD...: runs CMD as the caller qsqa in FOLDER/work, which it
# reaches only through its current folder, as under qscanq
ascaller() { _f=$1; shift; (cd "$SP/$_f/work" && setpriv --reuid=qsqa --regid=qsqa --clear-groups "$@"); }
gone() { [ ! -e "$SP/$1" ] && [ ! -L "$SP/$1" ]; }
logged() { grep -qxF -- "$1" "$LOG"; }
spoolcount() { find "$SP" -mindepth 1 -maxdepth 1 | wc -l; }

# waits for the summary line of the sweep that removed marker N
waitsweep() {
  _i=0
  while [ $_i -lt 1200 ]; do
    awk -v m="suspicious: deleted file marker.$1" '$0 == m { f = 1 } f && /^sweep: / { ok = 1 } END { exit !ok }' "$LOG" && return 0
    kill -0 "$CPID" 2>/dev/null || { bad "cleanq died"; return 1; }
    _i=$((_i + 1))
    sleep 0.05
  done
  bad "sweep $1 did not finish within 60 s"
  return 1
}
# one sweep, started as run-cleanq would (SIGALRM), and over when this returns
sweep() {
  nsweep=$((nsweep + 1))
  : > "$SP/marker.$nsweep"
  kill -ALRM "$CPID"
  waitsweep $nsweep
}
start_cleanq() {
  nsweep=$((nsweep + 1))
  : > "$SP/marker.$nsweep"
  setuidgid qsqd "$H/bin/cleanq" "$@" >> "$LOG" 2>&1 &
  CPID=$!
  waitsweep $nsweep
}
stop_cleanq() {
  kill -TERM "$CPID"
  wait "$CPID"
  _st=$?
  CPID=
  return $_st
}
# the last sweep line's time in ms
lastms() { grep '^sweep: ' "$LOG" | tail -n 1 | sed 's/.*, \([0-9]*\) ms$/\1/'; }
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$CPID/status"; }

find "$SP" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
rm -rf "$OUT" && mkdir -p "$OUT/dir" && echo precious > "$OUT/dir/file" && echo precious > "$OUT/file" &&
  chown -R qsqd:qsqd "$OUT" && chmod 755 "$S" "$OUT" || { bad "setup"; finish; exit 1; }
: > "$LOG"

start_cleanq
check "cleanq starts and logs it" grep -q '^start: sweeping ' "$LOG"
hwm0=$(hwm)

# ==== the deletion rules
done_old=$(mkid 100 1);   mkfolder "$done_old" 0700 && echo m > "$SP/$done_old/work/msg"
done_young=$(mkid 5 2);   mkfolder "$done_young" 0700
used_young=$(mkid 5 3);   mkfolder "$used_young" 01700
used_mid=$(mkid 80 4);    mkfolder "$used_mid" 01700
used_old=$(mkid 100 5);   mkfolder "$used_old" 01700 && echo m > "$SP/$used_old/work/msg"
used_ancient=$(mkid 999999 6); mkfolder "$used_ancient" 01700
used_future=$(mkid -40 7); mkfolder "$used_future" 01700
done_future=$(mkid -200 8); mkfolder "$done_future" 0700
sweep
check "a done folder past the 10-s grace is deleted" gone "$done_old"
check "... and logged, one line" logged "deleted $done_old: done"
check "a done folder younger than the grace stays (qscanq's mkdir-to-chmod window)" test -d "$SP/$done_young/work"
check "a folder in use, 5 s old, stays" test -d "$SP/$used_young/work"
check "a folder in use, 80 s old (under 3 x conf-timeout = 90 s), stays" test -d "$SP/$used_mid/work"
check "a folder in use, 100 s old (over 3 x conf-timeout), is deleted" gone "$used_old"
check "... and logged as abandoned" grep -qE "^deleted $used_old: abandoned after 10[0-9] s\$" "$LOG"
check "a folder in use, days old, is deleted" gone "$used_ancient"
check "a folder in use, dated 40 s ahead (clock set back), stays" test -d "$SP/$used_future/work"
check "a done folder dated 200 s ahead is deleted" gone "$done_future"
for f in "$done_young" "$used_young" "$used_mid" "$used_future"; do rm -rf "${SP:?}/$f"; done

# ==== symbolic links: removed, never followed
l1=$(mkid 100 10)
ln -s "$OUT/dir" "$SP/$l1"                          # a working folder's name, but a link
ln -s "$OUT/file" "$SP/link-to-file"
ln -s / "$SP/link-to-root"
ln -s nowhere "$SP/dangling"
ln -s loop "$SP/loop"
f2=$(mkid 100 11); mkfolder "$f2" 0700
ln -s "$OUT/dir" "$SP/$f2/work/dirlink"
ln -s "$OUT/file" "$SP/$f2/work/filelink"
ln -s / "$SP/$f2/work/root"
check "the caller leaves links" ascaller "$f2" sh -c 'umask 0; mkdir parts && ln -s ../../../../../.. parts/up && ln -s /etc/passwd parts/passwd'
f3=$(mkid 100 12); mkdir "$SP/$f3" && ln -s "$OUT/dir" "$SP/$f3/work" && chown -h qsqd:qsqd "$SP/$f3" "$SP/$f3/work" && chmod 0700 "$SP/$f3"
sweep
check "a link named like a working folder is removed" gone "$l1"
check "... logged as suspicious" logged "suspicious: deleted symbolic link $l1"
check "links in the spool are removed (to a file, to /, dangling, a loop)" \
  sh -c "! ls -A '$SP' | grep -qx -e link-to-file -e link-to-root -e dangling -e loop"
check "links inside work/ go with their folder" gone "$f2"
check "a work/ that is a link goes with its folder" gone "$f3"
expect_eq "no link target was touched" "$(cat "$OUT/file" "$OUT/dir/file" | tr '\n' ' ')" "precious precious "
expect_eq "nothing else outside changed" "$(find "$OUT" | wc -l)" 4
check "/etc/passwd is still there" test -s /etc/passwd

# ==== whatever is not a working folder: removed and logged as suspicious
echo x > "$SP/plain"
mkfifo "$SP/fifo"
perl -MSocket -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0]) or die "socket: $!"' "$SP/sock"
mkdir -p "$SP/@nothex/sub" "$SP/.hidden" "$SP/@0123" && echo x > "$SP/@nothex/sub/f"
mkdir "$SP/$(mkid 100 13)x"                          # a good name with junk after it
echo x > "$SP/$(mkid 100 14)"                        # a good name, but a file
evil=$(printf 'x\ndeleted @0: done\\\377')
: > "$SP/$evil"
chown -R qsqd:qsqd "$SP"
sweep
for n in plain fifo sock @nothex .hidden @0123; do
  check "suspicious $n removed" gone "$n"
done
check "a plain file is logged" logged "suspicious: deleted file plain"
check "a named pipe is logged (and cleanq did not hang on it)" logged "suspicious: deleted named pipe fifo"
check "a socket is logged" logged "suspicious: deleted socket sock"
check "a badly named folder is logged" logged "suspicious: deleted folder @nothex"
check "a good name with junk after it is suspicious" grep -qE '^suspicious: deleted folder @[0-9a-f]{24}\.[0-9a-f]+\.13x$' "$LOG"
check "a file with a good name is suspicious" grep -qE '^suspicious: deleted file @[0-9a-f]{24}\.[0-9a-f]+\.14$' "$LOG"
check "a name with a newline, a backslash and byte 255 is escaped" logged 'suspicious: deleted file x\x0adeleted\x20@0:\x20done\x5c\xff'
check "... and forges no log line" sh -c "! grep -qx 'deleted @0: done.*' '$LOG'"
check "the log holds printable ASCII only" sh -c "! LC_ALL=C grep -q '[^ -~]' '$LOG'"

# ==== odd names, many files, deep nesting, written by the caller
odd=$(mkid 100 20); mkfolder "$odd" 0700
check "the caller leaves odd names" ascaller "$odd" perl -MPOSIX=mkfifo -e '
umask 0;
mkdir($_, 0777) or die "$_: $!" for "parts", "tmp";
my @names = ("-rf", "...", ".hidden", " ", "a\nb", "\\", "*", "\x01\x7f\xff", "x" x 255, "@" . "0" x 24 . ".1.1");
for my $n (@names) {
  for my $d ("", "parts/", "tmp/") { open(my $f, ">", "$d$n") or die "$d$n: $!"; print $f "x"; close $f }
}
mkdir("parts/.d") or die; mkdir("parts/c\nd") or die;
open(my $f, ">", "parts/c\nd/e") or die; close $f;
mkfifo("tmp/fifo", 0666) or die "fifo: $!";
'
sweep
check "odd names (newline, leading dots and dashes, 255 bytes, bytes 1 and 255) all go" gone "$odd"

many=$(mkid 100 21); mkfolder "$many" 0700
check "the caller leaves 20,000 files" ascaller "$many" perl -e 'umask 0; mkdir("parts", 0777) or die; for my $i (0 .. 19999) { open(my $f, ">", "parts/$i") or die; close $f }'
expect_eq "20,000 files made by the caller" "$(ls -f "$SP/$many/work/parts" | wc -l)" 20002
sweep
check "20,000 files: the folder is gone" gone "$many"
ms20k=$(lastms)
ok "20,000 files: the sweep took $ms20k ms"

deep=$(mkid 100 22); mkfolder "$deep" 0700
check "the caller leaves 5,000 levels of folders" ascaller "$deep" perl -e '
umask 0;
for my $i (0 .. 4999) {
  mkdir("d", 0777) or die; chdir("d") or die;
  next if $i % 100;
  open(my $f, ">", "f") or die; close $f;
  mkdir("side", 0777) or die; open($f, ">", "side/g") or die; close $f;
}'
sweep
check "5,000 levels of nesting: the folder is gone" gone "$deep"
msdeep=$(lastms)
ok "5,000 levels: the sweep took $msdeep ms"
hwm1=$(hwm)
grow=$((hwm1 - hwm0))
case "${QSQ_CC:-}" in
  *-fsanitize=*) echo "# sanitizer build: its allocator's quarantine makes peak RSS meaningless here" ;;
  *) check "memory stays flat: peak RSS grew by ${grow} kB over 5,000 levels and 20,000 files" test "$grow" -lt 1024 ;;
esac

# ==== what the qscanq user may not remove: logged once, and cleanq moves on
stuck=$(mkid 100 30); mkfolder "$stuck" 0700
check "the caller leaves folders the qscanq user may not empty" ascaller "$stuck" sh -c 'mkdir -m 700 private && echo x > private/f && mkdir -m 1777 sticky && echo x > sticky/g && mkdir -m 555 empty'
mkdir "$SP/junk" "$SP/junk/private" && touch "$SP/junk/private/f" && chown qsqd "$SP/junk" &&
  chown -R qsqa "$SP/junk/private" && chmod 700 "$SP/junk/private"
sweep
check "a caller's 0700 folder with files in it stops the deletion" test -d "$SP/$stuck"
check "... the log says which folder and why" grep -qE "^warning: unable to delete $stuck: .*(private|g): (Permission denied|Operation not permitted)\$" "$LOG"
check "... and the sweep is over (no endless loop)" grep -qE '^sweep: .* [1-9][0-9]* stuck' "$LOG"
check "so it does for something suspicious" grep -qE "^warning: unable to delete junk: unable to (open|move) private: Permission denied\$" "$LOG"
warned=$(grep -c "^warning: unable to delete $stuck" "$LOG")
next=$(mkid 100 31); mkfolder "$next" 0700
sweep
check "other folders are still deleted" gone "$next"
expect_eq "a stuck folder is not retried (nor logged again) on every wake-up" "$(grep -c "^warning: unable to delete $stuck" "$LOG")" "$warned"
expect_eq "nor is something suspicious that is stuck" "$(grep -c "^warning: unable to delete junk" "$LOG")" 1
# fixed by hand: the caller's folders (some already moved up) opened to the qscanq user
find "$SP/$stuck" "$SP/junk" -mindepth 1 -type d -exec chmod 777 {} +

# ==== SIGTERM in the middle of a big folder: exits 0 at once, the next run finishes
big=$(mkid 100 40); mkfolder "$big" 0700
check "the caller leaves 50,000 files" ascaller "$big" perl -e 'umask 0; mkdir("parts", 0777) or die; for my $i (0 .. 49999) { open(my $f, ">", "parts/$i") or die; close $f }'
kill -ALRM "$CPID"
kill -TERM "$CPID"
t0=$(date +%s)
wait "$CPID"
st=$?
CPID=
expect_eq "SIGTERM: cleanq exits 0" "$st" 0
check "SIGTERM: ... within 5 s" test $(($(date +%s) - t0)) -le 5
check "SIGTERM: ... and says so" grep -q '^exit: asked to stop$' "$LOG"
# a fresh start sweeps at once, retries stuck folders, ignores its arguments
start_cleanq -x --spool=/ junk
check "after a restart the half-deleted folder is finished" gone "$big"
check "after a restart the folder that was stuck (now fixed) goes" gone "$stuck"
check "... and so does the suspicious one" gone junk

# ==== a caller that keeps writing: cleanq's work on one folder is bounded
# A process of the caller's uid, its current folder inside a done working
# folder (as it would be through its scanner's /proc/PID/cwd), makes a
# folder and moves into it, again and again, as fast as it can: every
# folder that cleanq moves up holds the next one. It keeps at most 15,000
# levels ahead of cleanq (it looks at every 30th level it made through a
# descriptor: st_nlink is 0 once cleanq has removed it), so that the test
# costs tens of MB, not the disk, and says "ahead" the first time it is.
# It stops when told, or after 100 s.
writer=$(mkid 100 60); mkfolder "$writer" 0700
rm -f "$S/writer.stop" "$S/writer.out"
(ascaller "$writer" perl -e '
umask 0;
$| = 1;
my ($stop, $t0, $n, $said, @ring) = ($ARGV[0], time, 0, 0);
sub over { -e $stop || time - $t0 > 100 }
for (;;) {
  if ($n % 30 == 0) {
    my $i = ($n / 30) % 500;
    if (defined $ring[$i]) {
      print "ahead\n" unless $said++;
      while ((stat($ring[$i]))[3]) { select(undef, undef, undef, 0.001); exit 0 if over() }
      close $ring[$i];
    }
    open($ring[$i], "<", ".") or exit 3;
    exit 0 if over();
  }
  mkdir("d") or exit 4;
  chdir("d") or exit 5;
  $n++;
}' "$S/writer.stop" > "$S/writer.out"; echo $? > "$S/writer.rc") &
wpid=$!
others=
for n in 61 62 63 64 65 66; do
  o=$(mkid 100 $n); mkfolder "$o" 0700 && echo m > "$SP/$o/work/msg"
  others="$others $o"
done
n=0
while ! grep -q ahead "$S/writer.out" && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
t0=$(date +%s)
sweep && ok "a caller writing nested folders without a pause: the sweep is over all the same ($(($(date +%s) - t0)) s)"
check "... while the caller was still writing" kill -0 "$wpid"
: > "$S/writer.stop"
wait "$wpid"
expect_eq "... (the caller was never caught up: it stopped when told)" "$(cat "$S/writer.rc")" 0
left=0
for o in $others; do gone "$o" || left=$((left + 1)); done
expect_eq "... the other done folders are deleted (6)" "$left" 0
check "... and cleanq says which folder it gave up on, and why" \
  grep -qE "^warning: unable to delete $writer: over the budget of [0-9]+ steps in one sweep \(is something still writing in it\?\)\$" "$LOG"
grep -E "^warning: unable to delete $writer|^sweep: " "$LOG" | tail -n 2 | sed 's/^/# /'
sweep
expect_eq "... nor does a wake-up try it again (it waits for the next timed sweep)" "$(grep -c "^warning: unable to delete $writer" "$LOG")" 1
stop_cleanq
start_cleanq
check "once the caller has stopped, a timed sweep deletes what is left" gone "$writer"

# ==== a file system mounted inside a working folder is not entered
n=50
for at in work work/parts; do
  n=$((n + 1))
  mnt=$(mkid 100 $n); mkfolder "$mnt" 0700
  mkdir -p "$SP/$mnt/$at"
  if mount -t tmpfs -o size=1m qsqtest "$SP/$mnt/$at" 2>/dev/null; then
    echo keep > "$SP/$mnt/$at/f" && chmod 777 "$SP/$mnt/$at"
    sweep
    expect_eq "a file system mounted on $at is not entered" "$(cat "$SP/$mnt/$at/f" 2>&1)" keep
    check "... and that is logged" grep -qE "^warning: unable to delete $mnt: .* ${at#work/}: " "$LOG"
    umount "$SP/$mnt/$at"
  else
    echo "# no mount here: the mount-point test is skipped"
  fi
  rm -rf "${SP:?}/$mnt"
done

sweep
expect_eq "the spool is empty at the end" "$(spoolcount)" 0
stop_cleanq
expect_eq "cleanq exits 0 on SIGTERM" "$?" 0
echo "# measured: 20,000 files in $ms20k ms; 5,000 levels in $msdeep ms; peak RSS +$grow kB"
finish
