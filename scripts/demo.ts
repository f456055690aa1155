/**
 * `npm run demo`: migrate, seed what is missing, serve, and print the URL and demo logins.
 * Safe to run again on the same data: nothing is duplicated.
 */
import { formatReceipt } from "../app/domain/receipt";
import { seedDemo } from "../db/seed/demo";
import { startServer } from "./server";

const server = await startServer({ quiet: process.env.DEMO_LOG_REQUESTS !== "1" });
const logins = await seedDemo();
const line = "─".repeat(64);
console.log(`
${line}
  Canary is running at ${server.url}
  Database: ${server.database.embedded ? "embedded PostgreSQL in " + (process.env.DATA_DIR ?? ".data") + "/pg" : "DATABASE_URL"}

  Demo tipster (sign in at ${server.url}/status):
    reference ${logins.tipster.reference}
    receipt   ${logins.tipster.receipt ? formatReceipt(logins.tipster.receipt) : "(replaced by you since; use your new receipt)"}

  Demo agencies seeded: ${logins.agencies} (Zhejiang province, its cities, Hangzhou's districts)
  Staff sign-in (triage, agencies) arrives with the triage work; no staff logins yet.
  Stop with Ctrl-C.
${line}`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
