/**
 * Reading what a route's loader or action answered, as the page would receive it: a returned or
 * thrown Response, a `data()` answer (single fetch's DataWithResponseInit: value + status), or a
 * plain object. And reading a form's answer (app/lib/route-edge.server.ts FormReply): its field
 * errors ("form" for the form's own), the values it gives back, and whether it was done.
 */
export type Settled = { status: number; data: any; headers: Headers };

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithInit(v: unknown): v is DataWithInit {
  return typeof v === "object" && v !== null && (v as { type?: unknown }).type === "DataWithResponseInit" && "data" in v;
}

export async function settle(run: () => Promise<unknown>): Promise<Settled> {
  let result: unknown;
  try {
    result = await run();
  } catch (e) {
    if (!(e instanceof Response) && !isDataWithInit(e)) throw e;
    result = e;
  }
  if (isDataWithInit(result)) {
    return { status: result.init?.status ?? 200, data: result.data, headers: new Headers(result.init?.headers) };
  }
  if (result instanceof Response) {
    const text = await result.text();
    let data: any = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* plain text body */
    }
    return { status: result.status, data, headers: result.headers };
  }
  return { status: 200, data: result, headers: new Headers() };
}

type Reply = { intent?: string; result?: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> | null }; done?: boolean };

/** Field → error keys of a form's answer; the form's own errors under "form". */
export function replyErrors(data: Reply | null | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(data?.result?.error ?? {})) if (v?.length) out[k === "" ? "form" : k] = v;
  return out;
}

/** The values a form's answer gives back to the page (what was typed, never secrets). */
export function replyValues(data: Reply | null | undefined): Record<string, unknown> {
  return data?.result?.initialValue ?? {};
}

/** The answer said the change was made. */
export function replyDone(data: Reply | null | undefined): boolean {
  return data?.done === true;
}
