# Sourced by scripts/run and scripts/test: make .venv and install the pinned ranges from
# pyproject.toml (uv reads them directly and installs in seconds).
# usage: . scripts/venv.sh [extra]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
fi
extras=()
for extra in "$@"; do extras+=(--extra "$extra"); done
.venv/bin/uv pip install --quiet --python .venv/bin/python -r pyproject.toml "${extras[@]}"
export PATH="$PWD/.venv/bin:$PATH"
