#!/usr/bin/env bash
# npm run demo: build the app, then migrate, seed and serve (scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/remix build >/dev/null
exec node --import tsx scripts/demo.ts
