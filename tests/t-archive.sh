# tests/t-archive.sh: zip archives are opened by qscanq itself (issue #17,
# items 1 and 2): what it queues never rests on how much of a zip clamd
# reads. Against a real clamd (tests/mkdb's database) on a unix socket,
# in the production form (conf-scanner "clamd SOCKET"), every message
# through the qmail-smtpd stand-in as a caller.
#
#  1. clamd trims a zip member to MaxFileSize without an alert: a member of
#     26 MiB of zeros and then EICAR, deflated into 26 KB, is refused with
#     INSTALL's limits (MaxFileSize 25M); one of 101 MiB (140 KB of mail)
#     is refused with ClamAV's built-in limits, by qscanq's own budget.
#  2. clamd does not read a zip behind another zip: the two joined, in
#     either order, in one attachment, or in two base64 blobs of one part
#     that the standard decoder runs together, are refused.
# And no false refusal: an ordinary zip, a zip of zips, a zip with a
# stored member, a docx-like archive of many members are queued, byte for
# byte.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clamd.sh"

DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
M=$QSQ_TMP/arch-msgs
C=$QSQ_TMP/arch-cd
mkdir -p "$M" "$C" && chmod 755 "$M" "$C" || exit 1
trap 'clamd_stop "$C/u"' EXIT

# ---- messages (python3's zipfile: real deflated archives)
sh "$TOP/tests/eicar" > "$M/eicar" || exit 1
python3 - "$M" <<'PY' || { bad "making the archives"; finish; exit 1; }
import base64, io, os, random, sys, zipfile
d = sys.argv[1]
eicar = open(os.path.join(d, "eicar"), "rb").read()
rnd = random.Random(17)
def text(n):  # compressible but not trivially: words
    words = [b"alpha", b"beta", b"gamma", b"delta", b"report", b"total", b"2026"]
    return b" ".join(rnd.choice(words) for _ in range(n)) + b"\n"
