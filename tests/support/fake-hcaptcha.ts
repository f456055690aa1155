import http from "node:http";
import type { AddressInfo } from "node:net";

/** hCaptcha's official test token: the fake siteverify accepts it and nothing else. */
export const HCAPTCHA_TEST_TOKEN = "10000000-aaaa-bbbb-cccc-000000000001";

export type FakeSiteverify = {
  url: string;
  origin: string;
  /** "ok": answer normally; "error": HTTP 500; "hang": never answer (tests the timeout). */
  mode: "ok" | "error" | "hang";
  calls: { secret: string | null; response: string | null; sitekey: string | null }[];
  /** Extra GET routes (e.g. a fake api.js for browser tests): path → [content type, body]. */
  routes: Map<string, [string, string]>;
  close: () => Promise<void>;
};

/** A loopback stand-in for hCaptcha's siteverify endpoint, spoken to over real HTTP. */
export async function startFakeHcaptcha(): Promise<FakeSiteverify> {
  const state = { mode: "ok" as FakeSiteverify["mode"], calls: [] as FakeSiteverify["calls"], routes: new Map<string, [string, string]>() };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET") {
      const route = state.routes.get(url.pathname);
      if (!route) return res.writeHead(404).end();
      return res.writeHead(200, { "Content-Type": route[0], "Access-Control-Allow-Origin": "*" }).end(route[1]);
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const p = new URLSearchParams(body);
      state.calls.push({ secret: p.get("secret"), response: p.get("response"), sitekey: p.get("sitekey") });
      if (fake.mode === "hang") return; // never answers
      if (fake.mode === "error") return res.writeHead(500).end("boom");
      const success = p.get("response") === HCAPTCHA_TEST_TOKEN && p.get("secret") === "0x0000000000000000000000000000000000000000";
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(success ? { success: true } : { success: false, "error-codes": ["invalid-input-response"] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeSiteverify = {
    url: `${origin}/siteverify`,
    origin,
    mode: "ok",
    calls: state.calls,
    routes: state.routes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** Environment that turns the captcha on against the fake (hCaptcha's published test keys). */
export function hcaptchaEnv(fake: FakeSiteverify, timeoutMs = 1000) {
  return {
    HCAPTCHA_SITEKEY: "10000000-ffff-ffff-ffff-000000000001",
    HCAPTCHA_SECRET: "0x0000000000000000000000000000000000000000",
    HCAPTCHA_VERIFY_URL: fake.url,
    HCAPTCHA_TIMEOUT_MS: String(timeoutMs),
  };
}
