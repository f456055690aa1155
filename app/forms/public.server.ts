/**
 * The schemas of the public pages' forms, for those routes' actions and loaders only. A `.server`
 * module: Remix leaves it out of the browser's bundle, and zod with it — a schema declared at a
 * module's top level is a side effect the bundler keeps, so a public route that imported its form
 * module directly would ship all of zod to every phone (issue 14; tests/unit/js-budget.test.ts).
 * The pages validate on the server and by their controls' own attributes (ADR 022).
 */
export { reportSchema } from "./report";
export { buttonSchema, disputeSchema, replySchema, signInSchema } from "./status";
export { parseStatisticsQuery } from "./statistics";
