import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import exifr from "exifr";
import { PDFDocument, PDFName, PDFString, StandardFonts, degrees } from "pdf-lib";
import sharp from "sharp";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  ATTACHMENT_LIMITS,
  DECODE_LIMITS,
  DecodeBudget,
  checkAttachmentLimits,
  sanitiseAttachment,
  type AttachmentProblem,
} from "./attachments.server";
import { resetEnvCache } from "./env.server";

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

describe("sanitiseAttachment: animated pictures", () => {
  it("keeps the first frame of an animated WebP, as one still picture", async () => {
    const frame = (colour: string) => sharp({ create: { width: 32, height: 24, channels: 3, background: colour } }).png().toBuffer();
    const animated = await sharp([await frame("#ff0000"), await frame("#00ff00"), await frame("#0000ff")], { join: { animated: true } })
      .webp({ delay: [100, 100, 100] })
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(3);

    const file = await sanitisedFile(animated);

    const meta = await sharp(file.bytes, { pages: -1 }).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 32, height: 24 });
    expect(meta.pages ?? 1).toBe(1);
    const [red, green, blue] = (await sharp(file.bytes).stats()).channels.map((channel) => Math.round(channel.mean));
    expect({ red, green, blue }).toEqual({ red: 255, green: expect.any(Number), blue: expect.any(Number) });
    expect(green! + blue!).toBeLessThan(10);
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

  it("refuses a PDF protected by an opening password, and rasterises one that only restricts printing or copying", async () => {
    const plain = await pdfOfPages([[595.28, 841.89]]);
    const locked = qpdfEncrypt(plain, "open-sesame");
    expect(locked.includes("/Encrypt")).toBe(true);
    expect(await refusal(locked)).toEqual({ code: "password_protected" });

    // An empty opening password: any viewer opens it, so poppler renders it and nothing of it survives.
    const restricted = qpdfEncrypt(plain, "");
    expect(restricted.includes("/Encrypt")).toBe(true);
    const file = await sanitisedFile(restricted);
    expect(file.bytes.includes("/Encrypt")).toBe(false);
    expect((await PDFDocument.load(file.bytes)).getPageCount()).toBe(1);
  });

  it("refuses a file that only starts like a PDF", async () => {
    expect(await refusal(Buffer.from("%PDF-1.7\nthis is not really a pdf\n"))).toEqual({ code: "unreadable" });
  });
});

// ---------------------------------------------------------------- PDFs: nothing of the original survives

