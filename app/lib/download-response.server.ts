/**
 * A stored file served to a person: always as a download, never sniffed, never rendered in the
 * site's origin (a sandbox CSP), never cached.
 */
export function downloadResponse(file: { bytes: Buffer; mediaType: string; fileName: string }): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
