/**
 * Upload rules for attachments (tipsters' evidence and staff uploads).
 *
 * Two jobs: refuse what we will not store (too many / too big / wrong type),
 * and strip everything that could identify the person who made or handled a
 * file (camera EXIF and GPS, XMP, IPTC, ICC, author names, editing history)
 * before anything is written to storage.
 */
import sharp from "sharp";
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRef,
  PDFStream,
  type PDFContext,
  type PDFObject,
} from "pdf-lib";

export const ATTACHMENT_LIMITS = {
  maxFiles: 10,
  maxFileBytes: 20 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
} as const;

export type AttachmentProblem = {
  code: "too_many_files" | "file_too_large" | "total_too_large" | "unsupported_type" | "unreadable";
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

export type SanitisedAttachment = {
  mediaType: "image/jpeg" | "image/png" | "image/webp" | "application/pdf";
  bytes: Buffer;
  extension: "jpg" | "png" | "webp" | "pdf";
};

type SanitiseResult = { ok: true; file: SanitisedAttachment } | { ok: false; problem: AttachmentProblem };

const unsupported: SanitiseResult = { ok: false, problem: { code: "unsupported_type" } };
const unreadable: SanitiseResult = { ok: false, problem: { code: "unreadable" } };

/**
 * Identify a file from its bytes alone (the name and declared MIME type are
 * chosen by the uploader and never trusted) and return a clean copy:
 * images are re-encoded from pixels, PDFs are rewritten without metadata.
 */
export async function sanitiseAttachment(input: Buffer): Promise<SanitiseResult> {
  if (startsWith(input, PDF_MAGIC)) return sanitisePdf(input);
  // Only hand bytes that look like one of our three image formats to sharp, so
  // SVG, TIFF, HEIC, GIF… never reach a decoder and are reported as unsupported.
  if (IMAGE_MAGICS.some((looksLike) => looksLike(input))) return sanitiseImage(input);
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
 * 100 megapixels is far beyond any phone camera and caps decompression bombs.
 * failOn "error" refuses truncated/corrupt pixel data but tolerates the
 * harmless warnings that real phone JPEGs often trigger.
 */
const SHARP_INPUT = { limitInputPixels: 100_000_000, failOn: "error" } as const;

/**
 * Re-encode from decoded pixels. sharp drops all metadata (EXIF incl. GPS,
 * XMP, IPTC, ICC, comments, PNG text chunks) unless asked to keep it, so we
 * never call withMetadata/keepExif/keepIccProfile. `.rotate()` bakes the EXIF
 * orientation into the pixels first, so photos still display upright.
 * Animated images keep only their first frame.
 */
async function sanitiseImage(input: Buffer): Promise<SanitiseResult> {
  try {
    const { format } = await sharp(input, SHARP_INPUT).metadata();
    if (format !== "jpeg" && format !== "png" && format !== "webp") return unsupported;
    const pipeline = sharp(input, SHARP_INPUT).rotate();
    const bytes =
      format === "jpeg"
        ? await pipeline.jpeg({ quality: 85 }).toBuffer()
        : format === "png"
          ? await pipeline.png().toBuffer()
          : await pipeline.webp({ quality: 85 }).toBuffer();
    return { ok: true, file: { ...IMAGE_TYPES[format], bytes } };
  } catch {
    return unreadable;
  }
}

// ---------------------------------------------------------------- PDFs

const PDF_MAGIC = [...Buffer.from("%PDF-", "latin1")];
const METADATA = PDFName.of("Metadata");
const PIECE_INFO = PDFName.of("PieceInfo");

/**
 * Rewrite a PDF without its Info dictionary (Title, Author, Creator,
 * Producer, dates…), XMP /Metadata streams, /PieceInfo (private editing
 * data) and the trailer /ID (a per-file fingerprint some tools derive from
 * time and path). `updateMetadata: false` stops pdf-lib from stamping its own
 * Producer/ModDate. Encrypted PDFs cannot be cleaned, so they are refused.
 *
 * Not removed: annotation authors (/T) and metadata inside embedded images.
 */
async function sanitisePdf(input: Buffer): Promise<SanitiseResult> {
  try {
    const doc = await PDFDocument.load(input, { updateMetadata: false, ignoreEncryption: false });
    if (doc.getPageCount() === 0) return unreadable;
    const { context } = doc;
    context.trailerInfo.Info = undefined;
    context.trailerInfo.ID = undefined;
    // Strips /Metadata and /PieceInfo from the catalog, every page and every
    // other dictionary, then drops the now-unlinked objects.
    dropUnreachableObjects(context);
    const bytes = await doc.save({
      useObjectStreams: false,
      updateFieldAppearances: false,
      addDefaultPage: false,
    });
    return { ok: true, file: { mediaType: "application/pdf", extension: "pdf", bytes: Buffer.from(bytes) } };
  } catch {
    // pdf-lib throws EncryptedPDFError for encrypted files, and parse errors for broken ones.
    return unreadable;
  }
}

/**
 * Unlinking the Info dictionary or an XMP stream leaves the object itself in
 * pdf-lib's object table, and pdf-lib writes every object it holds, so the
 * author would still be in the file. The same goes for objects orphaned by
 * earlier incremental saves. Keep only what the document root still reaches;
 * on the way, strip /Metadata and /PieceInfo from every dictionary reached
 * (catalog, page tree, pages, images, fonts).
 */
function dropUnreachableObjects(context: PDFContext): void {
  const reachable = new Set<PDFRef>(); // pdf-lib interns refs, so identity works
  const pending: (PDFObject | undefined)[] = [context.trailerInfo.Root];
  while (pending.length > 0) {
    const obj = pending.pop();
    if (obj instanceof PDFRef) {
      if (reachable.has(obj)) continue;
      reachable.add(obj);
      pending.push(context.lookup(obj));
    } else if (obj instanceof PDFStream) {
      pending.push(obj.dict);
    } else if (obj instanceof PDFDict) {
      obj.delete(METADATA);
      obj.delete(PIECE_INFO);
      for (const value of obj.values()) pending.push(value);
    } else if (obj instanceof PDFArray) {
      for (const value of obj.asArray()) pending.push(value);
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reachable.has(ref)) context.delete(ref);
  }
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