const work = mkdtempSync(path.join(tmpdir(), "canary-attachments-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let fileNo = 0;
function onDisk(bytes: Uint8Array): string {
  const file = path.join(work, `f${++fileNo}.pdf`);
  writeFileSync(file, bytes);
  return file;
}
/** exiftool's view of a file, every tag with its group (as an investigator would run it). */
const exiftool = (bytes: Uint8Array) => execFileSync("exiftool", ["-json", "-a", "-G1", "-ee", onDisk(bytes)]).toString("utf8");
/** The whole object graph as text: object streams unpacked, Flate streams decompressed. */
/** A PDF's text with every stream's data left out (dictionaries, trailer and xref stay). */
function withoutStreamData(pdf: string): string {
  // "(?<!end)": the keyword stream, not the tail of an endstream.
  return pdf.replace(/(?<!end)stream\r?\n[\s\S]*?endstream/g, "stream endstream");
}
function qpdfDump(bytes: Uint8Array): string {
  const run = spawnSync("qpdf", ["--qdf", "--object-streams=disable", onDisk(bytes), "-"], { maxBuffer: 256 * 1024 * 1024 });
  expect(run.status, run.stderr.toString("utf8")).toBeOneOf([0, 3]); // 3: written, with warnings
  return run.stdout.toString("latin1");
}
function qpdfEncrypt(bytes: Uint8Array, userPassword: string): Buffer {
  const out = path.join(work, `enc${++fileNo}.pdf`);
  execFileSync("qpdf", ["--encrypt", userPassword, "owner-secret", "256", "--print=none", "--extract=n", "--", onDisk(bytes), out]);
  return readFileSync(out);
}
/** The images inside a PDF, extracted as the files they were embedded from. */
function embeddedJpegs(bytes: Uint8Array): Buffer[] {
  const dir = mkdtempSync(path.join(work, "images-"));
  execFileSync("pdfimages", ["-j", onDisk(bytes), path.join(dir, "img")]);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jpg"))
    .map((name) => readFileSync(path.join(dir, name)));
}
/** One page as a viewer shows it, grey, 50 dpi. */
async function rendered(bytes: Uint8Array, page: number) {
  const png = execFileSync("pdftoppm", ["-f", String(page), "-l", String(page), "-r", "50", "-gray", "-png", "-cropbox", onDisk(bytes)]);
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
const darkPixels = (grey: Buffer) => grey.reduce((n, v) => n + (v < 128 ? 1 : 0), 0);

async function pdfOfPages(sizes: [number, number][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const size of sizes) doc.addPage(size);
  return Buffer.from(await doc.save());
}

/** Everything the issue found surviving the old sanitiser, each with a string we can look for. */
const MARKER = {
  annotationAuthor: "Zhang San Annotator",
  annotationText: "meet at the east gate secretly",
  fieldName: "tipster_id_number",
  fieldValue: "330102199001011234",
  outlineTitle: "C:/Users/zhangsan/secret.pdf",
  uri: "https://leak.example/zhangsan",
  embeddedName: "zhangsan-notes.txt",
  embeddedContent: "embedded secret content 7391",
  openActionJs: "var zhangsanOpens = 1;",
  namedJs: "var zhangsanNamed = 2;",
  pageOpenJs: "var zhangsanPageOpens = 3;",
  trailerInfoAuthor: "Zhang San Trailer",
  catalogInfoAuthor: "Zhang San Catalogue",
  xmpCreator: "zhangsan-xmp-creator",
  photoArtist: "Zhang San Camera",
  photoCamera: "LeakPhone 3000",
} as const;
const PAGE_SIZES: [number, number][] = [
  [595.28, 841.89], // A4 portrait: the letter
  [792, 612], // US Letter landscape: the photo
];

async function hostilePdf(): Promise<{ pdf: Buffer; photo: Buffer }> {
  const doc = await PDFDocument.create();
  const { context } = doc;
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const letter = doc.addPage(PAGE_SIZES[0]);
  letter.drawText("NOTICE OF DISCHARGE", { x: 60, y: 740, size: 36, font });
  letter.drawText("Plant 7 released effluent into the river at night.", { x: 60, y: 690, size: 16, font });

  const photo = await sharp({ create: { width: 240, height: 180, channels: 3, background: "#2a6", noise: { type: "gaussian", mean: 120, sigma: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: "Acme", Model: MARKER.photoCamera, Artist: MARKER.photoArtist }, IFD3: CAMERA_EXIF.IFD3 })
    .toBuffer();
  const photoPage = doc.addPage(PAGE_SIZES[1]);
  photoPage.drawImage(await doc.embedJpg(photo), { x: 36, y: 36, width: 720, height: 540 });

  // A sticky note with its author, a link, and a filled-in form field (its widget on the letter).
  const letterRef = letter.ref;
  const note = context.register(
    context.obj({ Type: "Annot", Subtype: "Text", Rect: [400, 500, 420, 520], T: PDFString.of(MARKER.annotationAuthor), Contents: PDFString.of(MARKER.annotationText), P: letterRef }),
  );
  const link = context.register(
    context.obj({ Type: "Annot", Subtype: "Link", Rect: [60, 600, 300, 620], Border: [0, 0, 0], A: { S: "URI", URI: PDFString.of(MARKER.uri) } }),
  );
  const field = context.register(
    context.obj({ Type: "Annot", Subtype: "Widget", FT: "Tx", DA: PDFString.of("/Helv 10 Tf 0 g"), Rect: [60, 400, 300, 420], T: PDFString.of(MARKER.fieldName), V: PDFString.of(MARKER.fieldValue), P: letterRef }),
  );
  letter.node.set(PDFName.of("Annots"), context.obj([note, link, field]));
  letter.node.set(PDFName.of("AA"), context.obj({ O: { S: "JavaScript", JS: PDFString.of(MARKER.pageOpenJs) } }));
  doc.catalog.set(PDFName.of("AcroForm"), context.obj({ Fields: [field] }));

  // An outline (bookmark) whose title is the author's file path.
  const outlines = context.nextRef();
  const entry = context.register(context.obj({ Title: PDFString.of(MARKER.outlineTitle), Parent: outlines, Dest: [letterRef, PDFName.of("Fit")] }));
  context.assign(outlines, context.obj({ Type: "Outlines", First: entry, Last: entry, Count: 1 }));
  doc.catalog.set(PDFName.of("Outlines"), outlines);

  // An embedded file, document JavaScript (named, and run on opening).
  const embedded = context.register(context.stream(MARKER.embeddedContent, { Type: "EmbeddedFile" }));
  const fileSpec = context.register(context.obj({ Type: "Filespec", F: PDFString.of(MARKER.embeddedName), UF: PDFString.of(MARKER.embeddedName), EF: { F: embedded } }));
  const namedScript = context.register(context.obj({ S: "JavaScript", JS: PDFString.of(MARKER.namedJs) }));
  doc.catalog.set(
    PDFName.of("Names"),
    context.obj({ EmbeddedFiles: { Names: [PDFString.of(MARKER.embeddedName), fileSpec] }, JavaScript: { Names: [PDFString.of("init"), namedScript] } }),
  );
  doc.catalog.set(PDFName.of("OpenAction"), context.obj({ S: "JavaScript", JS: PDFString.of(MARKER.openActionJs) }));

  // Info in the trailer, another reached from the catalogue, and XMP.
  doc.setAuthor(MARKER.trailerInfoAuthor);
  doc.setCreator("Acme Office Writer");
  doc.catalog.set(PDFName.of("Info"), context.register(context.obj({ Author: PDFString.of(MARKER.catalogInfoAuthor) })));
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>${MARKER.xmpCreator}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  doc.catalog.set(PDFName.of("Metadata"), context.register(context.stream(xmp, { Type: "Metadata", Subtype: "XML" })));

  return { pdf: Buffer.from(await doc.save({ useObjectStreams: true })), photo };
}

/** Structure that must not exist in a stored PDF (beyond pages, page images and their content streams). */
const FORBIDDEN_STRUCTURE = ["/Annots", "/AcroForm", "/Outlines", "/EmbeddedFiles", "/JavaScript", "/JS", "/OpenAction", "/AA", "/URI", "/Names", "/Metadata", "/Info", "/Author", "/Creator", "/Producer", "/Font", "Exif"];

describe("sanitiseAttachment: a PDF keeps nothing of the original but its pages' pixels", () => {
  it("drops annotations, form values, outlines, links, embedded files, JavaScript, Info (trailer and catalogue), XMP and the photo's EXIF GPS", async () => {
    const { pdf, photo } = await hostilePdf();

    // The fixture is hostile: every marker is really in it, where tools look.
    expect(await exifr.gps(photo)).toEqual({ latitude: 51.5, longitude: -0.125 });
    const inputImages = embeddedJpegs(pdf);
    expect(inputImages).toHaveLength(1);
    expect(await exifr.gps(inputImages[0]!)).toEqual({ latitude: 51.5, longitude: -0.125 });
    const inputDump = qpdfDump(pdf);
    const inputTags = exiftool(pdf);
    // pdf-lib writes the trailer's Info strings as UTF-16 hex, which exiftool decodes.
    for (const marker of Object.values(MARKER)) {
      expect(inputDump.includes(marker) || inputImages[0]!.includes(marker) || inputTags.includes(marker), marker).toBe(true);
    }
    for (const name of FORBIDDEN_STRUCTURE) expect(inputDump.includes(name), name).toBe(true);
    expect(inputTags).toContain(MARKER.trailerInfoAuthor);
    expect(inputTags).toContain(MARKER.xmpCreator);
    expect(inputTags).toMatch(/"XMP-dc:Creator"/);

    const file = await sanitisedFile(pdf);

    expect(file).toMatchObject({ mediaType: "application/pdf", extension: "pdf" });
    const dump = qpdfDump(file.bytes);
    const raw = file.bytes.toString("latin1");
    for (const marker of [...Object.values(MARKER), "zhangsan", "Zhang San", "Acme", "pdf-lib"]) {
      expect(dump.includes(marker), marker).toBe(false);
      expect(raw.includes(marker), marker).toBe(false);
    }
    // Names of structure are looked for outside the streams: the pages' JPEG bytes are random
    // enough to hold "/JS" or "/AA" by chance (about once in 60 runs), which is no structure.
    // "Exif" (an APP1 segment inside a JPEG stream) is looked for everywhere.
    const structure = withoutStreamData(dump);
    for (const name of FORBIDDEN_STRUCTURE) expect((name === "Exif" ? dump : structure).includes(name), name).toBe(false);
    expect(withoutStreamData(raw).includes("/ID"), "trailer /ID").toBe(false);
    // exiftool sees a bare PDF: no author, creator, producer, dates, XMP, GPS, camera.
    const tags = Object.keys(JSON.parse(exiftool(file.bytes))[0] as object).filter((tag) => !tag.startsWith("System:") && !tag.startsWith("ExifTool:") && !tag.startsWith("File:"));
    expect(tags.sort()).toEqual(["PDF:Linearized", "PDF:PDFVersion", "PDF:PageCount", "SourceFile"]);
    // Each page is one fresh JPEG with no EXIF at all.
    const images = embeddedJpegs(file.bytes);
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(await exifr.parse(image, true)).toBeUndefined();
      expect((await sharp(image).metadata()).exif).toBeUndefined();
    }
  });

  it("keeps the number of pages, their sizes, and what they show (the letter's text stays legible)", async () => {
    const { pdf } = await hostilePdf();

    const file = await sanitisedFile(pdf);

    const output = await PDFDocument.load(file.bytes);
    expect(output.getPages().map((page) => [page.getWidth(), page.getHeight()])).toEqual(PAGE_SIZES);
    // No text layer is left: the words are pixels now (the ADR's trade-off).
    expect(execFileSync("pdftotext", [onDisk(file.bytes), "-"]).toString("utf8").trim()).toBe("");
    expect(execFileSync("pdftotext", [onDisk(pdf), "-"]).toString("utf8")).toContain("NOTICE OF DISCHARGE");
    for (const page of [1, 2]) {
      const before = await rendered(pdf, page);
      const after = await rendered(file.bytes, page);
      expect([after.width, after.height]).toEqual([before.width, before.height]);
      // Not blank, and the same picture: the ink is where it was, within JPEG noise.
      expect(darkPixels(after.data)).toBeGreaterThan(page === 1 ? 500 : 5000);
      expect(darkPixels(after.data) / darkPixels(before.data)).toBeGreaterThan(0.9);
      expect(darkPixels(after.data) / darkPixels(before.data)).toBeLessThan(1.1);
      const meanDifference = before.data.reduce((sum, v, i) => sum + Math.abs(v - after.data[i]!), 0) / before.data.length;
      // Measured: 2.4 grey levels on the letter; the photo page is pure noise, which resampling
      // and JPEG change pixel by pixel (11.7) while it looks the same.
      expect(meanDifference).toBeLessThan(page === 1 ? 4 : 15);
    }
  });

  it("keeps the Chinese text of a PDF that does not embed its font (the server has a Chinese font)", async () => {
    // Word processors often leave 宋体 out of the file; poppler then needs a Chinese font of its own,
    // or it draws identical empty boxes and the words are lost. 一 is one stroke, 举报信 are many.
    async function simSunLine(utf16Hex: string) {
      const doc = await PDFDocument.create();
      const { context } = doc;
      const page = doc.addPage([595.28, 841.89]);
      const descriptor = context.obj({ Type: "FontDescriptor", FontName: "SimSun", Flags: 6, FontBBox: [0, -141, 1000, 859], ItalicAngle: 0, Ascent: 859, Descent: -141, CapHeight: 683, StemV: 80 });
      const cidFont = context.obj({
        Type: "Font",
        Subtype: "CIDFontType2",
        BaseFont: "SimSun",
        CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("GB1"), Supplement: 2 },
        FontDescriptor: context.register(descriptor),
        DW: 1000,
      });
      const font = context.obj({ Type: "Font", Subtype: "Type0", BaseFont: "SimSun", Encoding: "UniGB-UCS2-H", DescendantFonts: [context.register(cidFont)] });
      page.node.set(PDFName.of("Resources"), context.obj({ Font: { F1: context.register(font) } }));
      page.node.set(PDFName.of("Contents"), context.register(context.stream(`BT /F1 72 Tf 50 600 Td <${utf16Hex}> Tj ET\n`)));
      return Buffer.from(await doc.save());
    }
    const report = await sanitisedFile(await simSunLine("4E3E62A54FE1")); // 举报信
    const ones = await sanitisedFile(await simSunLine("4E004E004E00")); // 一一一
    const reportInk = darkPixels((await rendered(report.bytes, 1)).data);
    const onesInk = darkPixels((await rendered(ones.bytes, 1)).data);
    expect(reportInk).toBeGreaterThan(3 * onesInk);
  });

  it("shows a rotated or cropped page as a viewer does", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([600, 800]).setRotation(degrees(90));
    doc.addPage([600, 800]).setCropBox(0, 0, 300, 400);
    const file = await sanitisedFile(Buffer.from(await doc.save()));
    const pages = (await PDFDocument.load(file.bytes)).getPages();
    expect(pages.map((page) => [page.getWidth(), page.getHeight(), page.getRotation().angle])).toEqual([
      [800, 600, 0],
      [300, 400, 0],
    ]);
  });

  it("renders a huge page (a site plan) at a lower resolution instead of allocating gigapixels", async () => {
    const plan = await pdfOfPages([[14400, 14400]]); // 200 × 200 inches, the largest page PDF allows
    const file = await sanitisedFile(plan);
    const [image] = embeddedJpegs(file.bytes);
    const { width, height } = await sharp(image!).metadata();
    expect(width! * height!).toBeLessThanOrEqual(DECODE_LIMITS.pdfPageMaxPixels * 1.01);
    expect((await PDFDocument.load(file.bytes)).getPage(0).getSize()).toEqual({ width: 14400, height: 14400 });
  });

  it("refuses more than 50 pages before rendering any", async () => {
    const started = Date.now();
    expect(await refusal(await pdfOfPages(Array(51).fill([595.28, 841.89])))).toEqual({ code: "too_many_pages" });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("refuses a PDF when poppler-utils is missing, with a log line saying so, and never stores the original", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    process.env.POPPLER_DIR = path.join(work, "no-poppler-here");
    resetEnvCache();
    try {
      expect(await refusal(await pdfOfPages([[595.28, 841.89]]))).toEqual({ code: "pdf_unavailable" });
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/PDF uploads are refused: .*pdfinfo is missing.*poppler-utils/));
    } finally {
      delete process.env.POPPLER_DIR;
      resetEnvCache();
      errors.mockRestore();
    }
  });
});

