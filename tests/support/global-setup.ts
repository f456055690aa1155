import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "../../db/schema/index";
import { seedDemoAgencies, seedReference } from "../../db/seed/index";
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
  // A client of its own, not app/lib/db.server's process-wide one: the projects' setups run at
  // once in this process, each on its own template.
  const template = await createTemplateDatabase(async (url) => {
    const client = postgres(url, { max: 2, onnotice: () => {} });
    try {
      const db = drizzle(client, { schema });
      await seedReference(db);
      await seedDemoAgencies(db);
    } finally {
      await client.end();
    }
  });
  project.provide("adminUrl", template.adminUrl);
  project.provide("templateDatabase", template.template);
  project.provide("masterKey", masterKey);
  return async () => {
    await template.drop();
  };
}
