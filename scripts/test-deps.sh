#!/usr/bin/env bash
# Installs what the test suite needs beyond Go, idempotently:
#   - moto server (the AWS API emulator the collector tests run against),
#     pinned, in a Python virtualenv under .cache/;
#   - PostgreSQL server binaries (Debian's postgresql package), which the
#     store tests start on their own in a temporary directory.
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."
MOTO_VERSION="5.2.5"
VENV=".cache/venv"

if [ ! -x "$VENV/bin/moto_server" ] || ! "$VENV/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  echo "test-deps: installing moto[server]==$MOTO_VERSION into $VENV"
  PY="$(command -v python3 || true)"
  if [ -z "$PY" ]; then
    echo "test-deps: python3 is required for the AWS emulator (install python3 and python3-venv)" >&2
    exit 1
  fi
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
echo "test-deps: moto $("$VENV/bin/python" -c 'import moto; print(moto.__version__)') at $VENV/bin/moto_server"

# PostgreSQL: the tests run initdb and postgres themselves; only the
# binaries are needed.
have_pg() {
  command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1
}
if ! have_pg; then
  echo "test-deps: installing PostgreSQL (Debian package postgresql)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "test-deps: PostgreSQL is missing and installing it needs root: apt-get install postgresql" >&2
      exit 1
    fi
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
echo "test-deps: PostgreSQL $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 || command -v postgres)"
