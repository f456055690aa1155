import { open311RequestSchema } from "../forms/open311-request";
import { randomToken } from "../lib/crypto.server";
import { env } from "../lib/env.server";
import { hitRateLimit, RATE_LIMITS } from "../lib/rate-limit.server";
import { UserFacingError } from "./errors";
import { fileTip } from "./file-tip.server";

export type Open311Error = { code: number; description: string };

/**
 * GeoReport v2 POST: an anonymous tip through the machine interface, with the same storage,
 * rules and limits as the form (machine submissions get the stricter, unverified limit).
 */
export async function fileOpen311Request(
  params: Record<string, string>,
  clientAddress: string,
): Promise<{ ok: true; body: { token: string; service_request_id: string; receipt: string }[] } | { ok: false; status: number; errors: Open311Error[] }> {
  const parsed = open311RequestSchema.safeParse(params);
  if (!parsed.success) {
    return { ok: false, status: 400, errors: parsed.error.issues.map((i) => ({ code: 400, description: i.message })) };
  }
  const limit = await hitRateLimit(RATE_LIMITS.unverifiedTip, clientAddress);
  if (!limit.allowed) return { ok: false, status: 429, errors: [{ code: 429, description: `too many requests; retry after ${limit.retryAfterSeconds} seconds` }] };
  const p = parsed.data;
  try {
    const filed = await fileTip({
      submissionId: randomToken(16),
      channel: "open311",
      captcha: env().hcaptcha ? "unverified" : "not_required",
      files: [],
      tip: {
        sectorCode: p.service_code,
        placeCode: p["attribute[region_code]"],
        companyName: p["attribute[company_name]"] || undefined,
        content: { description: p.description, address: p.address_string || undefined },
        contact: {
          name: [p.first_name, p.last_name].filter(Boolean).join(" ") || undefined,
          phone: p.phone || undefined,
          email: p.email || undefined,
        },
        majorHazard: false,
        concealedAccident: false,
        officialsImplicated: false,
        tipsterWorksThere: false,
      },
    });
    return { ok: true, body: [{ token: filed.token, service_request_id: filed.reference, receipt: filed.receipt! }] };
  } catch (e) {
    if (e instanceof UserFacingError) {
      const what = e.field === "sector" ? "service_code is not a known service" : "attribute[region_code] is not a known GB/T 2260 code";
      return { ok: false, status: 400, errors: [{ code: 400, description: what }] };
    }
    throw e;
  }
}
