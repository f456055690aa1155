/**
 * Upload rules for attachments (tipsters' evidence and staff uploads).
 *
 * Two jobs: refuse what we will not store (too many / too big / wrong type /
 * too much work to decode), and keep nothing of the original file but what a
 * person sees: images are re-encoded from their pixels, PDFs are rendered to
 * pixels page by page and rebuilt as a new PDF of page images
 * (docs/decisions/012-documents-rasterised.md). Camera EXIF and GPS, XMP,
 * author names, annotations, form values, links, attachments, scripts and
 * editing history therefore never reach storage.
 */
import { PDFDict, PDFDocument, PDFName, type PDFPageLeaf } from "pdf-lib";
import sharp from "sharp";
import { PopplerError, ensurePopplerInstalled, pdfPages, renderPage, type PageBox } from "./poppler.server";

export const ATTACHMENT_LIMITS = {
  maxFiles: 10,
  maxFileBytes: 20 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
} as const;

export type AttachmentProblem = {
  code:
    | "too_many_files"
    | "file_too_large"
    | "total_too_large"
    | "unsupported_type"
    | "unreadable"
    | "password_protected"
    | "too_many_pages"
    | "image_too_large"
    | "too_much_work"
    | "pdf_unavailable";
  /** Position of the offending file in the list that was checked, when it is about one file. */
  index?: number;
};

/**
 * Pure count/size check, run before reading any file's contents.
 *
 * Callers must drop empty files (size 0) before calling: a browser submits an
 * empty, nameless part for a file input the user left blank, and that must
 * not count as an attachment. This function itself treats 0 like any size.
 *
 * `alreadyStored` lets a later upload to the same tip count what is already attached.
 */
export function checkAttachmentLimits(
  sizes: number[],
  alreadyStored: { count: number; bytes: number } = { count: 0, bytes: 0 },
): AttachmentProblem | null {
  if (alreadyStored.count + sizes.length > ATTACHMENT_LIMITS.maxFiles) {
    return { code: "too_many_files" };
  }
  const tooLarge = sizes.findIndex((size) => size > ATTACHMENT_LIMITS.maxFileBytes);
  if (tooLarge !== -1) return { code: "file_too_large", index: tooLarge };
  const total = sizes.reduce((sum, size) => sum + size, alreadyStored.bytes);
  if (total > ATTACHMENT_LIMITS.maxTotalBytes) return { code: "total_too_large" };
  return null;
}

/**
 * What decoding may cost. Per file: pixels of an image, pages of a PDF, the resolution a page is
 * rendered at, and time. Per request (one DecodeBudget, shared by all files of a form post): pages,
 * pixels and time in all, so that one request cannot keep the CPU busy for minutes.
 */
export const DECODE_LIMITS = {
  /** 50 MP: the full-resolution mode of 48/50 MP phone cameras passes; 108/200 MP modes and decompression bombs do not. */
  imageMaxPixels: 50_000_000,
  pdfMaxPages: 50,
  /** 150 dpi keeps 8-point print and handwriting legible on a scanned letter; A4 is then 1240 × 1754 pixels. */
  pdfDpi: 150,
  /** A3 still renders at 150 dpi; larger pages (plans, posters) at the resolution that fits. */
  pdfPageMaxPixels: 4_500_000,
  /** JPEG quality of a rendered page: small print stays readable; an A4 page is ~300 kB (scan or text). */
  pdfPageQuality: 85,
  fileSeconds: 60,
  requestPages: 100,
  /** Six 50 MP photos, or two 50-page A4 PDFs (2 × 110 MP) and six 12 MP phone photos. */
  requestPixels: 300_000_000,
  requestSeconds: 90,
} as const;

/** The decoding one request may still do; create one per request and pass it to every sanitiseAttachment call. */
export class DecodeBudget {
  private pages: number;
  private pixels: number;
  private readonly deadline: number;

  constructor(limits: { requestPages: number; requestPixels: number; requestSeconds: number } = DECODE_LIMITS) {
    this.pages = limits.requestPages;
    this.pixels = limits.requestPixels;
    this.deadline = Date.now() + limits.requestSeconds * 1000;
  }

  /** Reserves the work before it is done; false (and nothing reserved) when it would go over. */
  take(work: { pages?: number; pixels: number }): boolean {
    const pages = work.pages ?? 0;
    if (pages > this.pages || work.pixels > this.pixels || this.msLeft() <= 0) return false;
    this.pages -= pages;
    this.pixels -= work.pixels;
    return true;
  }

