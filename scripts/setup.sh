#!/usr/bin/env bash
# Set up a development environment in .venv: the package (editable) and, with --test, what the test
# suite needs: test packages, Debian's chromium (browser tests), Java (OWL reasoner), the npm Cypher linter.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pip_install() {  # pip_install ARGS...: quiet unless it fails
    local log
    log=$(mktemp)
    if ! .venv/bin/python -m pip install -q "$@" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; return 1
    fi
    rm -f "$log"
}

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
pip_install --upgrade pip
if [ $want_test = 1 ]; then
    pip_install -e '.[test]'
    command -v java >/dev/null || apt_install default-jre-headless
    [ -x /usr/bin/chromium ] || apt_install chromium
    command -v node >/dev/null || apt_install nodejs npm
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
else
    pip_install -e .
    command -v java >/dev/null || echo "note: Java not found: 'prospectus-kg reason' and the OWL check of 'validate' need it" >&2
fi
