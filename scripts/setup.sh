#!/usr/bin/env bash
# Set up a development environment in .venv: the package (editable) and, with --test, what the test
# suite needs: test packages, Debian's chromium (browser tests), Java (OWL reasoner), the npm Cypher linter,
# and the test Neo4j (a JDK and Maven, which fetches its jars from Maven Central into .cache/neo4j-server).
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
    # the test Neo4j: `java Launcher.java` compiles a source file (a JDK, not a JRE); Maven fetches the jars
    command -v javac >/dev/null || apt_install default-jdk-headless
    command -v mvn >/dev/null || apt_install maven
    ./tests/neo4j_server/fetch.sh
    [ -x /usr/bin/chromium ] || apt_install chromium
    command -v node >/dev/null || apt_install nodejs npm
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
else
    pip_install -e .
    command -v java >/dev/null || echo "note: Java not found: 'prospectus-kg reason' and the OWL check of 'validate' need it" >&2
fi
