import { describe, expect, it } from "vitest";
import { isConnectionError, withConnectionRetry } from "./connection-retry.server";

const err = (code: string) => Object.assign(new Error(code), { code });

describe("isConnectionError", () => {
  it.each([
    [err("CONNECTION_CLOSED"), true],
    [err("ECONNREFUSED"), true],
    [err("57P01"), true], // admin_shutdown: the server was stopped
    [err("57P03"), true], // still starting up
    [Object.assign(new AggregateError([err("ECONNREFUSED"), err("ECONNREFUSED")]), {}), true],
    [err("23505"), false], // a unique violation is the SQL's own error
    [err("42P01"), false],
    [new Error("boom"), false],
    ["CONNECTION_CLOSED", false],
  ])("%s → %s", (e, expected) => expect(isConnectionError(e)).toBe(expected));
});

describe("withConnectionRetry", () => {
  it("runs the step again after a lost connection", async () => {
    let calls = 0;
    const result = await withConnectionRetry("s", async () => (++calls < 3 ? Promise.reject(err("CONNECTION_CLOSED")) : "done"), { initialDelayMs: 1 });
    expect([result, calls]).toEqual(["done", 3]);
  });

  it("does not retry an SQL error, and gives up after maxWaitMs", async () => {
    let calls = 0;
    await expect(withConnectionRetry("s", async () => (calls++, Promise.reject(err("23505"))), { initialDelayMs: 1 })).rejects.toThrow("23505");
    expect(calls).toBe(1);
    await expect(withConnectionRetry("s", () => Promise.reject(err("ECONNREFUSED")), { initialDelayMs: 5, maxWaitMs: 30 })).rejects.toThrow("ECONNREFUSED");
  });
});
