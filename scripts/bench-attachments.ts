/**
 * `npx tsx scripts/bench-attachments.ts`: how long sanitising a scanned PDF takes and how much
 * memory it needs (app/lib/attachments.server.ts: every page rendered by pdftoppm and rebuilt).
 *
 * The fixture is what a phone scanning app or an office scanner produces: A4 pages, each one
 * greyish JPEG at 200 dpi (1654 × 2339) with lines of text and paper noise, ~0.4 MB a page.
 * (one page image, repeated: poppler decodes it on every page all the same).
 * BENCH_PAGES (default "10,50") lists the page counts; BENCH_RUNS (default 3) runs each, the
 * median is reported. Printed: input and output size, wall time, CPU time (this process and the
 * pdfinfo/pdftoppm children, from /proc: what the machine's load does not inflate), how much this
 * process's RSS grew while sanitising (sampled every 20 ms), and the peak RSS of one pdftoppm page
 * render (/usr/bin/time). The load average is printed too: on a shared machine wall time is not CPU time.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { DecodeBudget, sanitiseAttachment } from "../app/lib/attachments.server";
import { clockTicks } from "./bench-common";

/** CPU ms of this process and of its children it has waited for (utime, stime, cutime, cstime: proc(5)). */
function cpuMs(): { own: number; children: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  const ms = (ticks: number) => (ticks * 1000) / clockTicks();
  return { own: ms(f[11]! + f[12]!), children: ms(f[13]! + f[14]!) };
}

const pageCounts = (process.env.BENCH_PAGES ?? "10,50").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

async function scannedPage(n: number): Promise<Buffer> {
  const lines = Array.from(
    { length: 40 },
    (_, i) => `<text x="150" y="${260 + i * 50}" font-size="30" font-family="Liberation Serif">Page ${n}, line ${i + 1}: the plant released effluent into the river at night.</text>`,
  ).join("");
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="#f4f1ea"/>${lines}</svg>`);
  const noise = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 12 } } })
    .png()
    .toBuffer();
  return sharp(svg)
    .composite([{ input: noise, blend: "overlay" }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

async function scannedPdf(pages: number, scan: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let n = 1; n <= pages; n++) {
    const image = await doc.embedJpg(scan);
    doc.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  return Buffer.from(await doc.save());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-attachments-"));
  try {
    console.log(`load average at start: ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    const scan = await scannedPage(1);
    for (const pages of pageCounts) {
      const pdf = await scannedPdf(pages, scan);
      const times: number[] = [];
      const cpu: number[] = [];
      const growth: number[] = [];
      let outBytes = 0;
      for (let run = 0; run < runs; run++) {
        const baseline = process.memoryUsage().rss;
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const cpuBefore = cpuMs();
        const started = performance.now();
        const result = await sanitiseAttachment(pdf, new DecodeBudget());
        times.push(performance.now() - started);
        const cpuAfter = cpuMs();
        clearInterval(sampler);
        cpu.push(cpuAfter.own - cpuBefore.own + cpuAfter.children - cpuBefore.children);
        growth.push(peak - baseline);
        if (!result.ok) throw new Error(`refused: ${result.problem.code}`);
        outBytes = result.file.bytes.length;
      }
      const file = path.join(dir, `${pages}.pdf`);
      writeFileSync(file, pdf);
      const probe = spawnSync("/usr/bin/time", ["-f", "%M", "pdftoppm", "-f", "1", "-l", "1", "-r", "150", "-cropbox", file, path.join(dir, "p")]);
      const childKb = Number(probe.stderr.toString("utf8").trim().split("\n").pop());
      console.log(
        `${pages} pages: in ${mb(pdf.length)} MB, out ${mb(outBytes)} MB, wall ${(median(times) / 1000).toFixed(2)} s, ` +
          `CPU ${(median(cpu) / 1000).toFixed(2)} s (${(median(cpu) / pages).toFixed(0)} ms a page; medians of ${runs}), ` +
          `node RSS +${mb(median(growth))} MB while sanitising, pdftoppm peak RSS ${(childKb / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