  /** Time one file may take: its own limit, or what is left of the request's. */
  fileMs(): number {
    return Math.min(DECODE_LIMITS.fileSeconds * 1000, this.msLeft());
  }

  private msLeft(): number {
    return this.deadline - Date.now();
  }
}

export type SanitisedAttachment = {
  mediaType: "image/jpeg" | "image/png" | "image/webp" | "application/pdf";
  bytes: Buffer;
  extension: "jpg" | "png" | "webp" | "pdf";
};

type SanitiseResult = { ok: true; file: SanitisedAttachment } | { ok: false; problem: AttachmentProblem };

const refused = (code: AttachmentProblem["code"]): SanitiseResult => ({ ok: false, problem: { code } });
const unsupported = refused("unsupported_type");
const unreadable = refused("unreadable");

/**
 * Identify a file from its bytes alone (the name and declared MIME type are
 * chosen by the uploader and never trusted) and return a clean copy:
 * images are re-encoded from pixels, PDFs are rebuilt from their rendered pages.
 * A caller handling several files passes one budget for all of them.
 */
export async function sanitiseAttachment(input: Buffer, budget: DecodeBudget = new DecodeBudget()): Promise<SanitiseResult> {
  if (startsWith(input, PDF_MAGIC)) return sanitisePdf(input, budget);
  // Only hand bytes that look like one of our three image formats to sharp, so
  // SVG, TIFF, HEIC, GIF… never reach a decoder and are reported as unsupported.
  if (IMAGE_MAGICS.some((looksLike) => looksLike(input))) return sanitiseImage(input, budget);
  return unsupported;
}

// ---------------------------------------------------------------- images

const IMAGE_TYPES = {
  jpeg: { mediaType: "image/jpeg", extension: "jpg" },
  png: { mediaType: "image/png", extension: "png" },
  webp: { mediaType: "image/webp", extension: "webp" },
} as const;

const IMAGE_MAGICS: ((b: Buffer) => boolean)[] = [
  (b) => startsWith(b, [0xff, 0xd8, 0xff]), // JPEG
  (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), // PNG
  (b) => b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP", // WebP
];

/**
 * limitInputPixels repeats our own header check inside libvips, in case a
 * file's header and its pixel data disagree. failOn "error" refuses
 * truncated/corrupt pixel data but tolerates the harmless warnings that real
 * phone JPEGs often trigger.
 */
const SHARP_INPUT = { limitInputPixels: DECODE_LIMITS.imageMaxPixels, failOn: "error" } as const;

/**
 * Re-encode from decoded pixels. sharp drops all metadata (EXIF incl. GPS,
 * XMP, IPTC, ICC, comments, PNG text chunks) unless asked to keep it, so we
 * never call withMetadata/keepExif/keepIccProfile. `.rotate()` bakes the EXIF
 * orientation into the pixels first, so photos still display upright.
 * Animated images keep only their first frame (sharp reads one page unless
 * asked for more): a phone's "live" or messenger-animated picture still arrives.
 *
 * The size is read from the header first (no pixels decoded), so a
 * decompression bomb is refused before any work is done on it.
 */
async function sanitiseImage(input: Buffer, budget: DecodeBudget): Promise<SanitiseResult> {
  // Reading the header decodes no pixels, so it is done without sharp's limit: an oversized
  // image is then refused as such, not as "unreadable".
  const header = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!header) return unreadable;
  const { format, width, height } = header;
  if (format !== "jpeg" && format !== "png" && format !== "webp") return unsupported;
  if (!width || !height) return unreadable;
  if (width * height > DECODE_LIMITS.imageMaxPixels) return refused("image_too_large");
  if (!budget.take({ pixels: width * height })) return refused("too_much_work");
  // sharp counts whole seconds, and 0 would mean "no limit".
  const pipeline = sharp(input, SHARP_INPUT)
    .rotate()
    .timeout({ seconds: Math.max(1, Math.floor(budget.fileMs() / 1000)) });
  try {
    const bytes =
      format === "jpeg"
        ? await pipeline.jpeg({ quality: 85 }).toBuffer()
        : format === "png"
          ? await pipeline.png().toBuffer()
          : await pipeline.webp({ quality: 85 }).toBuffer();
    return { ok: true, file: { ...IMAGE_TYPES[format], bytes } };
  } catch (e) {
    return e instanceof Error && /timeout/i.test(e.message) ? refused("too_much_work") : unreadable;
  }
}

