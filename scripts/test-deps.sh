#!/usr/bin/env bash
# Installs what the test suite needs beyond Go, idempotently, into .cache/:
#   - moto server (the AWS API emulator the collector tests run against),
#     pinned, in a Python virtualenv.
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
