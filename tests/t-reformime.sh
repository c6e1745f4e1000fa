#!/bin/sh
# tests/t-reformime.sh: reformime's decoders, its union of interpretations,
# every trick of REFERENCE.md section 5 (each carrying EICAR in a zip, found
# by reformime alone and then by the real clamscan), its exit codes, and the
# rule that no file name ever comes from the message.
. "$(dirname "$0")/lib.sh"

make -C "$TOP" -s reformime > /dev/null 2>&1 || { bad "make reformime"; finish; exit 1; }
R=$TOP/reformime
W=$QSQ_TMP/reformime
rm -rf "$W" && mkdir -p "$W/mail" || exit 1

# unpack NAME [ARGS] < MESSAGE: into a fresh $W/out/NAME; sets rc
unpack() {
  _n=$1; shift
  rm -rf "$W/out/$_n" && mkdir -p "$W/out/$_n" || return 1
  (cd "$W/out/$_n" && exec "$R" "$@") 2> "$W/out/$_n.err"
  rc=$?
}
# file NAME OUT: the content of output OUT of NAME
file() { cat "$W/out/$1/$2" 2>/dev/null; }
# hexof NAME OUT: the bytes of an output in hex (no trailing newline lost)
hexof() { od -An -tx1 < "$W/out/$1/$2" 2>/dev/null | tr -d ' \n'; }
hex() { printf "$1" | od -An -tx1 | tr -d ' \n'; }
# names NAME: the output names, one line
names() { (cd "$W/out/$1" && ls | tr '\n' ' ' | sed 's/ $//'); }
# has NAME FILE: some output of NAME has exactly the bytes of FILE
has() {
  for _f in "$W/out/$1"/*; do
    [ -f "$_f" ] && cmp -s "$_f" "$2" && return 0
  done
  return 1
}

# ---------------------------------------------------------------- decoding

b64=$(printf 'hello world' | base64)
printf 'Content-Transfer-Encoding: base64\n\naGVs!!bG8g\n d29y*bG\nQ=\n' | unpack b64junk
expect_eq "base64 skips bytes outside its alphabet, any line length" "$(file b64junk 1)" "hello world"

printf 'Content-Transfer-Encoding: base64\n\naGk=aGk\n=\nIQ==\n' | unpack b64pad
expect_eq "base64 keeps decoding after = in mid-stream" "$(file b64pad 1)" "hihi!"

printf 'Content-Transfer-Encoding: base64\n\naGVsbG8' | unpack b64short
expect_eq "base64 without padding at the end keeps its whole bytes" "$(file b64short 1)" "hello"

printf 'Content-Transfer-Encoding: quoted-printable\n\na=3Db=3db=\nc=ZZ=4 =\n  =\nd=\t\ne=g1\n' | unpack qp
expect_eq "quoted-printable: both hex cases, soft breaks, invalid = kept" "$(hexof qp 1)" "$(hex 'a=b=bc=ZZ=4   de=g1\n')"

printf 'Subject: x\n\nhello\n' | unpack eolkeep
expect_eq "a body that ends at the end of input keeps its last line end" "$(hexof eolkeep 1)" "$(hex 'hello\n')"

printf 'Content-Type: multipart/mixed; boundary=b\n\nthe preamble\n--b\n\none\n--b\nContent-Type: text/plain\n\ntwo\n\n--b--\nthe epilogue\n' | unpack parts
expect_eq "multipart: preamble, parts, epilogue (names)" "$(names parts)" "1.0 1.1 1.2 1.3"
expect_eq "preamble written" "$(file parts 1.0)" "the preamble"
expect_eq "line end before a boundary belongs to it" "$(hexof parts 1.1)" "$(hex 'one')"
expect_eq "second part, blank line kept" "$(hexof parts 1.2)" "$(hex 'two\n')"
expect_eq "epilogue written" "$(file parts 1.3)" "the epilogue"

printf 'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nA\r\nB\r\n--b--\r\n' | unpack crlf
expect_eq "CRLF line ends" "$(hexof crlf 1.1)" "$(hex 'A\r\nB')"
printf 'Content-Type: multipart/mixed; boundary=b\r\r--b\r\rA\rB\r--b--\r' | unpack cr
expect_eq "CR-only line ends" "$(hexof cr 1.1)" "$(hex 'A\rB')"

printf 'Content-Type: multipart/mixed;\n\tboundary="fo\n ld"\n\n--fo ld\n\nfolded\n--fo ld--\n' | unpack fold
expect_eq "RFC 5322 folding inside a boundary value" "$(file fold 1.1)" "folded"

printf "Content-Type: multipart/mixed; boundary*0*=us-ascii'en'b%%3D; boundary*1=\"x\"\n\n--b=x\n\n2231\n--b=x--\n" | unpack r2231
expect_eq "RFC 2231 continuations and %%XX in a boundary" "$(file r2231 1.1)" "2231"

printf 'Content-Type: multipart/mixed; boundary="=?utf-8?B?YWJj?="\n\n--abc\n\n2047\n--abc--\n' | unpack r2047
expect_eq "RFC 2047 encoded boundary: the decoded value splits" "$(file r2047 1-m2.1)" "2047"

printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n\nnever closed\n' | unpack noclose
expect_eq "a closing boundary that never comes" "$(hexof noclose 1.2)" "$(hex 'never closed\n')"

printf 'Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n%s\n' \
  "$(printf 'Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\ninner=21\n' | base64)" | unpack rfc822b64
expect_eq "message/rfc822 in base64: decoded copy and inner part" "$(names rfc822b64)" "1 1.1"
expect_eq "message/rfc822 in base64: inner QP decoded" "$(file rfc822b64 1.1)" "inner!"

printf 'Content-Type: message/rfc822\nContent-Transfer-Encoding: quoted-printable\n\nContent-Type: text/pl=\nain\n\nq=3D\n' | unpack rfc822qp
expect_eq "message/rfc822 in quoted-printable: recursed into" "$(file rfc822qp 1.1)" "q="

printf 'Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: in digest\n\nbody\n--d--\n' | unpack digest
expect_eq "multipart/digest: parts default to message/rfc822" "$(file digest 1.1.1)" "body"

printf 'Content-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\n%s\n' "$b64" | unpack cte2
expect_eq "two Content-Transfer-Encoding headers: both interpretations" "$(names cte2)" "1-b64 1-raw"
expect_eq "two CTE headers: the base64 one decoded" "$(file cte2 1-b64)" "hello world"

printf 'Content-Transfer-Encoding: base64, quoted-printable\n\nYWJj=3D\n' | unpack ctelist
expect_eq "an encoding list: one file per encoding (and the base64 readings that part at the '=')" "$(names ctelist)" "1-b64 1-b64-drop 1-b64-eol 1-b64-stop 1-qp"
expect_eq "an encoding list: QP reading" "$(hexof ctelist 1-qp)" "$(hex 'YWJj=\n')"

printf 'Content-Transfer-Encoding: x-gzip64\n\n%s\n' "$b64" | unpack unknown
expect_eq "unknown encoding: raw bytes and a base64 try" "$(names unknown) $(file unknown 1-b64)" "1-b64 1-raw hello world"

printf 'Content-Type: multipart/mixed; boundary=one; boundary=two\n\n--one\n\nA\n--two\n\nB\n--two--\n' | unpack bound2
expect_eq "two boundary= parameters: split on each" "$(hexof bound2 1-m1.1)/$(file bound2 1-m2.1)" "$(hex 'A\n--two\n\nB\n--two--\n')/B"

printf 'Content-Type: text/plain\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nin part\n--b--\n' | unpack ct2
expect_eq "two Content-Type headers: leaf and multipart" "$(names ct2)" "1-m1.1 1-raw"

printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee below\nbegin 644 ../../x.txt\n#86)C\n`\nend\n=ybegin line=128 size=3 name=/etc/y\n\213\214\215\n=yend size=3\n--b--\n' | unpack embedded
expect_eq "uuencode and yEnc in a text body" "$(names embedded) $(file embedded 1.1.uu1) $(file embedded 1.1.y2)" "1.1 1.1.uu1 1.1.y2 abc abc"

printf 'Content-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n\nbegin 600 f\n#86)C\n`\nend\n' | unpack xuue
expect_eq "x-uuencode part" "$(file xuue 1.uu1)" "abc"

printf 'Content-Type: text/plain\n\nbegin-base64 644 f\n%s\n====\n' "$b64" | unpack b64begin
expect_eq "begin-base64 in a text body" "$(file b64begin 1.b1)" "hello world"

printf 'Content-Type: text/plain\nX: y\njunk line without a colon\nContent-Transfer-Encoding: base64\n\n%s\n' "$b64" | unpack junkhdr
expect_eq "junk line in a header: body from there, and header read on" "$(file junkhdr 1h)" "hello world"

# ------------------------------------------------------------- exit codes

unpack usage -x < /dev/null
expect_eq "unknown option: exit 100" "$rc" "100"
unpack readerr <&-
expect_eq "read error on fd 0: exit 54" "$rc" "54"
check "read error: says so" grep -q '^reformime: fatal: unable to read input' "$W/out/readerr.err"
mkdir -p "$W/out/exists" && : > "$W/out/exists/1"
(cd "$W/out/exists" && printf 'x\n' | "$R") 2> "$W/exists.err"
expect_eq "an output name that exists already: exit 111" "$?" "111"
rm -rf "$W/out/fbig" && mkdir -p "$W/out/fbig"
(cd "$W/out/fbig" && trap '' XFSZ && ulimit -f 4 && perl -e 'print "Subject: big\n\n", "x" x 100000' | "$R") 2> "$W/fbig.err"
expect_eq "write error (EFBIG): exit 53" "$?" "53"
check "write error: names the file reformime made up" grep -q '^reformime: fatal: unable to write 1: ' "$W/fbig.err"
# out of memory: find the smallest address-space limit under which a
# small message unpacks, then a 250 KB Content-Type field must not fit.
# (A sanitizer build, as under make sanitize, needs terabytes of address
# space: there the test cannot be made, and says so.)
if grep -q __asan_init "$R"; then
  echo "# out of memory: not testable in a sanitizer build"
else
perl -e 'print "Content-Type: multipart/mixed; boundary=b; x=\"", "a" x 250000, "\"\n\n--b\n\nx\n"' > "$W/mail/bighdr"
printf 'Subject: small\n\nx\n' > "$W/mail/small"
rm -rf "$W/out/nomem" && mkdir -p "$W/out/nomem"
nm=none
v=1600
while [ $v -le 12000 ]; do
  if (cd "$W/out/nomem" && rm -f 1 && ulimit -v $v && "$R" < "$W/mail/small") 2> /dev/null; then
    (cd "$W/out/nomem" && rm -f 1 && ulimit -v $v && "$R" < "$W/mail/bighdr") 2> "$W/nomem.err"
    nm=$?
    break
  fi
  v=$((v + 100))
done
expect_eq "out of memory: exit 51 (address space limit $v KB)" "$nm" "51"
check "out of memory: says so" grep -q '^reformime: fatal: out of memory$' "$W/nomem.err"
fi

# -------------------------------------------------- names never from mail

printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; name="../../etc/passwd"\n\nA\n--b\nContent-Disposition: attachment; filename="/tmp/reformime-abs-%s"\n\nB\n--b\nContent-Disposition: attachment; filename="msg"\n\nC\n--b\nContent-Disposition: attachment; filename=".."\n\nD\n--b\nContent-Disposition: attachment; filename*=utf-8%s%s%%0A%%0Dnew%%0Aline\n\nE\n--b\nContent-Disposition: attachment; filename="=?utf-8?Q?a=0Ab?="\n\nF\n--b--\n' "$$" "''" "" > "$W/mail/names"
mkdir -p "$W/out/names-parent/out" && echo "raw copy" > "$W/out/names-parent/out/msg"
before=$(cd "$W/out/names-parent" && find . | sort | tr '\n' ' ')
(cd "$W/out/names-parent/out" && "$R" < "$W/mail/names")
expect_eq "hostile names: exit 0" "$?" "0"
expect_eq "hostile names: only positional names" "$(cd "$W/out/names-parent/out" && ls | tr '\n' ' ')" "1.1 1.2 1.3 1.4 1.5 1.6 msg "
expect_eq "hostile names: the raw copy msg is untouched" "$(cat "$W/out/names-parent/out/msg")" "raw copy"
check "hostile names: nothing made outside the folder" test ! -e "/tmp/reformime-abs-$$"
after=$(cd "$W/out/names-parent" && find . -path ./out/1.\* -prune -o -print | sort | tr '\n' ' ')
expect_eq "hostile names: nothing else in the parent folder" "$after" "$before"
unpack list -l < "$W/mail/names" > /dev/null
expect_eq "-l writes no file" "$(names list)" ""
(cd "$W/out/list" && "$R" -l < "$W/mail/names") > "$W/list.out"
check "-l shows ../../etc/passwd as data only" grep -q '^1.1 1 text/plain raw name="../../etc/passwd"$' "$W/list.out"
check "-l replaces control bytes in names with ?" grep -q '^1.5 1 text/plain raw name="??new?line"$' "$W/list.out"
check "-l: RFC 2047 name decoded, newline shown as ?" grep -q '^1.6 1 text/plain raw name="=?utf-8?Q?a=0Ab?="$' "$W/list.out"
expect_eq "-l prints one line per output" "$(wc -l < "$W/list.out" | tr -d ' ')" "6"

# -------------------------------------- the tricks of REFERENCE.md sec. 5

E=$W/eicar
mkdir -p "$E"
if [ -x "$TOP/tests/eicar" ]; then "$TOP/tests/eicar" > "$E/eicar.com"
else
  # from hex pieces, never stored whole
  perl -e 'print pack("H*", $ARGV[0] . $ARGV[1])' \
    58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d \
    5354414e444152442d414e544956495255532d544553542d46494c452124482b482a > "$E/eicar.com"
fi
expect_eq "the EICAR test file has 68 bytes" "$(wc -c < "$E/eicar.com" | tr -d ' ')" "68"
(cd "$E" && rm -f eicar.zip && zip -q -X eicar.zip eicar.com) || bad "zip"
Z=$E/eicar.zip
DB=$W/db
sh "$TOP/tests/mkdb" "$DB" || bad "tests/mkdb"
B64=$(base64 -w 76 < "$Z")
QP=$(perl -MMIME::QuotedPrint -e 'local $/; print encode_qp(<STDIN>)' < "$Z")
UU=$(perl -e 'local $/; my $d = <STDIN>; print "begin 644 eicar.zip\n", pack("u", $d), "`\nend\n"' < "$Z")
YENC=$(perl -e 'local $/; my $d = <STDIN>; my $o = ""; my $col = 0;
  for my $c (split //, $d) { my $v = (ord($c) + 42) % 256;
    if ($v == 0 || $v == 10 || $v == 13 || $v == 61) { $o .= "=" . chr(($v + 64) % 256); $col += 2 } else { $o .= chr($v); $col++ }
    if ($col >= 128) { $o .= "\n"; $col = 0 } }
  print "=ybegin line=128 size=", length($d), " name=eicar.zip\n", $o, "\n=yend size=", length($d), "\n"' < "$Z")
ZIPHDR='Content-Type: application/zip; name="eicar.zip"'

# trick NAME DESCRIPTION, with the message in $W/mail/NAME: reformime alone must give back the zip
# (unzip -p shows the EICAR bytes), then clamscan must find it in the output
trick() {
  _t=$1 _d=$2
  unpack "trick-$_t" < "$W/mail/$_t"
  expect_eq "trick $_t ($_d): exit 0" "$rc" "0"
  _found=no
  for _f in "$W/out/trick-$_t"/*; do
    [ -f "$_f" ] || continue
    if unzip -p "$_f" eicar.com 2>/dev/null | cmp -s - "$E/eicar.com"; then _found=yes; break; fi
  done
  expect_eq "trick $_t ($_d): reformime extracts the zip" "$_found" "yes"
  _cs=$(clamscan -d "$DB" --no-summary -r "$W/out/trick-$_t" 2>&1)
  _csrc=$?
  case "$_csrc:$_cs" in
    1:*Qscanq.Test.Eicar.UNOFFICIAL\ FOUND*) ok "trick $_t: clamscan finds it in the output" ;;
    *) bad "trick $_t: clamscan finds it in the output (exit $_csrc: $_cs)" ;;
  esac
}

printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/cte2-last"; trick cte2-last "two CTE headers, mutt reads the last"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: base64\nContent-Transfer-Encoding: 7bit\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/cte2-first"; trick cte2-first "two CTE headers, Thunderbird reads the first"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: quoted-printable, base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/ctelist"; trick ctelist "a CTE list"
printf 'Content-Type: text/plain\nContent-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/ct2"; trick ct2 "two Content-Type headers"
printf 'Content-Type: multipart/mixed; boundary=decoy; boundary=real\n\n--decoy\n\nnothing\n--real\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--real--\n' "$ZIPHDR" "$B64" > "$W/mail/bound2"; trick bound2 "two boundary= parameters"
perl -e 'local $/; my $d = <STDIN>; use MIME::Base64;
  print "Content-Type: multipart/mixed; boundary=b\n\n--b\n$ARGV[0]\nContent-Transfer-Encoding: base64\n\n",
    encode_base64(substr($d, 0, 100)), encode_base64(substr($d, 100)), "--b--\n"' "$ZIPHDR" < "$Z" > "$W/mail/b64pad"; trick b64pad "= padding in mid-stream"
printf '%s\n' "$B64" | tr -d '\n' | perl -e 'local $/; my $s = <STDIN>; my $o = ""; my $i = 0;
  while (length $s) { my $k = 1 + ($i++ * 7) % 90; $o .= substr($s, 0, $k, "") . ("!", "*", " .", "\t#")[$i % 4] . "\n" }
  print "Content-Type: multipart/mixed; boundary=b\n\n--b\n$ARGV[0]\nContent-Transfer-Encoding: base64\n\n$o--b--\n"' "$ZIPHDR" > "$W/mail/b64junk"; trick b64junk "junk and odd line lengths in base64"
printf 'Content-Type: multipart/mixed; boundary="decoy" (boundary="real")\n\n--decoy\n\nnothing\n--real\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--real--\n' "$ZIPHDR" "$B64" > "$W/mail/comment"; trick comment "boundary hidden in a comment"
printf "Content-Type: multipart/mixed; boundary*0*=us-ascii'en're%%61; boundary*1=\"l\"\n\n--real\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--real--\n" "$ZIPHDR" "$B64" > "$W/mail/rfc2231"; trick rfc2231 "RFC 2231 encoded boundary"
printf 'Content-Type: multipart/mixed; boundary="=?us-ascii?Q?r=65al?="\n\n--real\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--real--\n' "$ZIPHDR" "$B64" > "$W/mail/rfc2047"; trick rfc2047 "RFC 2047 encoded boundary"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhi\n--b\n%s\nContent-Transfer-Encoding: base64\n\n%s' "$ZIPHDR" "$B64" > "$W/mail/noclose"; trick noclose "closing boundary never comes"
printf 'Content-Type: multipart/mixed; boundary=b\n\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--b\n\nhello\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/preamble"; trick preamble "attachment in the preamble"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b--\n--b\n%s\nContent-Transfer-Encoding: base64\n\n%s\n' "$ZIPHDR" "$B64" > "$W/mail/epilogue"; trick epilogue "part after the closing boundary"
printf 'Content-Type: text/plain\n\nHere it is:\n\n%s\nbye\n' "$UU" > "$W/mail/uuencode"; trick uuencode "uuencode in a text part"
printf 'Content-Type: text/plain\n\nHere it is:\n%s\nbye\n' "$YENC" > "$W/mail/yenc"; trick yenc "yEnc in a text part"
printf 'Content-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n\n%s\n' "$UU" > "$W/mail/xuue"; trick xuue "x-uuencode part"
printf 'Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n%s\n--o--\n' \
  "$(printf 'Subject: inner\nContent-Type: multipart/mixed; boundary=i\n\n--i\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--i--\n' "$ZIPHDR" "$B64" | base64 -w 76)" > "$W/mail/b64inb64"; trick b64inb64 "base64 inside base64"
printf 'Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n%s\n' \
  "$(printf -- '--b\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" | base64 -w 76)" > "$W/mail/encmulti"; trick encmulti "multipart body itself base64-encoded"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: quoted-printable\n\n%s\n--b--\n' "$ZIPHDR" "$QP" > "$W/mail/qp"; trick qp "zip in quoted-printable"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: x-unknown\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/unknown"; trick unknown "unknown encoding"
printf 'Content-Type: multipart/mixed;\n boundary=b\n\n--b\nContent-Type:\n application/zip\nContent-Transfer-Encoding:\n\tbase64\n\n%s\n--b--\n' "$B64" > "$W/mail/folded"; trick folded "folded header fields"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nthis line is no header field\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/junkhdr"; trick junkhdr "junk line inside the part header"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: base64\n%s\n--b--\n' "$ZIPHDR" "$B64" > "$W/mail/nosep"; trick nosep "no blank line after the part header"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" | sed 's/$/\r/' > "$W/mail/crlf"; trick crlf "CRLF line ends"
printf 'Content-Type: multipart/mixed; boundary=b\n\n--b\n%s\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$ZIPHDR" "$B64" | tr '\n' '\r' > "$W/mail/cronly"; trick cronly "CR-only line ends"
perl -e 'my $n = 60; for my $i (1 .. $n) { print "Content-Type: multipart/mixed; boundary=b$i\n\n--b$i\n" }
  print "$ARGV[0]\nContent-Transfer-Encoding: base64\n\n$ARGV[1]\n"' "$ZIPHDR" "$B64" > "$W/mail/deep"; trick deep "60 levels of nesting"
perl -e 'print "Content-Type: multipart/mixed; boundary=b\n\n"; print "--b\n\nx\n" x 3000;
  print "--b\n$ARGV[0]\nContent-Transfer-Encoding: base64\n\n$ARGV[1]\n--b--\n"' "$ZIPHDR" "$B64" > "$W/mail/thousands"; trick thousands "3000 parts"


# ---------------------------------------- ClamAV's own test mail files

CT=/usr/share/clamav-testfiles
if [ -r "$CT/clam.exe" ]; then
  for t in clam.mail clam.exe.mbox.base64 clam.exe.mbox.uu; do
    unpack "ct-$t" < "$CT/$t"
    expect_eq "clamav-testfiles $t: exit 0" "$rc" "0"
    check "clamav-testfiles $t: clam.exe extracted" has "ct-$t" "$CT/clam.exe"
  done
  n=0
  for f in "$CT"/*; do
    unpack ct-all < "$f"
    [ "$rc" -eq 0 ] || { n=$((n + 1)); echo "# $f: exit $rc"; }
  done
  expect_eq "clamav-testfiles: all $(ls "$CT" | wc -l | tr -d ' ') files unpack with exit 0" "$n" "0"
else
  bad "clamav-testfiles installed ($CT/clam.exe)"
fi

finish
