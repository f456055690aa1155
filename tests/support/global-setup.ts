import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createTemplateDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The server's admin connection, where each file creates its database (tests/support/env.ts). */
    adminUrl: string;
    /** The migrated, seeded template each file's database is copied from. */
    templateDatabase: string;
    masterKey: string;
  }
}

/**
 * Once per test project run: a migrated template database with reference data and the demo
 * agencies. Each test file then works on a copy of its own (tests/support/env.ts), so files run
 * in parallel and never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const masterKey = randomBytes(32).toString("base64");
  process.env.CANARY_MASTER_KEY = masterKey;
  const template = await createTemplateDatabase(async (url) => {
    process.env.DATABASE_URL = url;
    const { db, closeDb } = await import("../../app/lib/db.server");
    const { seedReference, seedDemoAgencies } = await import("../../db/seed/index");
    await seedReference(db());
    await seedDemoAgencies(db());
    await closeDb();
  });
  project.provide("adminUrl", template.adminUrl);
  project.provide("templateDatabase", template.template);
  project.provide("masterKey", masterKey);
  return async () => {
    await template.drop();
  };
}
