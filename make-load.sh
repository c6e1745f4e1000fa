# Writes the load script: load PROG [OBJECTS and LIBRARIES] links PROG.o.
ld=`head -n 1 conf-ld`
echo '#!/bin/sh'
echo 'main="$1"; shift'
echo "exec $ld -o \"\$main\" \"\$main\".o -Wl,--start-group \"\$@\" -Wl,--end-group"
