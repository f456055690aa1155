import { execFileSync } from "node:child_process";
import fs from "node:fs";

/**
 * Starts the real server (express + the Remix build in build/) on a free loopback port, against
 * this test run's database. Environment overrides (captcha, rate limits) apply to the server.
 */
export async function startTestServer(envOverrides: Record<string, string | undefined> = {}) {
  if (!fs.existsSync("build/index.js")) execFileSync("node_modules/.bin/remix", ["build"], { stdio: "ignore" });
  for (const [k, v] of Object.entries(envOverrides)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const { startServer } = await import("../../scripts/server");
  return startServer({ port: 0, quiet: true });
}
