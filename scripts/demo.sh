#!/usr/bin/env bash
# npm run demo: the production build (NODE_ENV=production) with the demo's allowances
# (CANARY_DEMO=1: a generated development key in DATA_DIR/master.key, mail captured to
# DATA_DIR/outbox), then migrate, seed and serve (scripts/demo.ts).
# npm run dev (--dev): the same in Remix development mode (stack traces in error pages), for
# working on the app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-runtime.sh
# poppler-utils rasterises uploaded PDFs; without it the portal still runs and refuses PDFs.
bash scripts/ensure-system-deps.sh --server || echo "(poppler-utils could not be installed: uploaded PDFs will be refused)" >&2
if [ "${1:-}" = "--dev" ]; then
  export NODE_ENV=development
  node_modules/.bin/remix build >/dev/null
else
  export NODE_ENV=production CANARY_DEMO=1
  node_modules/.bin/remix build >/dev/null
fi
exec node --import tsx scripts/demo.ts
