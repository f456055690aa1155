import { isIP } from "node:net";
import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, for rate limits only: never logged, never stored with a tip. */
    clientAddress: string;
  }
}

export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress || "unknown";
}

/**
 * The client's address as our own network saw it. Each reverse proxy appends to
 * X-Forwarded-For the address it got the request from, so with `trustedHops` proxies in front
 * the last `trustedHops` entries were written by them and everything to their left by whoever
 * sent the request. The entry `trustedHops` from the right is the one the outermost trusted
 * proxy appended: the client. Entries the client wrote are never read.
 *
 * - Fewer entries than hops (a proxy that did not append): the leftmost entry, the farthest
 *   one the chain vouches for (as Express's `trust proxy = N` does).
 * - An entry that is not an IP address at the chosen place (a proxy writing "unknown"): the next
 *   valid one to its right (closer to us, so written by a trusted proxy), else the socket's.
 * - Addresses are compared in one form: IPv6 in its canonical lower-case form, IPv4-mapped IPv6
 *   as IPv4, ports and brackets dropped.
 */
export function clientAddressFrom(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const socket = normaliseAddress(socketAddress) ?? "unknown";
  if (trustedHops <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (let i = Math.max(0, entries.length - trustedHops); i < entries.length; i++) {
    const address = normaliseAddress(entries[i]);
    if (address) return address;
  }
  return socket;
}

/** One spelling per address, or null for anything that is not an IP address. */
export function normaliseAddress(raw: string | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(a)) a = a.slice(0, a.lastIndexOf(":")); // IPv4 with a port
  const kind = isIP(a);
  if (kind === 4) return a;
  if (kind !== 6) return null;
  const zone = a.indexOf("%");
  if (zone !== -1) a = a.slice(0, zone); // a link-local zone is the server's own, not the client's
  let canonical: string;
  try {
    canonical = new URL(`http://[${a}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}
