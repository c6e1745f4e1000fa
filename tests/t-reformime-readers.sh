#!/bin/sh
# tests/t-reformime-readers.sh: issue 17, items 3 to 8. Each message hides
# a deflated zip of EICAR so that one common reader extracts it (checked
# here with Python's email package, the reference) while qscanq's older
# readings did not. reformime must write the zip, byte for byte, as some
# output file, joined to nothing (an innocent zip joined to it hides it
# from ClamAV, issue 17 item 2).
. "$(dirname "$0")/lib.sh"

make -C "$TOP" -s reformime > /dev/null 2>&1 || { bad "make reformime"; finish; exit 1; }
R=${QSQ_REFORMIME:-$TOP/reformime}
W=$QSQ_TMP/reformime-readers
rm -rf "$W" && mkdir -p "$W/mail" "$W/out" || exit 1
sh "$TOP/tests/eicar" > "$W/eicar.com"
printf 'a plain note, nothing to see here\n' > "$W/note.txt"
# zip(1) stores a 68-byte file: Python's zipfile deflates it all the same
(cd "$W" && python3 -c '
import zipfile
with zipfile.ZipFile("p.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("eicar.com")
    z.comment = b"x=y."  # an "=" byte, and a length that base64 pads
with zipfile.ZipFile("i.zip", "w", zipfile.ZIP_DEFLATED) as z: z.write("note.txt")') || { bad "zipfile"; finish; exit 1; }
case $(unzip -v "$W/p.zip") in *Defl*) ok "the payload zip is deflated" ;; *) bad "the payload zip is deflated" ;; esac
Z=$W/p.zip
DB=$QSQ_TMP/db
[ -f "$DB/qscanq.ndb" ] || sh "$TOP/tests/mkdb" "$DB" > /dev/null || { bad "tests/mkdb"; finish; exit 1; }
B64=$(base64 -w 76 < "$Z")
IB64=$(base64 -w 76 < "$W/i.zip")

# has FILE ZIP: is FILE the bytes of ZIP, joined to nothing before or
# after it (a line end after it is the part's own, as Python keeps it)?
has() { perl -e 'local $/; open F, "<", $ARGV[0] or exit 1; my $f = <F>; open Z, "<", $ARGV[1] or exit 1; my $z = <Z>; $f =~ s/[\r\n]+\z//; exit($f eq $z ? 0 : 1)' "$1" "$2"; }
# python MAIL: does Python's email (compat32 and default) extract the zip?
python() {
  python3 -c '
import sys, email, email.policy
z = open(sys.argv[2], "rb").read()
for pol in (email.policy.compat32, email.policy.default):
    m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=pol)
    if any(z in (p.get_payload(decode=True) or b"") for p in m.walk() if not p.is_multipart()): sys.exit(0)
