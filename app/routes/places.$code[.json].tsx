import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPlaces } from "~/services/list-places.server";

/**
 * The children of a place, for the place picker when JavaScript is on. Public reference data.
 * A resource route answers with a Response: single fetch's data() would lose the status and headers here.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!/^\d{6}$/.test(code)) return Response.json([], { status: 400 });
  return Response.json(await listPlaces(code), { headers: { "Cache-Control": "public, max-age=86400" } });
}
