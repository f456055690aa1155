/** A small XML serialiser (Open311 GeoReport v2 answers in XML, app/lib/open311-edge.server.ts). */

export function escapeXml(s: string): string {
  // Characters not allowed in XML 1.0 are dropped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

/**
 * Serialises a value as XML elements. Objects become child elements; arrays repeat the element
 * named by `itemName` (or the key they are under, when given as `[name, items]` pairs); null is an
 * empty element; undefined is left out.
 */
function xmlElement(name: string, value: XmlValue, itemNames: Record<string, string>): string {
  if (value === undefined) return "";
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? "item";
    return `<${name}>${value.map((v) => xmlElement(item, v, itemNames)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => xmlElement(k, v, itemNames))
      .join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, value: XmlValue, itemNames: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlElement(root, value, itemNames)}`;
}