def z(members, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as f:
        for name, data in members:
            f.writestr(name, data)
    return b.getvalue()
def mail(parts, name):
    out = [b"From: a@example.com\nTo: b@example.com\nSubject: archive\nMIME-Version: 1.0\n",
           b"Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n\nsee attached\n"]
    for body in parts:
        out.append(b"--b1\nContent-Type: application/zip; name=\"a.zip\"\nContent-Transfer-Encoding: base64\n\n")
        out.append(body)
    out.append(b"--b1--\n")
    open(os.path.join(d, name), "wb").write(b"".join(out))
b64 = base64.encodebytes
payload = eicar + text(2000)       # deflated for real: EICAR is not in the zip's bytes
innocent = z([("notes.txt", text(3000))])
evil = z([("invoice.txt", payload)])
# 1
mail([b64(z([("big.bin", bytes(26 * 1048576) + eicar)]))], "inf-zip-26m")
mail([b64(z([("big.bin", bytes(101 * 1048576) + eicar)]))], "inf-zip-101m")
# 2
mail([b64(innocent + evil)], "inf-zipzip")
mail([b64(evil + innocent)], "inf-zipzip-rev")
mail([b64(innocent + b"\r\n\r\n" + evil)], "inf-zipzip-gap")
mail([b64(innocent) + b64(evil)], "inf-b64b64")   # two blobs, one part: the first ends in padding
mail([b64(z([("inner.zip", innocent + evil)]))], "inf-nested-zipzip")
# the archive past the first 64 KiB of its part (MIME_ZIPSCAN: searched
# when the file is closed, not as it is written)
mail([b64(bytes(rnd.randrange(256) for _ in range(200000)).replace(b"PK", b"pk") + evil)], "inf-late-zip")
# the local header and the central directory disagree on the method:
# Info-ZIP follows the local header, Python's zipfile the directory
clam = open("/usr/share/clamav-testfiles/clam.exe", "rb").read()
lie = bytearray(z([("clam.exe", clam)], zipfile.ZIP_STORED)); lie[8] = 8   # local: deflated
mail([b64(bytes(lie))], "inf-zip-cdstored")
lie = bytearray(evil); lie[8] = 0                                          # local: stored
mail([b64(bytes(lie))], "inf-zip-cddeflated")
# names for the attachment rules (#19): nested twice; only in the central
# directory (the local header says notes.txt); a PE renamed, in a zip
mail([b64(z([("outer.zip", z([("inner.zip", z([("invoice.pdf.exe", text(10))]))]))]))], "att-nested2")
cdonly = bytearray(z([("notes.txt", text(10))]))
i = cdonly.rfind(b"notes.txt"); cdonly[i:i + 9] = b"notes.exe"          # the directory's copy
mail([b64(bytes(cdonly))], "att-cdname")
mail([b64(z([("photo.jpg", b"MZ\x90\x00" + bytes(200))]))], "att-magic")
mail([b64(z([("notes.txt", text(10)), ("exe-notes.pdf", text(10))]))], "clean-att-lookalike")
# clean
mail([b64(innocent)], "clean-zip")
mail([b64(z([("a.zip", innocent), ("b.zip", z([("c.txt", text(50))]))]))], "clean-zipzip-nested")
mail([b64(z([("s.txt", text(100))], zipfile.ZIP_STORED))], "clean-zip-stored")
mail([b64(z([("word/document%d.xml" % i, text(200)) for i in range(40)]))], "clean-docx-like")
assert len(innocent + evil) % 3 != 0 or True
PY
chmod 644 "$M"/*
expect_eq "EICAR is not in the bytes of the payload zip (it is deflated)" \
  "$(python3 -c 'import sys; print(open(sys.argv[1],"rb").read().count(open(sys.argv[2],"rb").read()))' "$M/inf-zipzip" "$M/eicar")" 0
s26=$(wc -c < "$M/inf-zip-26m"); s101=$(wc -c < "$M/inf-zip-101m")
[ "$s26" -lt 40000 ] && [ "$s101" -lt 150000 ] && ok "the zip bombs are small: $s26 and $s101 bytes" || bad "zip bombs of $s26 and $s101 bytes"

# ---- what clamd alone makes of them (the blind spots are real)
clamscan_ok() { clamscan --no-summary -d "$DB" "$@" > /dev/null 2>&1; }
python3 - "$M" <<'PY'
import base64, email, os, sys
d = sys.argv[1]
for n in ("inf-zip-26m", "inf-zipzip", "inf-zipzip-rev", "inf-zip-cdstored"):
    m = email.message_from_binary_file(open(os.path.join(d, n), "rb"))
    for p in m.walk():
        if p.get_content_type() == "application/zip":
            open(os.path.join(d, n + ".zip"), "wb").write(p.get_payload(decode=True))
PY
check "clamscan alone passes the 26 MiB member (MaxFileSize 25M, AlertExceedsMax)" \
  clamscan_ok --alert-exceeds-max=yes --max-filesize=25M --max-scansize=100M "$M/inf-zip-26m.zip"
check "clamscan alone passes two zips joined (innocent first)" clamscan_ok "$M/inf-zipzip.zip"
check "clamscan alone passes two zips joined (payload first)" clamscan_ok "$M/inf-zipzip-rev.zip"
check "clamscan alone passes clam.exe stored, its local header saying deflated" clamscan_ok "$M/inf-zip-cdstored.zip"
check "Python's zipfile extracts clam.exe from it (it trusts the directory)" python3 -c '
import sys, zipfile, hashlib
z = zipfile.ZipFile(sys.argv[1])
sys.exit(z.read("clam.exe") != open("/usr/share/clamav-testfiles/clam.exe", "rb").read())' "$M/inf-zip-cdstored.zip"
check "unzip extracts the payload of the joined zips" sh -c "unzip -p '$M/inf-zipzip.zip' invoice.txt 2>/dev/null | cmp -s -n 68 - '$M/eicar'"

# ---- delivery through the smtpd stand-in (notqmail mode: reasons on fd 6)
LOGF=$QSQ_TMP/arch.log
deliver() {
  _out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$1" "$M/env" 2> "$LOGF")
  REPLY=$(printf '%s\n' "$_out" | sed -n 1p)
  CODE=$(printf '%s\n' "$_out" | sed -n 2p)
}
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$M/env" && chmod 644 "$M/env"
queued() { ls "$Q" | grep -c '\.info$'; }
newqueue() { rm -rf "$Q"; mkdir -p "$Q" && chmod 777 "$Q"; }

startclamd() { # LINES...: a clamd on $C/u/clamd.sock with these limits
  _cd_extra=$(printf '%s\n' "$@")
  clamd_start "$C/u" "$DB"; _st=$?
  _cd_extra=
  return $_st
}
refused() { # NAME: refused for good, nothing queued
  newqueue; deliver "$M/$1"
  case "$REPLY" in 554*) _r=554 ;; *) _r=$REPLY ;; esac
  expect_eq "$2: $1 refused for good, nothing queued" "$_r/$(queued)" "554/0"
  [ "$_r" = 554 ] || sed 's/^/    /' "$LOGF"
}
accepted() {
  newqueue; deliver "$M/$1"
  if [ "$REPLY" = "250 ok" ] && [ "$(queued)" = 1 ] && cmp -s "$M/$1" "$Q"/*.msg; then ok "$2: $1 queued byte for byte"
  else bad "$2: $1: $REPLY $CODE"; sed 's/^/    /' "$LOGF"; fi
}

check "clamd with INSTALL's limits (MaxFileSize 25M, MaxScanSize 100M) started" \
  startclamd "MaxFileSize 25M" "MaxScanSize 100M"
QSQ_QMAIL=notqmail sandbox arch "clamd $C/u/clamd.sock" 60 || { bad "sandbox arch"; finish; exit 1; }
Q=$S/queue
refused inf-zip-26m "INSTALL's limits"
grep -q 'Heuristics\.Limits\.Exceeded\|Qscanq\.Test\.Eicar' "$LOGF" && ok "the log names what clamd found in the member" ||
  { bad "the log does not name the finding"; cat "$LOGF"; }
for n in clean-zip clean-zipzip-nested clean-zip-stored clean-docx-like; do accepted "$n" "INSTALL's limits"; done

check "clamd with ClamAV's built-in limits started" startclamd
refused inf-zip-101m "built-in limits"
grep -q 'MIME_ZIPK' "$LOGF" && ok "the 101 MiB member: the log names qscanq's zip budget" || { bad "no MIME_ZIPK in the log"; cat "$LOGF"; }
for n in inf-zipzip inf-zipzip-rev inf-zipzip-gap inf-b64b64 inf-nested-zipzip inf-zip-cddeflated inf-late-zip; do
  refused "$n" "built-in limits"
  grep -q 'Qscanq\.Test\.Eicar' "$LOGF" || { bad "$n: the log does not name EICAR"; cat "$LOGF"; }
done
refused inf-zip-cdstored "built-in limits"
grep -q 'Qscanq\.Test\.ClamExe' "$LOGF" && ok "the directory's stored reading: clam.exe found by its hash" || { bad "inf-zip-cdstored: no ClamExe in the log"; cat "$LOGF"; }
for n in clean-zip clean-zipzip-nested clean-zip-stored clean-docx-like; do accepted "$n" "built-in limits"; done

# ---- the attachment rules (#19) see the members' names and bytes
printf 'name .exe\nmagic pe\n' | "$H/bin/qscanq-policy" "$H/qscanq/policy.cdb" "$H/qscanq/policy.tmp" ||
  bad "qscanq-policy compiles the table"
attach() { # NAME WANT: the attachment reply
  newqueue; deliver "$M/$1"
  expect_eq "attachment rules: $1 refused, nothing queued" "${REPLY%%;*}/$(queued)" "$2/0"
}
attach att-nested2 "554 attachment refused: invoice.pdf.exe (rule name:.exe)"
attach att-cdname "554 attachment refused: notes.exe (rule name:.exe)"
newqueue; deliver "$M/att-magic"
expect_eq "attachment rules: a PE named photo.jpg in a zip refused by its bytes" "$(printf '%s' "$REPLY" | sed 's/: [^ ]* (rule/: X (rule/; s/;.*//')/$(queued)" "554 attachment refused: X (rule magic:pe)/0"
accepted clean-att-lookalike "attachment rules"
accepted clean-zip "attachment rules"
rm -f "$H/qscanq/policy.cdb"

# ---- reformime: the members, as files of their own
W=$QSQ_TMP/arch-ref
rm -rf "$W" && mkdir -p "$W" || exit 1
(cd "$W" && "$TOP/reformime" < "$M/inf-zipzip") && ok "reformime unpacks the joined zips" || bad "reformime failed on the joined zips"
found=0
for f in "$W"/*.z*; do cmp -s -n 68 "$f" "$M/eicar" && found=$((found + 1)); done
expect_eq "reformime: the payload member is a file of its own (NAME.zN)" "$found" 1

# ---- qscanq's inflater against zlib's deflater: 150 archives of random
# members (text, random bytes, long runs, matches across the 32 KiB window),
# levels 1 to 9, every strategy; each member must come out byte for byte
D=$QSQ_TMP/arch-diff
rm -rf "$D" && mkdir -p "$D" || exit 1
python3 - "$D" <<'PY' || { bad "making the differential archives"; finish; exit 1; }
import base64, io, os, random, sys, zipfile, zlib
d = sys.argv[1]
r = random.Random(2026)
def content():
    k = r.randrange(5)
    n = r.choice([0, 1, 100, 5000, 40000, 120000])
    if k == 0: return bytes(r.randrange(256) for _ in range(min(n, 20000)))
    if k == 1: return b"".join(r.choice([b"the ", b"cat ", b"sat\n", b"on ", b"mat. "]) for _ in range(n // 4))
    if k == 2: return bytes([r.randrange(256)]) * n
    if k == 3:
        block = bytes(r.randrange(256) for _ in range(300))
        return (block + bytes(r.randrange(256) for _ in range(33000))) * 2 + block
    return bytes(r.choice(b"abcdefgh") for _ in range(n))
for i in range(150):
    b = io.BytesIO()
    members = []
    with zipfile.ZipFile(b, "w") as z:
        for j in range(r.randrange(1, 4)):
            c = content()
            zi = zipfile.ZipInfo("m%d" % j)
            zi.compress_type = r.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
            z.writestr(zi, c, compresslevel=r.randrange(1, 10))
            members.append(c)
    with open(os.path.join(d, "m%d" % i), "wb") as f:
        f.write(b"MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n")
        f.write(base64.encodebytes(b.getvalue()))
    for j, c in enumerate(members):
        open(os.path.join(d, "m%d.want%d" % (i, j)), "wb").write(c)
PY
dbad=0 dn=0
for i in $(seq 0 149); do
  rm -rf "$D/o" && mkdir "$D/o" || exit 1
  (cd "$D/o" && "$TOP/reformime" < "$D/m$i") || { dbad=$((dbad + 1)); continue; }
  for w in "$D/m$i".want*; do
    j=${w##*want}
    dn=$((dn + 1))
    if [ -s "$w" ]; then cmp -s "$w" "$D/o/1.z$((j + 1))" || { dbad=$((dbad + 1)); echo "  m$i member $j differs"; }
    else [ ! -e "$D/o/1.z$((j + 1))" ] || { dbad=$((dbad + 1)); echo "  m$i member $j: a file for an empty member"; }; fi
  done
done
expect_eq "the inflater agrees with zlib on every member of 150 random archives ($dn members)" "$dbad" 0
finish
