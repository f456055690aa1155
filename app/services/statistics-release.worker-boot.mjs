// The statistics release thread's entry (./statistics-release-thread.server.ts): a thread does not
// inherit the main thread's module loader, so tsx is registered here before the TypeScript is
// loaded — the same in development, `npm run demo`, `npm start` and the tests.
import { register } from "tsx/esm/api";

register();
await import("./statistics-release.worker.ts");
