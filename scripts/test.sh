#!/usr/bin/env bash
# One command for the whole test suite: set up what the tests need, lint with ruff, then run pytest.
# Extra arguments go to pytest, e.g. the fast inner loop (under a minute):
#   ./scripts/test.sh -m "not integration and not browser and not slow"
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
.venv/bin/python -m ruff check .
exec .venv/bin/python -m pytest -q "$@"
