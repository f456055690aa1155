/** Applies the committed migrations to DATABASE_URL, or to the embedded server in DATA_DIR. */
import path from "node:path";
import { resolveDatabase, runMigrations } from "../app/lib/database-runtime.server";
import { installJobSchema } from "../app/lib/jobs.server";

const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data") });
await runMigrations(database.url);
await installJobSchema(database.url);
console.log("Migrations applied.");
await database.stop();
