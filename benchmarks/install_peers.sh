#!/usr/bin/env bash
# Install the tools that benchmarks/compare_peers.py compares frtextfix with.
# Not run by CI. Needs root (or sudo) for apt-get, and a Debian/Ubuntu system whose
# /usr/bin/python3 is the one python3-grammalecte installs for.
#
#   bash benchmarks/install_peers.sh            # pip installs into the python found as $PYTHON
#   PYTHON=/path/to/venv/bin/python bash benchmarks/install_peers.sh
set -euo pipefail

PYTHON="${PYTHON:-python}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: the hunspell program and Debian's French dictionary (fr_FR), and
# Grammalecte (Python library for the system python3).
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
    hunspell hunspell-fr python3-grammalecte

# Python peers, in the environment that runs the benchmark (frtextfix's own dependencies
# come from `pip install -e '.[bench]'`).
"$PYTHON" -m pip install pyspellchecker symspellpy wordfreq matplotlib regex

# Check what is there.
test -f /usr/share/hunspell/fr_FR.dic && command -v hunspell >/dev/null && echo "hunspell fr_FR: ok"
/usr/bin/python3 -c "import grammalecte; grammalecte.GrammarChecker('fr'); print('grammalecte: ok')"
"$PYTHON" -c "import spellchecker, symspellpy, wordfreq; print('pyspellchecker, symspellpy, wordfreq: ok')"
