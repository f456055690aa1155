import type { LoaderFunctionArgs } from "@remix-run/node";
import { respond } from "~/lib/open311-edge.server";
import { discovery } from "~/services/open311-read.server";

/** Open311 GeoReport v2: discovery.json. */
export const loader = ({ request }: LoaderFunctionArgs) => respond("json", "discovery", discovery(request), { cache: "public, max-age=300" });
