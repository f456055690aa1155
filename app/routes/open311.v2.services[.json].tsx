import { listSectors } from "~/services/list-sectors.server";

/** Open311 GeoReport v2: the services are the sectors. */
export async function loader() {
  const sectors = await listSectors();
  return Response.json(
    sectors.map((s) => ({
      service_code: s.code,
      service_name: `${s.nameZh} / ${s.nameEn}`,
      description: `${s.nameEn} — ${s.nameZh}`,
      metadata: true,
      type: "realtime",
      keywords: s.code.replace(/_/g, ","),
      group: "work_safety_environment",
    })),
    { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } },
  );
}
