import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchRequestsResponse } from "~/services/open311-read.server";

/** Open311 GeoReport v2: GET requests.xml, the XML twin of GET requests.json. */
export const loader = ({ request }: LoaderFunctionArgs) => searchRequestsResponse(request, "xml");
