#!/usr/bin/env bash
# Times `camaudit sweep` against `nmap -sT` on a loopback /16 (127.90.0.0/16 by default).
# Installs nmap if it is missing, builds camaudit and camaudit-bench in release mode, then runs
# `camaudit-bench sweep` (which runs the `camaudit` next to it).
# Extra arguments are passed through, e.g. --listeners 40 --base 127.91.0.0 --skip-nmap.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nmap >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    if ! $SUDO apt-get install -y nmap; then
        $SUDO apt-get update
        $SUDO apt-get install -y nmap
    fi
fi

swift build -c release --product camaudit
swift build -c release --product camaudit-bench
BIN="$(swift build -c release --show-bin-path)"
exec "$BIN/camaudit-bench" sweep "$@"
