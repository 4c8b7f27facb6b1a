#!/usr/bin/env bash
# One command for the whole test suite: set up what the tests need, then run pytest.
# Extra arguments go to pytest (e.g. ./scripts/test.sh -k seed).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
exec .venv/bin/python -m pytest -q "$@"
