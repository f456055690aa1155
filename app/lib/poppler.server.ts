/**
 * Debian's poppler-utils (pdfinfo, pdftoppm) run as child processes: no shell, the PDF on stdin
 * and the pixels on stdout (so the tipster's file is never written to disk in the clear), a
 * wall-clock timeout, a cap on what the child may print and on its address space, and an empty
 * temporary directory as its working directory and HOME, removed afterwards.
 */
import { spawn } from "node:child_process";
import { access, constants, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { env } from "./env.server";

/** What the rasteriser could not do, in terms the sanitiser turns into a user message. */
export type PopplerFailure = "missing" | "password" | "unreadable" | "timeout";

export class PopplerError extends Error {
  constructor(
    readonly failure: PopplerFailure,
    detail: string,
  ) {
    super(`poppler ${failure}: ${detail}`);
  }
}

/** Address-space cap for one pdfinfo/pdftoppm run: a hostile image inside a PDF cannot eat the server's memory. */
const CHILD_ADDRESS_SPACE_BYTES = 1024 * 1024 * 1024;
const PRLIMIT = "/usr/bin/prlimit";

const binary = (name: "pdfinfo" | "pdftoppm") => path.join(env().popplerDir, name);

/**
 * Refuses (with a clear log line, every time, so an operator sees it) when poppler-utils is not
 * installed. Checked per file rather than cached, so installing it needs no restart.
 */
export async function ensurePopplerInstalled(): Promise<void> {
  for (const file of [binary("pdfinfo"), binary("pdftoppm"), PRLIMIT]) {
    try {
      await access(file, constants.X_OK);
    } catch {
      const hint = file === PRLIMIT ? "Install Debian's util-linux." : "Install Debian's poppler-utils (bash scripts/ensure-system-deps.sh) or set POPPLER_DIR.";
      console.error(`[attachments] PDF uploads are refused: ${file} is missing. ${hint}`);
      throw new PopplerError("missing", file);
    }
  }
}

export type PageBox = { widthPt: number; heightPt: number };

/**
 * Page count and, for the first `maxPages` pages, the size as a viewer shows it (the crop box,
 * turned by the page's /Rotate). Only poppler reads the original file.
 */
export async function pdfPages(pdf: Buffer, maxPages: number, timeoutMs: number): Promise<{ count: number; pages: PageBox[] }> {
  const out = (await run("pdfinfo", ["-f", "1", "-l", String(maxPages), "-"], pdf, { timeoutMs, maxStdoutBytes: 1024 * 1024 })).toString(
    "utf8",
  );
  // The document's own Title/Author… are printed first and may contain line breaks, so an
  // attacker could fake a line: the real values are the last ones printed.
  const count = lastMatch(out, /^Pages:\s+(\d+)$/gm);
  if (!count) throw new PopplerError("unreadable", "no page count");
  const pages: PageBox[] = [];
  for (let n = 1; n <= Math.min(Number(count[1]), maxPages); n++) {
    const size = lastMatch(out, new RegExp(`^Page\\s+${n} size:\\s+([\\d.]+) x ([\\d.]+) pts`, "gm"));
    const rot = lastMatch(out, new RegExp(`^Page\\s+${n} rot:\\s+(-?\\d+)$`, "gm"));
    if (!size) throw new PopplerError("unreadable", `no size for page ${n}`);
    const [w, h] = [Number(size[1]), Number(size[2])];
    const quarterTurns = Math.round(Number(rot?.[1] ?? 0) / 90);
    pages.push(quarterTurns % 2 === 0 ? { widthPt: w, heightPt: h } : { widthPt: h, heightPt: w });
  }
  return { count: Number(count[1]), pages };
}

export type RgbPixels = { width: number; height: number; data: Buffer };

/**
 * One page (1-based) rendered at `dpi` as 8-bit RGB on white paper. `maxWidth`/`maxHeight` crop
 * the rendering, so pdftoppm never allocates more than that even if the page claims another size.
 */
export async function renderPage(
  pdf: Buffer,
  page: number,
  opts: { dpi: number; maxWidth: number; maxHeight: number; timeoutMs: number },
): Promise<RgbPixels> {
  const args = ["-f", String(page), "-l", String(page), "-r", opts.dpi.toFixed(3), "-cropbox"];
  args.push("-x", "0", "-y", "0", "-W", String(opts.maxWidth), "-H", String(opts.maxHeight), "-");
  const ppm = await run("pdftoppm", args, pdf, { timeoutMs: opts.timeoutMs, maxStdoutBytes: opts.maxWidth * opts.maxHeight * 3 + 64 });
  return parsePpm(ppm);
}

/** pdftoppm writes binary PPM: "P6\n<width> <height>\n255\n" then width × height × 3 bytes. */
function parsePpm(ppm: Buffer): RgbPixels {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString("latin1", 0, 64));
  if (!header) throw new PopplerError("unreadable", "no page image");
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = ppm.subarray(header[0].length);
  if (width < 1 || height < 1 || data.length !== width * height * 3) throw new PopplerError("unreadable", "truncated page image");
  return { width, height, data };
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) last = m;
  return last;
}

async function run(
  name: "pdfinfo" | "pdftoppm",
  args: string[],
  stdin: Buffer,
  opts: { timeoutMs: number; maxStdoutBytes: number },
): Promise<Buffer> {
  if (opts.timeoutMs <= 0) throw new PopplerError("timeout", name);
  const workDir = await mkdtemp(path.join(tmpdir(), "canary-poppler-"));
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(PRLIMIT, [`--as=${CHILD_ADDRESS_SPACE_BYTES}`, "--", binary(name), ...args], {
        cwd: workDir,
        // Nothing of the server's environment (secrets) reaches the child.
        env: { PATH: "/usr/bin:/bin", HOME: workDir, LANG: "C.UTF-8", NODE_ENV: process.env.NODE_ENV },
        stdio: ["pipe", "pipe", "pipe"],
      });
      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = "";
      let failure: PopplerError | undefined;
      const stop = (why: PopplerError) => {
        failure ??= why;
        child.kill("SIGKILL");
      };
      const timer = setTimeout(() => stop(new PopplerError("timeout", `${name} after ${opts.timeoutMs} ms`)), opts.timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > opts.maxStdoutBytes) stop(new PopplerError("unreadable", `${name} printed more than expected`));
        else stdout.push(chunk);
      });
      child.stderr.on("data", (chunk: Buffer) => {
        if (stderr.length < 4096) stderr += chunk.toString("utf8");
      });
      // The child may exit (a broken file) before reading all of stdin: that EPIPE is not ours to report.
      child.stdin.on("error", () => {});
      child.stdin.end(stdin);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(new PopplerError("missing", e.message));
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if (failure) reject(failure);
        else if (code === 0) resolve(Buffer.concat(stdout));
        else if (/incorrect password/i.test(stderr)) reject(new PopplerError("password", name));
        else reject(new PopplerError("unreadable", `${name} exited with ${code}: ${stderr.slice(0, 200)}`));
      });
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
