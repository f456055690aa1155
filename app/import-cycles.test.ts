import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Issue 12: no import cycles. madge (no type declarations of its own, hence the require and the
// local type) reads the imports of app/, emails/ and db/, with the tsconfig's paths (~/, #db/).
// Type-only imports count too: a cycle of types is still two modules that cannot be read apart.
type MadgeResult = { circular(): string[][]; warnings(): { skipped: string[] }; obj(): Record<string, string[]> };
type Madge = (paths: string[], config: { baseDir: string; fileExtensions: string[]; tsConfig: string }) => Promise<MadgeResult>;
const madge = createRequire(import.meta.url)("madge") as Madge;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("imports", () => {
  it("form no cycles in app/, emails/ and db/", { timeout: 120_000 }, async () => {
    // typescript-estree (madge's TypeScript parser) warns of its own deprecated AST field on
    // every `import("…")` type; that is not ours to fix, and would bury the test's output.
    const proc = process as NodeJS.Process & { noDeprecation?: boolean }; // not in @types/node 20
    const quiet = proc.noDeprecation;
    proc.noDeprecation = true;
    const result = await madge(["app", "emails", "db"].map((dir) => path.join(root, dir)), {
      baseDir: root,
      fileExtensions: ["ts", "tsx"],
      tsConfig: path.join(root, "tsconfig.json"),
    }).finally(() => {
      proc.noDeprecation = quiet;
    });
    // An import madge could not resolve is left out of the graph, and a cycle through it with
    // it: only packages may be unresolved (madge skips those it cannot find a file for).
    const ours = result.warnings().skipped.filter((spec) => /^(\.|~\/|#db\/|\/)/.test(spec));
    expect(ours, "imports madge could not resolve").toEqual([]);
    expect(Object.keys(result.obj())).toContain("app/lib/jobs.server.ts");
    const cycles = result.circular().map((cycle) => [...cycle, cycle[0]].join(" → "));
    expect(cycles, "import cycles").toEqual([]);
  });
});