// ---------------------------------------------------------------- PDFs

const PDF_MAGIC = [...Buffer.from("%PDF-", "latin1")];

/**
 * Render every page with pdftoppm and build a brand-new PDF holding one JPEG
 * per page, each page as large as the original's (crop box, rotation
 * applied). Nothing of the original object graph is copied: no text layer,
 * fonts, annotations, form fields, outlines, links, embedded files, scripts,
 * Info or XMP, and embedded images survive only as the pixels they paint.
 * The new file has no Info dictionary (`updateMetadata: false`), so not even
 * pdf-lib's own Producer/Creator or dates are written.
 *
 * Refused, never stored as is: what poppler cannot render (broken, or
 * protected by an opening password), more than 50 pages, too much work for
 * the request, or poppler-utils missing on the server.
 */
async function sanitisePdf(input: Buffer, budget: DecodeBudget): Promise<SanitiseResult> {
  const deadline = Date.now() + budget.fileMs();
  const msLeft = () => deadline - Date.now();
  try {
    await ensurePopplerInstalled();
    const { count, pages } = await pdfPages(input, DECODE_LIMITS.pdfMaxPages, msLeft());
    if (count > DECODE_LIMITS.pdfMaxPages) return refused("too_many_pages");
    if (count === 0 || pages.length !== count) return unreadable;
    const plans = pages.map(renderPlan);
    if (plans.some((plan) => plan === null)) return unreadable;
    const valid = plans.filter((plan) => plan !== null);
    if (!budget.take({ pages: count, pixels: valid.reduce((sum, plan) => sum + plan.width * plan.height, 0) })) {
      return refused("too_much_work");
    }
    const doc = await PDFDocument.create({ updateMetadata: false });
    for (const [i, plan] of valid.entries()) {
      const pixels = await renderPage(input, i + 1, {
        dpi: plan.dpi,
        maxWidth: plan.width,
        maxHeight: plan.height,
        timeoutMs: msLeft(),
      });
      const jpeg = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
        .jpeg({ quality: DECODE_LIMITS.pdfPageQuality })
        .toBuffer();
      const image = await doc.embedJpg(jpeg);
      const { widthPt, heightPt } = plan.box;
      const page = doc.addPage([widthPt, heightPt]);
      page.drawImage(image, { x: 0, y: 0, width: widthPt, height: heightPt });
      withoutEmptyEntries(page.node);
    }
    const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false });
    return { ok: true, file: { mediaType: "application/pdf", extension: "pdf", bytes: Buffer.from(bytes) } };
  } catch (e) {
    if (!(e instanceof PopplerError)) return unreadable;
    return refused(
      ({ missing: "pdf_unavailable", password: "password_protected", timeout: "too_much_work", unreadable: "unreadable" } as const)[
        e.failure
      ],
    );
  }
}

/** pdf-lib gives every new page an empty /Annots array and empty /Font and /ExtGState resources: a stored page has only its image. */
function withoutEmptyEntries(page: PDFPageLeaf): void {
  page.delete(PDFName.of("Annots"));
  const resources = page.Resources();
  for (const name of ["Font", "ExtGState"]) {
    const entry = resources?.lookup(PDFName.of(name));
    if (entry instanceof PDFDict && entry.keys().length === 0) resources?.delete(PDFName.of(name));
  }
}

type RenderPlan = { box: PageBox; dpi: number; width: number; height: number };

/** The resolution a page is rendered at: 150 dpi, lower when that would exceed the per-page pixel cap. */
function renderPlan(box: PageBox): RenderPlan | null {
  const { widthPt, heightPt } = box;
  if (!(widthPt >= 1 && heightPt >= 1 && Number.isFinite(widthPt * heightPt))) return null;
  const inches = (widthPt / 72) * (heightPt / 72);
  const dpi = Math.min(DECODE_LIMITS.pdfDpi, Math.sqrt(DECODE_LIMITS.pdfPageMaxPixels / inches));
  // pdftoppm rounds the page up to whole pixels.
  return { box, dpi, width: Math.ceil((widthPt * dpi) / 72), height: Math.ceil((heightPt * dpi) / 72) };
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
