/**
 * `npm run jobs`: a job worker without a web server, for running M workers beside N servers on
 * one PostgreSQL (README, "More than one server"). The same worker a server runs unless JOBS=off:
 * mail, deadline reminders, escalation, the daily ledger anchor, the statistics release. Cron runs
 * each (task, minute) once across every worker, and every task is idempotent (app/jobs).
 *
 * Needs DATABASE_URL (a worker joins a deployment's database; it starts no embedded one) and, in
 * production, the servers' CANARY_MASTER_KEY (mail to tipsters decrypts their address). It applies
 * graphile-worker's own schema (idempotent), not the portal's migrations: `npm run db:migrate`.
 */
import path from "node:path";
import { ensureDevMasterKey } from "../app/lib/crypto.server";
import { installJobSchema, startWorker } from "../app/lib/jobs.server";
import { mailDestination } from "../app/lib/mailer.server";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("npm run jobs needs DATABASE_URL: the database the servers use");
  if (!process.env.CANARY_MASTER_KEY) {
    if (process.env.NODE_ENV === "production") throw new Error("CANARY_MASTER_KEY is required in production (the servers' key)");
    process.env.CANARY_MASTER_KEY = ensureDevMasterKey(path.resolve(process.env.DATA_DIR ?? ".data"));
  }
  await installJobSchema(url);
  const stop = await startWorker({ connectionString: url, ...(await import("../app/jobs/index.server")).workerJobs() });
  console.log(`Jobs: worker started (no web server); mail goes to ${mailDestination()}`);
  const shutdown = async () => {
    await stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
