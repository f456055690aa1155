/**
 * Retrying a step when the database connection went away (a PostgreSQL restart, a failover, the
 * server still starting): for idempotent work such as seeding, where running a step again after
 * a lost connection is safe. Errors of the SQL itself are not retried.
 */

/** postgres.js connection codes, socket errors, and SQLSTATEs of a server shutting down or starting. */
const CONNECTION_ERROR_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "08000",
  "08001",
  "08003",
  "08006",
]);

export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === "string" && CONNECTION_ERROR_CODES.has(e.code)) return true;
  // net.connect to a host with several addresses rejects with an AggregateError of each attempt.
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true;
  return e.cause !== undefined && e.cause !== error && isConnectionError(e.cause);
}

export type RetryOptions = {
  /** Give up when the database has been unreachable this long (default 60 s). */
  maxWaitMs?: number;
  /** First pause; doubled after each failure up to maxDelayMs (defaults 250 ms, 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (info: { step: string; attempt: number; delayMs: number; error: unknown }) => void;
};

/** Runs `fn`, and again after a connection error, with backoff, until it succeeds or maxWaitMs has passed. */
export async function withConnectionRetry<T>(step: string, fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  let delayMs = opts.initialDelayMs ?? 250;
  const maxDelayMs = opts.maxDelayMs ?? 5_000;
  let firstFailure: number | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      firstFailure ??= Date.now();
      if (Date.now() - firstFailure + delayMs > maxWaitMs) throw error;
      opts.onRetry?.({ step, attempt, delayMs, error });
      await new Promise((r) => setTimeout(r, delayMs));
      delayMs = Math.min(maxDelayMs, delayMs * 2);
    }
  }
}
