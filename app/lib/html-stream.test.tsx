import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";

// React 18.3.1's streaming renderer wrote a whole 2,048-byte buffer when a multi-byte character
// did not fit at its end, so one or two NUL bytes landed in the page (a textarea sent back after
// a validation error then carried them). patches/react-dom+18.3.1.patch (applied by
// patch-package on npm install) writes only the bytes used; this guards it.
function render(node: React.ReactNode): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on("data", (c: Buffer) => chunks.push(c));
    out.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(node, { onAllReady: () => pipe(out), onError: reject });
  });
}

describe("server-rendered HTML", () => {
  it.each([0, 1, 2])("keeps Chinese text whole across the renderer's buffer boundaries (offset %i)", async (offset) => {
    const texts = Array.from({ length: 400 }, (_, i) => `${"a".repeat((i + offset) % 3)}被关闭问题属实`);
    const html = await render(
      <div>
        {texts.map((t, i) => (
          <p key={i}>{t}</p>
        ))}
      </div>,
    );
    expect(html.includes(0)).toBe(false);
    const decoded = html.toString("utf8");
    expect(decoded).not.toContain("\uFFFD");
    for (const t of texts) expect(decoded).toContain(`<p>${t}</p>`);
  });
});
