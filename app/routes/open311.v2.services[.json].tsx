import { respond } from "~/lib/open311-edge.server";
import { listServices } from "~/services/open311-read.server";

/** Open311 GeoReport v2: the services are the sectors. */
export async function loader() {
  return respond("json", "services", await listServices(), { cache: "public, max-age=300" });
}
