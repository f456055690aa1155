import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    masterKey: string;
  }
}

/** One migrated database (with reference data and the demo agencies) per test project run. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const masterKey = randomBytes(32).toString("base64");
  process.env.DATABASE_URL = database.url;
  process.env.CANARY_MASTER_KEY = masterKey;
  const { db, closeDb } = await import("../../app/lib/db.server");
  const { seedReference, seedDemoAgencies } = await import("../../db/seed/index");
  await seedReference(db());
  await seedDemoAgencies(db());
  await closeDb();
  project.provide("databaseUrl", database.url);
  project.provide("masterKey", masterKey);
  return async () => {
    await database.drop();
  };
}
