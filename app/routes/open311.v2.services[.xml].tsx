import { respond } from "~/lib/open311-edge.server";
import { listServices } from "~/services/open311-read.server";

/** Open311 GeoReport v2: services.xml, the XML twin of services.json (the services are the sectors). */
export async function loader() {
  return respond("xml", "services", await listServices(), { cache: "public, max-age=300" });
}
