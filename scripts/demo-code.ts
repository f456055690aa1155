/** `npm run demo:code -- triage@demo.canary.invalid`: the demo account's current TOTP code. */
import { currentTotpCode, demoTotpSecret, DEMO_STAFF } from "../db/seed/demo-staff";

const emails = process.argv.slice(2).filter((a) => a.includes("@"));
for (const email of emails.length ? emails : DEMO_STAFF.map((d) => d.email)) {
  console.log(`${email.padEnd(36)} ${currentTotpCode(demoTotpSecret(email))}`);
}
