/**
 * `npm run admin:create -- --email x@example.org --name "Name"`: creates the first administrator
 * (or another one) with a one-time password, printed once here and stored only as an argon2id
 * hash. The person must choose a new password and set up two-step verification at first sign-in.
 * Refuses (exit 1) when the address already has an account: nothing is changed then.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { resolveDatabase } from "../app/lib/database-runtime.server";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Usage: npm run admin:create -- --email admin@example.org --name "Full name"');
  process.exit(2);
}

let values: { email?: string; name?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
} catch (e) {
  usage((e as Error).message);
}
if (values.help) usage();
const { signInSchema } = await import("../app/forms/staff-auth");
const parsedEmail = signInSchema.shape.email.safeParse(values.email ?? "");
if (!parsedEmail.success) usage("--email: a valid e-mail address is required");
const email = parsedEmail.data;
const name = (values.name ?? "").trim();
if (!name || name.length > 200) usage("--name: the person's name is required (at most 200 characters)");

const database = await resolveDatabase({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data"), quiet: true });
const { sql } = await import("drizzle-orm");
const { db, closeDb } = await import("../app/lib/db.server");
const { staffAccounts } = await import("../db/schema/index");
const { hashPassword, oneTimePassword } = await import("../app/lib/password.server");
const { appendLedger } = await import("../app/lib/ledger.server");
const { staffChain, today } = await import("../app/services/sign-in-staff.server");

let exitCode = 0;
try {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const now = new Date();
  const created = await db().transaction(async (tx) => {
    const [existing] = await tx.select({ id: staffAccounts.id }).from(staffAccounts).where(sql`lower(${staffAccounts.email}) = ${email}`);
    if (existing) return null;
    const [row] = await tx
      .insert(staffAccounts)
      .values({ email, displayName: name, role: "administrator", passwordHash, mustChangePassword: true })
      .onConflictDoNothing()
      .returning({ id: staffAccounts.id });
    if (!row) return null;
    await appendLedger(tx, {
      chain: staffChain(row.id),
      actor: { type: "system" },
      action: "staff.created",
      subjectType: "staff_account",
      subjectId: row.id,
      details: { role: "administrator", via: "admin:create", oneTimePassword: true },
      today: today(now),
      now,
    });
    return row;
  });
  if (!created) {
    console.error(`An account with the address ${email} already exists; nothing was changed.`);
    exitCode = 1;
  } else {
    console.log(`Administrator created: ${name} <${email}>

  One-time password (shown only now; hand it over in person or by a separate channel):

      ${password}

  At the first sign-in (/staff/login) the administrator chooses a new password and sets up
  two-step verification with an authenticator app.`);
  }
} finally {
  await closeDb();
  await database.stop();
}
process.exit(exitCode);
