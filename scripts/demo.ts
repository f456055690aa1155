/**
 * `npm run demo`: migrate, seed what is missing, serve, and print the URL and demo logins.
 * Safe to run again on the same data: nothing is duplicated.
 */
import { formatReceipt } from "../app/domain/receipt";
import { seedDemo } from "../db/seed/demo";
import { seedDemoStaff } from "../db/seed/demo-staff";
import { db, sqlClient } from "../app/lib/db.server";
import { seedMillion } from "./seed-million";
import { startServer } from "./server";

/** Tips of the last three years for the statistics pages, loaded once (the same generator as the 1M benchmark). */
const STATISTICS_SAMPLE = 6000;

const server = await startServer({ quiet: process.env.DEMO_LOG_REQUESTS !== "1", jobs: true });
const logins = await seedDemo();
const staff = await seedDemoStaff();
const [{ n: tipCount }] = (await sqlClient()<{ n: number }[]>`select count(*)::int as n from tips`) as unknown as [{ n: number }];
const sample = tipCount < STATISTICS_SAMPLE ? await seedMillion(db(), { count: STATISTICS_SAMPLE, vacuum: false }) : null;
const line = "─".repeat(64);
console.log(`
${line}
  Canary is running at ${server.url}
  Database: ${server.database.embedded ? "embedded PostgreSQL in " + (process.env.DATA_DIR ?? ".data") + "/pg" : "DATABASE_URL"}

  Demo tipster (sign in at ${server.url}/status):
    reference ${logins.tipster.reference}
    receipt   ${logins.tipster.receipt ? formatReceipt(logins.tipster.receipt) : "(replaced by you since; use your new receipt)"}

  Demo agencies seeded: ${logins.agencies} (Zhejiang province, its cities, Hangzhou's districts)
  Statistics sample: ${sample ? `${sample.count.toLocaleString("en")} tips of the last three years loaded` : "already loaded"} — see ${server.url}/stats
  Staff (sign in at ${server.url}/staff/login; each has an authenticator secret already enrolled —
  add it to an authenticator app, or use the code shown, valid for about 30 seconds):
${staff.map((s) => `    ${s.role.padEnd(15)} ${s.email.padEnd(36)} password ${s.password}  TOTP secret ${s.totpSecret}  code now ${s.currentCode}`).join("\n")}
  Stop with Ctrl-C.
${line}`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
