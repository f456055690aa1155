import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDatabaseFromTemplate } from "./file-database";

// Runs before each test file: a database of the file's own, copied from the run's template (so
// files run in parallel and count only their own rows), and this run's master key. Dropped after
// the file (this hook runs after the file's own afterAll hooks).
const database = await createDatabaseFromTemplate(inject("adminUrl"), inject("templateDatabase"));
process.env.DATABASE_URL = database.url;
process.env.CANARY_MASTER_KEY = inject("masterKey");
// A data folder per file that nothing creates unless a test writes to it (files run at once).
const dataDir = path.join(os.tmpdir(), `canary-test-data-${process.pid}-${randomBytes(4).toString("hex")}`);
process.env.DATA_DIR = dataDir;
afterAll(async () => {
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
