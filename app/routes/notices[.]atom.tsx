import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { noticesAtom } from "~/services/published-notices.server";

/** Atom feed of the 50 most recently published notices of supervised major hazards. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = env().publicUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin;
  return new Response(await noticesAtom(origin), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
}
