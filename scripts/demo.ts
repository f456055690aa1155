/**
 * `npm run demo`: migrate, seed what is missing, serve, and print the URL and demo logins.
 * Safe to run again on the same data: nothing is duplicated.
 */
import { formatReceipt } from "../app/domain/receipt";
import { seedDemo } from "../db/seed/demo";
import { seedDemoStaff } from "../db/seed/demo-staff";
import { startServer } from "./server";

const server = await startServer({ quiet: process.env.DEMO_LOG_REQUESTS !== "1", jobs: true });
const logins = await seedDemo();
const staff = await seedDemoStaff();
const line = "─".repeat(64);
console.log(`
${line}
  Canary is running at ${server.url}
  Database: ${server.database.embedded ? "embedded PostgreSQL in " + (process.env.DATA_DIR ?? ".data") + "/pg" : "DATABASE_URL"}

  Demo tipster (sign in at ${server.url}/status):
    reference ${logins.tipster.reference}
    receipt   ${logins.tipster.receipt ? formatReceipt(logins.tipster.receipt) : "(replaced by you since; use your new receipt)"}

  Demo agencies seeded: ${logins.agencies} (Zhejiang province, its cities, Hangzhou's districts)
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
