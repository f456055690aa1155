import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { outcomesAtom } from "~/services/published-outcomes.server";

/** Atom feed of the 50 most recently published outcomes. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = env().publicUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin;
  return new Response(await outcomesAtom(origin), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
}
