import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, APP_ERROR_STATUS, decodeMessage, encodeMessage } from "./app-error";
import { intent, orRefuse, seeOther, submitIntent } from "./route-edge.server";

const schema = z.object({ name: z.string({ error: "errors.required" }).min(2, "errors.short"), password: z.string().optional() });

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

async function answer(fields: Record<string, string>, run: () => Promise<unknown> = async () => {}) {
  return submitIntent(form(fields), { save: intent(schema, run) });
}

/** The form's answer (not a redirect). */
async function reply(fields: Record<string, string>, run?: () => Promise<unknown>) {
  const a = await answer(fields, run);
  if (a instanceof Response) throw new Error(`expected a form answer, got a ${a.status} response`);
  return a;
}

describe("the route edge answers a form the same way on every page", () => {
  it.each<{ name: string; fields: Record<string, string>; status: number; error: Record<string, string[]> }>([
    { name: "an intent the page does not offer", fields: { intent: "delete", name: "ab" }, status: 400, error: { "": ["errors.app.unknown_intent"] } },
    { name: "no intent at all", fields: { name: "ab" }, status: 400, error: { "": ["errors.app.unknown_intent"] } },
    { name: "a field breaking its rule", fields: { intent: "save", name: "a" }, status: 400, error: { name: ["errors.short"] } },
  ])("$name → $status", async ({ fields, status, error }) => {
    const a = await reply(fields);
    expect(a.init?.status).toBe(status);
    expect(a.data.result.error).toMatchObject(error);
    expect(a.data.done).toBe(false);
  });

  it.each(Object.entries(APP_ERROR_STATUS))("a service's AppError %s answers %i, on its field when it names one", async (code, status) => {
    const onField = await reply({ intent: "save", name: "abc" }, async () => {
      throw new AppError(code as keyof typeof APP_ERROR_STATUS, { field: "name", message: "errors.generic" });
    });
    expect(onField.init?.status).toBe(status);
    expect(onField.data.result.error).toEqual({ name: ["errors.generic"] });
    const onForm = await reply({ intent: "save", name: "abc" }, async () => {
      throw new AppError(code as keyof typeof APP_ERROR_STATUS);
    });
    expect(onForm.data.result.error?.[""]).toHaveLength(1);
  });

  it("keeps what was typed, but never the CSRF token or a password", async () => {
    const a = await reply({ intent: "save", name: "a", csrf: "secret-token", password: "hunter22" });
    expect(a.data.result.initialValue).toMatchObject({ name: "a" });
    expect(a.data.result.initialValue).not.toHaveProperty("csrf");
    expect(a.data.result.initialValue).not.toHaveProperty("password");
  });

  it("a done change answers done with the form reset; a redirect passes through as 303", async () => {
    const done = await reply({ intent: "save", name: "abc" });
    expect(done.data).toMatchObject({ intent: "save", done: true });
    expect(done.init?.status).toBe(200);
    const moved = await answer({ intent: "save", name: "abc" }, async () => seeOther("/next"));
    if (!(moved instanceof Response)) throw new Error("expected the redirect");
    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toBe("/next");
  });

  it("a service's other errors are not swallowed", async () => {
    await expect(answer({ intent: "save", name: "abc" }, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });

  it("orRefuse throws an AppError on as the status and message for the error boundary", async () => {
    const thrown: unknown = await orRefuse(Promise.reject(new AppError("not_found"))).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ type: "DataWithResponseInit", init: { status: 404 }, data: { refusal: { code: "not_found", message: "errors.notFound" } } });
  });
});

describe("messages with parameters travel as strings", () => {
  it.each<{ key: string; params: Record<string, number> | undefined; encoded: string }>([
    { key: "errors.attachments.unreadable", params: { n: 2 }, encoded: "errors.attachments.unreadable|n=2" },
    { key: "errors.rateLimited", params: { minutes: 5 }, encoded: "errors.rateLimited|minutes=5" },
    { key: "errors.generic", params: undefined, encoded: "errors.generic" },
  ])("$encoded", ({ key, params, encoded }) => {
    expect(encodeMessage(key, params)).toBe(encoded);
    expect(decodeMessage(encoded)).toEqual({ key, params: params ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) : undefined });
  });
  it("the older form key|n still reads as the file number", () => {
    expect(decodeMessage("errors.attachments.unreadable|3")).toEqual({ key: "errors.attachments.unreadable", params: { n: "3" } });
  });
});
