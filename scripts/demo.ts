/**
 * `npm run demo`: migrate, seed what is missing, serve, and print the URL and demo logins.
 * Safe to run again on the same data: nothing is duplicated.
 */
import { formatReceipt } from "../app/domain/receipt";
import { seedDemoData } from "./seed";
import { startServer } from "./server";

// A PostgreSQL restart while seeding: each seeding step is run again (scripts/seed.ts). A stray
// rejection (a connection lost in the background) is logged; the running demo keeps serving.
process.on("unhandledRejection", (reason) => console.error("npm run demo: unhandled rejection (the server keeps running):", reason));

const server = await startServer({ quiet: process.env.DEMO_LOG_REQUESTS !== "1", jobs: true });
let seeded: Awaited<ReturnType<typeof seedDemoData>>;
try {
  seeded = await seedDemoData();
} catch (e) {
  console.error("npm run demo: seeding failed:", e);
  await server.close().catch(() => {});
  process.exit(1);
}
const { logins, staff, sampleLoaded } = seeded;
// Today's scheduled statistics release, so that /stats has figures from the start: computed in a
// worker thread, as the job does, while the server answers (a few minutes). Run again on the same
// day, it is the release already published; the daily schedule takes over from tomorrow.
const release = (async () => {
  const { publishStatisticsReleaseInThread } = await import("../app/services/statistics-release-thread.server");
  const { localDate } = await import("../app/domain/working-days");
  const { env } = await import("../app/lib/env.server");
  return publishStatisticsReleaseInThread({ trigger: "schedule", scheduledFor: localDate(new Date(), env().timeZone) }, (line) => console.error(line));
})();
release.then(
  (r) => console.log(`npm run demo: statistics release ${r.releaseNo} of ${r.asOf} (${r.pages} pages) is what /stats shows${r.computed ? `; published in ${(r.elapsedMs / 1000).toFixed(1)} s` : ""}`),
  (e) => console.error("npm run demo: the statistics release failed (the server keeps running; /stats waits for the daily release):", e),
);
const line = "─".repeat(64);
console.log(`
${line}
  Canary is running at ${server.url}
  Mode: ${process.env.NODE_ENV === "production" ? "production build (npm run dev: development mode)" : "development (npm run demo: production build)"}
  Database: ${server.database.embedded ? "embedded PostgreSQL in " + (process.env.DATA_DIR ?? ".data") + "/pg" : "DATABASE_URL"}

  Demo tipster (sign in at ${server.url}/status):
    reference ${logins.tipster.reference}
    receipt   ${logins.tipster.receipt ? formatReceipt(logins.tipster.receipt) : "(replaced by you since; use your new receipt)"}

  Directory: ${logins.directory.national} national agencies (000000, 国务院安委会办公室 the national desk), ${logins.directory.provincial} of the 31 provinces,
    ${logins.agencies} in Zhejiang (the province, its cities, Hangzhou's districts)
  Statistics sample: ${sampleLoaded !== null ? `${sampleLoaded.toLocaleString("en")} tips of the last three years loaded` : "already loaded"} — see ${server.url}/stats
  Statistics release: computed in the background after seeding (progress below); /stats shows its figures once it is published
  Staff (sign in at ${server.url}/staff/login; each has an authenticator secret already enrolled —
  add it to an authenticator app, or use the code shown, valid for about 30 seconds):
${staff.map((s) => `    ${s.role.padEnd(15)} ${s.email.padEnd(36)} password ${s.password}  TOTP secret ${s.totpSecret}  code now ${s.currentCode}${s.agencyName ? "  (" + s.agencyName + ")" : ""}`).join("\n")}
  Stop with Ctrl-C.
${line}`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
