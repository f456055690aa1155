import type { LoaderFunctionArgs } from "@remix-run/node";
import { respond } from "~/lib/open311-edge.server";
import { discovery } from "~/services/open311-read.server";

/** Open311 GeoReport v2: discovery.xml. */
export const loader = ({ request }: LoaderFunctionArgs) => respond("xml", "discovery", discovery(request), { cache: "public, max-age=300" });
