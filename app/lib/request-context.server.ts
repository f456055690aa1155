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
