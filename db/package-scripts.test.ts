import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every npm script runs a file that exists (issue 12: `npm run db:seed` once named a missing one).
const root = path.resolve(import.meta.dirname, "..");
const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("package.json scripts", () => {
  it.each(Object.entries(scripts))("%s names only files that exist", (_name, command) => {
    const files = [...command.matchAll(/(?:^|\s)((?:scripts|db|app|tests)\/[\w./-]+\.(?:ts|sh|js|mjs))/g)].map((m) => m[1]!);
    const bins = [...command.matchAll(/(?:^|&&\s*|run\.sh\s+)([a-z][\w-]*)(?=\s|$)/g)].map((m) => m[1]!).filter((b) => !["bash", "node", "npm"].includes(b));
    for (const f of files) expect(fs.existsSync(path.join(root, f)), `${f} does not exist`).toBe(true);
    for (const b of bins) expect(fs.existsSync(path.join(root, "node_modules/.bin", b)), `node_modules/.bin/${b} does not exist`).toBe(true);
  });
});
