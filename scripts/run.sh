#!/usr/bin/env bash
# `npm run <script>`: runs the command with the supported Node (scripts/node-runtime.sh provides
# Node 22 when the system's is older, and installs the dependencies when they are missing or stale).
# The command's exit status is the script's.
set -euo pipefail
source "$(dirname "$0")/node-runtime.sh"
exec "$@"