describe("sanitiseAttachment: decoding is bounded per file and per request", () => {
  /** A PNG of width × height one-bit grey pixels, all zero: a few kB on disk, width × height bytes once decoded. */
  function bombPng(width: number, height: number): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(typeAndData));
      return Buffer.concat([length, typeAndData, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
    const row = Buffer.alloc(1 + Math.ceil(width / 8)); // filter byte + pixels
    const deflater = deflateSync(Buffer.concat(Array(height).fill(row)));
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflater), chunk("IEND", Buffer.alloc(0))]);
  }

  it("refuses a decompression bomb (20000 × 20000 PNG of one colour) at once, from its header", async () => {
    const bomb = bombPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ format: "png", width: 20_000, height: 20_000 });
    const started = Date.now();
    expect(await refusal(bomb)).toEqual({ code: "image_too_large" });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("refuses a picture just over 50 megapixels", async () => {
    expect(await refusal(bombPng(7100, 7100))).toEqual({ code: "image_too_large" });
  });

  it("stops a PDF page that would take minutes to render (nested drawings) within the time left", async () => {
    // Form XObjects nested 4 deep, each drawing the next 10 times: 10,000 full-page fills from a 3 kB file.
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const { context } = doc;
    let form = context.register(context.stream("0 0 595 842 re f\n", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 595, 842] }));
    for (let level = 0; level < 4; level++) {
      const draws = "q 0.999 0 0 0.999 0.1 0.1 cm /X Do Q\n".repeat(10);
      form = context.register(context.stream(draws, { Type: "XObject", Subtype: "Form", BBox: [0, 0, 595, 842], Resources: { XObject: { X: form } } }));
    }
    page.node.set(PDFName.of("Resources"), context.obj({ XObject: { X: form } }));
    page.node.set(PDFName.of("Contents"), context.register(context.stream("/X Do\n")));
    const slow = Buffer.from(await doc.save());
    expect(slow.length).toBeLessThan(10_000);

    const started = Date.now();
    const result = await sanitiseAttachment(slow, new DecodeBudget({ ...DECODE_LIMITS, requestSeconds: 2 }));
    expect(result).toEqual({ ok: false, problem: { code: "too_much_work" } });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("shares one budget of pages, pixels and time between all files of a request", async () => {
    const twoPages = await pdfOfPages([
      [595.28, 841.89],
      [595.28, 841.89],
    ]);
    const pages = new DecodeBudget({ requestPages: 3, requestPixels: 1e9, requestSeconds: 60 });
    expect((await sanitiseAttachment(twoPages, pages)).ok).toBe(true);
    expect(await sanitiseAttachment(twoPages, pages)).toEqual({ ok: false, problem: { code: "too_much_work" } });

    const photo = await testImage(64, 48).jpeg().toBuffer();
    const pixels = new DecodeBudget({ requestPages: 100, requestPixels: 64 * 48 * 1.5, requestSeconds: 60 });
    expect((await sanitiseAttachment(photo, pixels)).ok).toBe(true);
    expect(await sanitiseAttachment(photo, pixels)).toEqual({ ok: false, problem: { code: "too_much_work" } });

    const spent = new DecodeBudget({ requestPages: 100, requestPixels: 1e9, requestSeconds: 0 });
    expect(await sanitiseAttachment(photo, spent)).toEqual({ ok: false, problem: { code: "too_much_work" } });
    expect(await sanitiseAttachment(twoPages, spent)).toEqual({ ok: false, problem: { code: "too_much_work" } });
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
