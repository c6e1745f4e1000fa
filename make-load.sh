# Writes the load script: load PROG [OBJECTS and LIBRARIES] links PROG.o.
# The archives come in link order, a module before those it uses (MODULES):
# the linker reads each once.
ld=`head -n 1 conf-ld`
echo '#!/bin/sh'
echo 'main="$1"; shift'
echo "exec $ld -o \"\$main\" \"\$main\".o \"\$@\""
