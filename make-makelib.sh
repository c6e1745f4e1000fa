# Writes the makelib script: makelib LIB.a OBJECTS.
echo '#!/bin/sh'
echo 'main="$1"; shift'
echo 'rm -f "$main"'
echo 'ar cr "$main" "$@" && ranlib "$main"'
