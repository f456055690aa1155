import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n";
import { translateError } from "./field";

/**
 * What a refusal thrown at the route edge (app/lib/route-edge.server.ts `refusal`) carries to the
 * page: its message key. Older thrown responses carry none; their status decides.
 */
export function refusalMessage(error: unknown): { status: number; message: string } | null {
  if (!isRouteErrorResponse(error)) return null;
  const data: unknown = error.data;
  const refusal = typeof data === "object" && data !== null && "refusal" in data ? (data as { refusal: unknown }).refusal : null;
  const message = typeof refusal === "object" && refusal !== null && "message" in refusal && typeof refusal.message === "string" ? refusal.message : null;
  const byStatus: Partial<Record<number, MessageKey>> = { 403: "errors.forbidden", 404: "errors.notFound", 409: "errors.app.conflict", 429: "errors.app.rate_limited" };
  const fallback = byStatus[error.status];
  if (message) return { status: error.status, message };
  return fallback ? { status: error.status, message: fallback } : null;
}

/** Inside a page's frame: a refusal explained in the reader's language; anything else is a server fault. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const refused = refusalMessage(error);
  if (!refused) console.error(error);
  return (
    <p className="error" role="alert">
      {refused ? translateError(t, refused.message) : t("errors.generic")}
    </p>
  );
}
