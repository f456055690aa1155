import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Test files run in parallel: each integration and browser file has a database of its own
// (tests/support/env.ts), servers and listeners take free ports. Most of a file's time is spent
// waiting on PostgreSQL or Chromium, so a 2-core machine runs more files than it has cores;
// CANARY_TEST_WORKERS overrides the count (1 = one file at a time, as before).
const workers = Number(process.env.CANARY_TEST_WORKERS ?? 3);

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    fileParallelism: workers > 1,
    maxWorkers: workers,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "emails/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/env.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/env.ts"],
          testTimeout: 60_000,
          // After the other projects, two files at a time: each drives a Chromium and a server,
          // and the journeys' revalidation polls missed their second on a loaded 2-core machine
          // with three at once beside the integration files.
          sequence: { groupOrder: 1 },
          maxWorkers: Math.min(workers, 2),
          fileParallelism: workers > 1,
        },
      },
    ],
  },
});