sys.exit(1)' "$1" "$Z"
}
# tools MAIL: does munpack or ripMIME extract the zip?
tools() {
  rm -rf "$W/tools" && mkdir -p "$W/tools/m" "$W/tools/r" || return 1
  munpack -q -C "$W/tools/m" "$1" > /dev/null 2>&1
  ripmime -i "$1" -d "$W/tools/r" > /dev/null 2>&1
  for _g in "$W/tools"/m/* "$W/tools"/r/*; do
    [ -f "$_g" ] && cmp -s "$_g" "$Z" && return 0
  done
  return 1
}
# reader NAME DESCRIPTION [python|tools|none]: Python (or munpack or
# ripMIME) extracts the zip (none: another reader does, see its note),
# and reformime writes it
reader() {
  _t=$1 _d=$2
  if [ "${3:-python}" = python ]; then
    if python "$W/mail/$_t"; then ok "$_t: Python's email extracts the zip"; else bad "$_t: Python's email extracts the zip"; fi
  elif [ "$3" = tools ]; then
    if tools "$W/mail/$_t"; then ok "$_t: munpack or ripMIME extracts the zip"; else bad "$_t: munpack or ripMIME extracts the zip"; fi
  fi
  rm -rf "$W/out/$_t" && mkdir -p "$W/out/$_t" || return 1
  (cd "$W/out/$_t" && exec "$R") < "$W/mail/$_t" 2> "$W/out/$_t.err"
  expect_eq "$_t ($_d): exit 0" "$?" "0"
  _found=no
  for _f in "$W/out/$_t"/*; do
    [ -f "$_f" ] || continue
    if has "$_f" "$Z"; then _found=$(basename "$_f"); break; fi
  done
  if [ "$_found" != no ]; then ok "$_t: reformime writes the zip ($_found)"; else bad "$_t: reformime writes the zip (got $(cd "$W/out/$_t" && ls | tr '\n' ' '))"; fi
  _cs=$(clamscan -d "$DB" --no-summary -r "$W/out/$_t" 2>&1)
  case "$?:$_cs" in
    1:*Qscanq.Test.Eicar.UNOFFICIAL\ FOUND*) ok "$_t: clamscan finds EICAR in the output" ;;
    *) bad "$_t: clamscan finds EICAR in the output ($_cs)" ;;
  esac
}

# ------------------------------------------------- 3. delimiters with a tail
# an innocent zip first, then a delimiter with more after it, and a part
# header that starts with no Content- field
IZ=$W/i.zip
tailbnd() {
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B1"\n\nA note first.\n\n--B1\nX-Part: 1\nContent-Type: application/zip; name="i.zip"\nContent-Transfer-Encoding: base64\n\n%s\n--B1%s\nX-Part: 2\nContent-Type: application/zip; name="p.zip"\nContent-Transfer-Encoding: base64\n\n%s\n--B1--\n' "$IB64" "$2" "$B64" > "$W/mail/$1"
}
tailbnd tail-dash '-'; reader tail-dash "--B1- before the part" tools
tailbnd tail-word ' x'; reader tail-word "--B1 x before the part" tools
tailbnd tail-dashz '-z'; reader tail-dashz "--B1-z before the part" tools

# --------------------------------------- 4. RFC 2231 boundaries in other charsets
# the part's header starts with no Content- field, so that no delimiter
# found in the body gives the split: only the boundary's decoding does
bnd() {
  printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; %s\n\nA note first.\n\n--%s\nX-Part: 1\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n%s\n--%s--\n' "$2" "$3" "$B64" "$3" > "$W/mail/$1"
}
bnd bnd-cp500 "boundary*=cp500''%C2%F1%60%A7" 'B1-x'; reader bnd-cp500 "boundary in EBCDIC, cp500"
bnd bnd-cp037 "boundary*=ibm037''%C2%F1%60%A7" 'B1-x'; reader bnd-cp037 "boundary in EBCDIC, cp037"
bnd bnd-cp1140 "boundary*0*=cp1140''%C2%F1; boundary*1*=%60%A7" 'B1-x'; reader bnd-cp1140 "boundary in EBCDIC sections, cp1140"
bnd bnd-utf7 "boundary*=utf-7''B+ADE-x" 'B1x'; reader bnd-utf7 "boundary in UTF-7"

# ------------------------------------------------ 5. quoted-printable, Python's way
# a2b_qp reads "==" as "=": the zip's '=' bytes written so
perl -e 'local $/; my $d = <STDIN>; my $o = ""; my $l = 0;
  for my $c (split //, $d) { my $e = $c eq "=" ? "==" : ($c =~ /[!-<>-~]/ ? $c : sprintf("=%02X", ord $c));
    if ($l + length($e) > 72) { $o .= "=\n"; $l = 0 } $o .= $e; $l += length $e } print $o' < "$Z" > "$W/qp-eqeq"
grep -q '==' "$W/qp-eqeq" || bad "the zip holds an '=' byte"
printf 'MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: quoted-printable\n\n%s\n' "$(cat "$W/qp-eqeq")" > "$W/mail/qp-eqeq"
reader qp-eqeq '"==" for "="'
# a soft line break at a lone CR: all up to the next LF goes; the junk
# there would break the zip for every other reading
perl -e 'local $/; my $d = <STDIN>; my $o = ""; my $l = 0;
  for my $c (split //, $d) { my $e = $c =~ /[!-<>-~]/ ? $c : sprintf("=%02X", ord $c);
    if ($l + length($e) > 60) { $o .= "=\rjunk=41=3D=\n"; $l = 0 } $o .= $e; $l += length $e } print $o' < "$Z" > "$W/qp-cr"
printf 'MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: quoted-printable\n\n%s\n' "$(cat "$W/qp-cr")" > "$W/mail/qp-cr"
reader qp-cr "soft line break at a lone CR"

# ----------------------------------------------------- 6. base64 padding games
# '=' at the start of a group, the payload and its own padding (Python
# stops there), AA== that realigns the others, then an innocent zip
len=$(wc -c < "$Z" | tr -d ' ')
[ $((len % 3)) -ne 0 ] || bad "the zip's base64 ends in padding (length $len)"
printf 'MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n=%s\nAA==\n%s\n' "$B64" "$IB64" > "$W/mail/b64-py"
reader b64-py "= at the start, padding, AA==, an innocent zip"
# padding that stops Python only at the third digit: "QQ=" then junk then "="
printf 'MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n%s\n=#=\n%s\n' "$B64" "$IB64" > "$W/mail/b64-pyjunk"
reader b64-pyjunk "junk between the padding characters"

# --------------------------------------------- 7. uuencode with lone-CR line ends
python3 -c '
import binascii, sys
d = open(sys.argv[1], "rb").read()
o = b"begin 644 p.zip\r" + b"".join(binascii.b2a_uu(d[i:i + 45]).rstrip(b"\n") + b"\r" for i in range(0, len(d), 45)) + b"`\rend\r"
sys.stdout.buffer.write(b"MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: x-uuencode\n\n" + o + b"\n")' "$Z" > "$W/mail/uu-cr"
reader uu-cr "uuencode lines that end in a lone CR"

# ------------------------------------------------------------- 8. families
# x-uu: no Python reading; ripMIME and munpack take uuencode data in any part
python3 -c '
import binascii, sys
d = open(sys.argv[1], "rb").read()
o = b"".join(binascii.b2a_uu(d[i:i + 45]) for i in range(0, len(d), 45))
sys.stdout.buffer.write(b"MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: x-uu\n\n" + o + b"\n")' "$Z" > "$W/mail/uu-xuu"
reader uu-xuu "x-uu without a begin line" none

# base64 families: '=' inside groups at each position Python reads
# through (the first, second, third digit), lines of mixed lengths,
# junk tuples and '#' lines among the data
for pos in 0 1 2; do
  S=$(printf '%s' "$B64" | tr -d '\n' | P=$pos perl -pe 'my $p = $ENV{P}; my $o = ""; for (my $i = 0; $i < length; $i += 4) { my $g = substr($_, $i, 4); substr($g, $p, 0) = "=" if length($g) == 4 && substr($g, 3) ne "="; $o .= $g } $_ = $o; s/(.{1,61})/$1\n/g')
  printf 'MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n%s\n' "$S" > "$W/mail/b64-eq$pos"
  reader "b64-eq$pos" "= before digit $pos of every group"
done
S=$(printf '%s' "$B64" | tr -d '\n' | perl -pe 'my @l = (3, 17, 76, 5, 40, 1); my $o = ""; my $i = 0; my $k = 0; while ($i < length) { my $n = $l[$k++ % @l]; $o .= substr($_, $i, $n) . "\n"; $o .= ($k % 3 ? "#\n" : "!!!! ~~\n") if $k % 2; $i += $n } $_ = $o')
printf 'MIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n%s\n' "$S" > "$W/mail/b64-mixed"
reader b64-mixed "lines of mixed lengths, junk tuples and # lines"

# header gaps: a comment before the type, a quoted type (munpack and
# ripMIME split); a Content-Transfer-Encoding field behind CR, ESC, DEL,
# FF (ripMIME decodes), behind NUL, or folded under the field before it
# (no reader here: the review's corpus had them)
hdr() {
  printf "MIME-Version: 1.0\nContent-Type: $2\n\nA note.\n\n--B1\nX-Part: 1\nContent-Type: application/zip; name=\"p.zip\"\n$3Content-Transfer-Encoding: base64\n\n%s\n--B1--\n" "$B64" > "$W/mail/$1"
}
hdr hdr-comment '(c) multipart/mixed; boundary=B1' ''; reader hdr-comment "a comment before the type" tools
hdr hdr-quoted '"multipart/mixed"; boundary=B1' ''; reader hdr-quoted "a quoted type" tools
hdr hdr-cr 'multipart/mixed; boundary=B1' '\r'; reader hdr-cr "the CTE field behind a lone CR" tools
hdr hdr-esc 'multipart/mixed; boundary=B1' '\033'; reader hdr-esc "the CTE field behind ESC" tools
hdr hdr-del 'multipart/mixed; boundary=B1' '\177'; reader hdr-del "the CTE field behind DEL" tools
hdr hdr-ff 'multipart/mixed; boundary=B1' '\f'; reader hdr-ff "the CTE field behind FF" tools
hdr hdr-nul 'multipart/mixed; boundary=B1' '\000'; reader hdr-nul "the CTE field behind NUL" none
hdr hdr-fold 'multipart/mixed; boundary=B1' 'X-Foo: bar\n '; reader hdr-fold "the CTE field folded under another" none

# ==== end to end: every message above through qscanq's clamd form, a real
# clamd with the project's database, the qmail-smtpd stand-in (notqmail
# replies) as a caller: each refused for good, EICAR named
. "$TOP/tests/clamd.sh"
C=$QSQ_TMP/readers-cd
trap 'clamd_stop "$C"' EXIT
if clamd_start "$C" "$DB"; then ok "clamd started"; else bad "clamd started"; finish; exit 1; fi
QSQ_QMAIL=notqmail sandbox readers "clamd $C/clamd.sock" 60 || { bad "sandbox readers"; finish; exit 1; }
Q=$S/queue
printf 'Fsender@example.com\0Trcpt@example.com\0\0' > "$W/env"
chmod 755 "$W" "$W/mail" && chmod 644 "$W/env" "$W"/mail/*
n=0 refused=0
for f in "$W"/mail/*; do
  rm -rf "$Q" && mkdir -p "$Q" && chmod 777 "$Q" || exit 1
  out=$(setpriv --reuid=qsqa --regid=qsqa --clear-groups \
    env STANDIN_QUEUE="$Q" "$S/src/tests/fake/qmail-smtpd" "$H" "$H/bin/qscanq" "$f" "$W/env" 2> "$W/e2e.log")
  n=$((n + 1))
  case $out in
    "554 virus found: Qscanq.Test.Eicar.UNOFFICIAL;"*) [ "$(ls "$Q" | grep -c '\.info$')" = 0 ] && refused=$((refused + 1)) ;;
    *) echo "  $(basename "$f"): $(printf '%s' "$out" | head -n 1)" ;;
  esac
done
expect_eq "end to end, real clamd: every one of the $n messages refused for good, EICAR named, nothing queued" "$refused" "$n"

finish
