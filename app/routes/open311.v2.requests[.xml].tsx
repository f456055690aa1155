import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchRequests } from "~/lib/open311-edge.server";

/** Open311 GeoReport v2: GET requests.xml, the XML twin of GET requests.json. */
export const loader = ({ request }: LoaderFunctionArgs) => searchRequests(request, "xml");
