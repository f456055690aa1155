import type { Open311Request } from "../forms/open311-request";
import { AppError } from "../lib/app-error";
import { randomToken } from "../lib/crypto.server";
import { env } from "../lib/env.server";
import { hitRateLimit, RATE_LIMITS } from "../lib/rate-limit.server";
import { fileTip } from "./file-tip.server";

/**
 * GeoReport v2 POST: an anonymous tip through the machine interface, with the same storage,
 * rules and limits as the form (machine submissions get the stricter, unverified limit).
 * Refusals are AppErrors: `rate_limited` (with the seconds to wait), an unknown sector or place.
 */
export async function fileOpen311Request(p: Open311Request, clientAddress: string): Promise<{ token: string; service_request_id: string; receipt: string }[]> {
  const limit = await hitRateLimit(RATE_LIMITS.unverifiedTip, clientAddress);
  if (!limit.allowed) throw new AppError("rate_limited", { message: "errors.rateLimited", params: { minutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)) }, retryAfterSeconds: limit.retryAfterSeconds });
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
  return [{ token: filed.token, service_request_id: filed.reference, receipt: filed.receipt! }];
}
