import { inject } from "vitest";

// Runs before each test file: point the app's modules at this run's database and key.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.CANARY_MASTER_KEY = inject("masterKey");
process.env.DATA_DIR ??= "/nonexistent-canary-data-dir";
