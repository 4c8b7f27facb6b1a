#!/usr/bin/env bash
# Set up a development environment in .venv: the package (editable) and, with --test, what the test
# suite needs: test packages, Debian's chromium (browser tests), Java (OWL reasoner), the npm Cypher linter.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_install() {  # apt_install PACKAGE...: install Debian packages when missing (root or sudo)
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    if [ ! -f /tmp/.prospectus-kg-apt-updated ]; then
        $sudo apt-get update -qq && touch /tmp/.prospectus-kg-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ $want_test = 1 ]; then
    .venv/bin/python -m pip install -q -e '.[test]'
    command -v java >/dev/null || apt_install default-jre-headless
    [ -x /usr/bin/chromium ] || apt_install chromium
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
else
    .venv/bin/python -m pip install -q -e .
    command -v java >/dev/null || echo "note: Java not found: 'prospectus-kg reason' and the OWL check of 'validate' need it" >&2
fi
