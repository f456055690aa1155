import { crc32 } from "node:zlib";
import exifr from "exifr";
import { PDFDocument, PDFName } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  ATTACHMENT_LIMITS,
  checkAttachmentLimits,
  sanitiseAttachment,
  type AttachmentProblem,
} from "./attachments.server";

const MiB = 1024 * 1024;

/** A small but non-trivial photo-like image (noise, so encoders have real work). */
function testImage(width = 64, height = 48) {
  return sharp({
    create: { width, height, channels: 3, background: "#c83232", noise: { type: "gaussian", mean: 128, sigma: 30 } },
  });
}

const CAMERA_EXIF = {
  IFD0: { Make: "Acme", Model: "LeakPhone 3000", Artist: "Jane Leaker" },
  // IFD3 is the GPS IFD in libvips' numbering; rationals are written "num/den".
  IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 30/1" },
};

async function sanitisedFile(input: Buffer) {
  const result = await sanitiseAttachment(input);
  if (!result.ok) throw new Error(`expected success, got ${result.problem.code}`);
  return result.file;
}

async function refusal(input: Buffer): Promise<AttachmentProblem> {
  const result = await sanitiseAttachment(input);
  if (result.ok) throw new Error(`expected a refusal, got ${result.file.mediaType}`);
  return result.problem;
}

/** Insert a PNG tEXt chunk right after IHDR (8-byte signature + 25-byte IHDR chunk). */
function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const typeAndData = Buffer.concat([Buffer.from("tEXt", "latin1"), Buffer.from(`${keyword}\0${text}`, "latin1")]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(typeAndData.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), length, typeAndData, crc, png.subarray(afterIhdr)]);
}

describe("sanitiseAttachment: images", () => {
  it("removes GPS and camera EXIF from a JPEG and keeps the picture", async () => {
    const input = await testImage().jpeg().withExif(CAMERA_EXIF).toBuffer();
    // The fixture really carries a location, so this test can fail.
    expect(await exifr.gps(input)).toEqual({ latitude: 51.5, longitude: -0.125 });
    expect(input.includes("LeakPhone 3000")).toBe(true);

    const file = await sanitisedFile(input);

    expect(file).toMatchObject({ mediaType: "image/jpeg", extension: "jpg" });
    expect(await exifr.gps(file.bytes)).toBeUndefined();
    expect(await exifr.parse(file.bytes, true)).toBeUndefined();
    expect(file.bytes.includes("Exif\0\0")).toBe(false);
    expect(file.bytes.includes("LeakPhone 3000")).toBe(false);
    expect(file.bytes.includes("Jane Leaker")).toBe(false);
    const meta = await sharp(file.bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    await expect(sharp(file.bytes).raw().toBuffer()).resolves.toHaveLength(64 * 48 * 3);
  });

  it("applies the EXIF orientation to the pixels before dropping it", async () => {
    // Orientation 6 = "rotate 90° clockwise to display": a 64×48 sensor image shows as 48×64.
    const input = await testImage(64, 48).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);

    const file = await sanitisedFile(input);

    const meta = await sharp(file.bytes).metadata();
    expect(meta).toMatchObject({ width: 48, height: 64 });
    expect(meta.orientation).toBeUndefined();
  });

  it("removes PNG text chunks and EXIF", async () => {
    const png = await testImage().png().withExif(CAMERA_EXIF).toBuffer();
    const input = withPngText(png, "Author", "Jane Leaker");
    expect(input.includes("tEXt")).toBe(true);
    expect(input.includes("Jane Leaker")).toBe(true);
    expect(input.includes("eXIf")).toBe(true);
    expect((await sharp(input).metadata()).format).toBe("png"); // spliced chunk is valid

    const file = await sanitisedFile(input);

    expect(file).toMatchObject({ mediaType: "image/png", extension: "png" });
    for (const marker of ["tEXt", "iTXt", "zTXt", "eXIf", "iCCP", "Jane Leaker", "LeakPhone"]) {
      expect(file.bytes.includes(marker), marker).toBe(false);
    }
    expect(await sharp(file.bytes).metadata()).toMatchObject({ format: "png", width: 64, height: 48 });
  });

  it("re-encodes a WebP as WebP without its EXIF", async () => {
    const input = await testImage().webp().withExif(CAMERA_EXIF).toBuffer();
    // exifr cannot read WebP, so check the RIFF "EXIF" chunk and sharp's view instead.
    expect(input.includes("EXIF")).toBe(true);
    expect((await sharp(input).metadata()).exif).toBeDefined();

    const file = await sanitisedFile(input);

    expect(file).toMatchObject({ mediaType: "image/webp", extension: "webp" });
    expect(file.bytes.includes("EXIF")).toBe(false);
    expect(file.bytes.includes("LeakPhone")).toBe(false);
    const meta = await sharp(file.bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
  });
});

describe("sanitiseAttachment: PDFs", () => {
  async function pdfWithMetadata(useObjectStreams: boolean) {
    const doc = await PDFDocument.create();
    doc.addPage();
    const second = doc.addPage();
    doc.setTitle("Q3 discharge readings (internal)");
    doc.setAuthor("Jane Leaker");
    doc.setSubject("Effluent log");
    doc.setKeywords(["confidential", "plant-7"]);
    doc.setCreator("Acme Office Writer");
    doc.setProducer("Acme PDF Engine 9");
    const xmp = doc.context.stream(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Jane Leaker</dc:creator></x:xmpmeta>',
      { Type: "Metadata", Subtype: "XML" },
    );
    const xmpRef = doc.context.register(xmp);
    doc.catalog.set(PDFName.of("Metadata"), xmpRef);
    second.node.set(PDFName.of("Metadata"), xmpRef);
    second.node.set(PDFName.of("PieceInfo"), doc.context.obj({ AcmeApp: { LastEditedBy: "Jane Leaker" } }));
    return Buffer.from(await doc.save({ useObjectStreams }));
  }

  // With object streams (as most modern writers produce) the Info dictionary is
  // compressed, so the fixture check goes through pdf-lib; without, it is plain text.
  it.each([
    ["plain objects", false],
    ["object streams", true],
  ])("removes document info, XMP and PieceInfo but keeps the pages (%s)", async (_name, useObjectStreams) => {
    const input = await pdfWithMetadata(useObjectStreams);
    expect((await PDFDocument.load(input, { updateMetadata: false })).getAuthor()).toBe("Jane Leaker");
    expect(input.includes("Jane Leaker")).toBe(true); // the XMP stream is stored uncompressed
    if (!useObjectStreams) {
      expect(input.includes("/Author")).toBe(true);
      expect(input.includes("/Metadata")).toBe(true);
    }

    const file = await sanitisedFile(input);

    expect(file).toMatchObject({ mediaType: "application/pdf", extension: "pdf" });
    const text = file.bytes.toString("latin1");
    for (const leak of [
      "Jane Leaker",
      "/Author",
      "/Metadata",
      "/PieceInfo",
      "/Title",
      "/Producer",
      "/Creator",
      "/ModDate",
      "/CreationDate",
      "/Info",
      "/ID",
      "Acme",
      "pdf-lib", // pdf-lib must not stamp its own Producer on save
    ]) {
      expect(text.includes(leak), leak).toBe(false);
    }
    const reloaded = await PDFDocument.load(file.bytes, { updateMetadata: false });
    expect(reloaded.getPageCount()).toBe(2);
    expect(reloaded.getAuthor()).toBeUndefined();
  });

  it("refuses an encrypted PDF, which it could not clean", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: "Standard", V: 1, R: 2 });
    expect(await refusal(Buffer.from(await doc.save()))).toEqual({ code: "unreadable" });
  });

  it("refuses a file that only starts like a PDF", async () => {
    expect(await refusal(Buffer.from("%PDF-1.7\nthis is not really a pdf\n"))).toEqual({ code: "unreadable" });
  });
});

