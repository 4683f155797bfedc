#!/usr/bin/env bash
# Install the classroom server's software (run as root; `make classroom` and
# `make test-classroom` call it). A second run with nothing changed does nothing.
#
#   PREFIX/venv     JupyterHub, the authenticator, the idle culler, nbgrader, Voila and simsuite,
#                   installed as regular (non-editable) packages: every user runs them, nobody
#                   but root can change them, and nothing in them points back at this checkout
#   PREFIX/proxy    configurable-http-proxy from npm, as pinned in proxy/package-lock.json
#   PREFIX/etc      Jupyter settings per role (trainee) and the shared nbgrader settings
#   PREFIX/share    the self-paced lessons each trainee gets a copy of
#
# The answer keys (exercises/, grading/item_bank.yaml, the course secret) are never copied
# here: they stay in this checkout (root only) and in the instructor's course folder.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX="${SIMSUITE_CLASSROOM_PREFIX:-/opt/simsuite-classroom}"
# The system Python: a Python under /root (pyenv) cannot be run by the trainees' accounts.
PYTHON="${SIMSUITE_CLASSROOM_PYTHON:-/usr/bin/python3}"
PIP_FLAGS=(--quiet --disable-pip-version-check)

if [ "$(id -u)" != 0 ]; then
  echo "The classroom server creates an account per user: run this as root (sudo make classroom)." >&2
  exit 1
fi

missing=()
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v useradd >/dev/null || missing+=(passwd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

umask 022
mkdir -p "$PREFIX"
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
# what the environment is made of: the project's requirements (not the rest of pyproject.toml)
# and the pins
deps_hash="$( (cd "$REPO" && "$PYTHON" -c 'import json, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print(json.dumps([project["dependencies"], project["optional-dependencies"]["classroom"]]))'
  cat "$REPO/constraints.txt") | sha256sum | cut -d' ' -f1)"
code_hash="$(cd "$REPO" && find simsuite -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"

# A wheel built from a copy of the sources, so the checkout is not written to and the
# installed package has no link back to it.
build_wheel() {
  local work
  work="$(mktemp -d)"
  tar -C "$REPO" -cf - pyproject.toml README.md simsuite | tar -C "$work" -xf -
  "$PREFIX/$1/bin/python" -m pip wheel "${PIP_FLAGS[@]}" --no-deps -w "$work/dist" "$work" >/dev/null
  ls "$work"/dist/simsuite-*.whl
}

if [ "$(cat "$PREFIX/venv/.deps-stamp" 2>/dev/null)" != "$deps_hash" ]; then
  echo "Installing the classroom environment in $PREFIX/venv (a few minutes)"
  # from scratch: a half-finished install is redone, as its stamp is written last
  rm -rf "$PREFIX/venv"
  "$PYTHON" -m venv "$PREFIX/venv"
  "$PREFIX/venv/bin/python" -m pip install "${PIP_FLAGS[@]}" --upgrade "pip>=24"
  wheel="$(build_wheel venv)"
  "$PREFIX/venv/bin/python" -m pip install "${PIP_FLAGS[@]}" -c "$REPO/constraints.txt" \
    "${wheel}[classroom]"
  # JuPedSim without its desktop viewer's PySide6 and VTK (see docs/benchmarks.md)
  "$PREFIX/venv/bin/python" -m pip install "${PIP_FLAGS[@]}" --no-deps \
    -c "$REPO/constraints.txt" jupedsim
  rm -rf "$(dirname "$(dirname "$wheel")")"
  echo "$deps_hash" > "$PREFIX/venv/.deps-stamp"
  echo "$code_hash" > "$PREFIX/venv/.code-stamp"
fi

if [ "$(cat "$PREFIX/venv/.code-stamp" 2>/dev/null)" != "$code_hash" ]; then
  echo "Installing simsuite into $PREFIX/venv"
  wheel="$(build_wheel venv)"
  "$PREFIX/venv/bin/python" -m pip install "${PIP_FLAGS[@]}" --no-deps --force-reinstall "$wheel"
  rm -rf "$(dirname "$(dirname "$wheel")")"
  echo "$code_hash" > "$PREFIX/venv/.code-stamp"
fi

lock="$REPO/grading/classroom/proxy/package-lock.json"
if [ "$(cat "$PREFIX/proxy/.stamp" 2>/dev/null)" != "$(hash_of "$lock")" ]; then
  echo "Installing configurable-http-proxy in $PREFIX/proxy"
  mkdir -p "$PREFIX/proxy"
  cp "$REPO/grading/classroom/proxy/package.json" "$lock" "$PREFIX/proxy/"
  (cd "$PREFIX/proxy" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
  hash_of "$lock" > "$PREFIX/proxy/.stamp"
fi

# Settings by role, and the lessons (they hold no keys: the self-paced apps are practice).
mkdir -p "$PREFIX/venv/etc/jupyter" "$PREFIX/etc" "$PREFIX/share/simsuite"
cp "$REPO/grading/classroom/jupyter/all/nbgrader_config.py" "$PREFIX/venv/etc/jupyter/"
rm -rf "$PREFIX/etc/jupyter-trainee" "$PREFIX/share/simsuite/lessons"
cp -r "$REPO/grading/classroom/jupyter/trainee" "$PREFIX/etc/jupyter-trainee"
mkdir -p "$PREFIX/share/simsuite/lessons"
cp "$REPO"/notebooks/*.ipynb "$PREFIX/share/simsuite/lessons/"
chown -R root:root "$PREFIX"
chmod -R a+rX,go-w "$PREFIX"
echo "Classroom software ready in $PREFIX"