describe("sanitiseAttachment: refusals (only the bytes matter)", () => {
  it("refuses a GIF", async () => {
    const gif = await testImage(8, 8).gif().toBuffer();
    expect(gif.toString("latin1", 0, 6)).toBe("GIF89a");
    expect(await refusal(gif)).toEqual({ code: "unsupported_type" });
  });

  it("refuses an SVG even though sharp could render it", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    expect(await refusal(svg)).toEqual({ code: "unsupported_type" });
  });

  it("refuses a text file whatever it is called (e.g. evidence.jpg)", async () => {
    expect(await refusal(Buffer.from("Meet me at the loading dock at 6.\n"))).toEqual({ code: "unsupported_type" });
  });

  it("refuses random bytes", async () => {
    let seed = 42; // deterministic, so a run cannot start with a magic number by chance
    const noise = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23));
    expect(await refusal(noise)).toEqual({ code: "unsupported_type" });
  });

  it("refuses an empty buffer", async () => {
    expect(await refusal(Buffer.alloc(0))).toEqual({ code: "unsupported_type" });
  });

  it("reports a truncated JPEG as unreadable", async () => {
    const jpeg = await testImage(400, 300).jpeg().toBuffer();
    expect(await refusal(jpeg.subarray(0, jpeg.length >> 1))).toEqual({ code: "unreadable" });
  });
});

describe("checkAttachmentLimits", () => {
  const { maxFileBytes } = ATTACHMENT_LIMITS;
  const cases: [string, number[], { count: number; bytes: number } | undefined, AttachmentProblem | null][] = [
    ["no files", [], undefined, null],
    ["10 small files", Array(10).fill(1024), undefined, null],
    ["11 small files", Array(11).fill(1024), undefined, { code: "too_many_files" }],
    ["a 20 MiB file", [20 * MiB], undefined, null],
    ["a file of 20 MiB + 1 byte, second in the list", [1024, 20 * MiB + 1], undefined, { code: "file_too_large", index: 1 }],
    ["two 20 MiB files (40 MiB)", [maxFileBytes, maxFileBytes], undefined, null],
    ["three 20 MiB files (60 MiB)", [maxFileBytes, maxFileBytes, maxFileBytes], undefined, { code: "total_too_large" }],
    ["exactly 50 MiB in total", [20 * MiB, 20 * MiB, 10 * MiB], undefined, null],
    ["3 new files when 8 are already stored", [1, 1, 1], { count: 8, bytes: 8 }, { code: "too_many_files" }],
    ["2 new files when 8 are already stored", [1, 1], { count: 8, bytes: 8 }, null],
    ["20 MiB new when 40 MiB is already stored", [20 * MiB], { count: 2, bytes: 40 * MiB }, { code: "total_too_large" }],
    ["10 MiB new when 40 MiB is already stored", [10 * MiB], { count: 2, bytes: 40 * MiB }, null],
  ];

  it.each(cases)("%s", (_name, sizes, alreadyStored, expected) => {
    expect(checkAttachmentLimits(sizes, alreadyStored)).toEqual(expected);
  });
});
