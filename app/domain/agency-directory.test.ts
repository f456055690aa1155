import { describe, expect, it } from "vitest";
import { translator } from "../i18n/catalogues.server";
import { parseDirectoryCsv, type DirectoryError, type DirectoryReference } from "./agency-directory";
import { describeDirectoryError } from "./agency-directory-errors";

const ref: DirectoryReference = {
  departmentTypes: new Map([
    ["safety_committee", { provincialOnly: false }],
    ["mine_safety", { provincialOnly: true }],
    ["emergency_management", { provincialOnly: false }],
  ]),
  placeLevels: new Map([
    ["000000", "country"],
    ["330000", "province"],
    ["330100", "city"],
    ["330106", "county"],
  ]),
};

const HEADER = "department_type,place_code,name_zh,name_en,inbox_email,active";
const GOOD = "emergency_management,330106,西湖区应急管理局,Xihu Emergency Management Bureau,em.330106@example.org,yes";
const file = (...lines: string[]) => [HEADER, ...lines].join("\r\n") + "\r\n";
const errorsOf = (text: string): DirectoryError[] => {
  const r = parseDirectoryCsv(text, ref);
  return r.ok ? [] : r.errors;
};

describe("parseDirectoryCsv: every error by line and column", () => {
  const cases: { name: string; text: string; errors: DirectoryError[] }[] = [
    { name: "unknown department type", text: file(GOOD.replace("emergency_management", "police")), errors: [{ line: 2, column: "department_type", code: "admin.directory.errors.departmentType", value: "police" }] },
    { name: "empty department type", text: file(GOOD.replace("emergency_management", "")), errors: [{ line: 2, column: "department_type", code: "admin.directory.errors.required", value: "" }] },
    { name: "place code not 6 digits", text: file(GOOD.replace("330106", "33010X")), errors: [{ line: 2, column: "place_code", code: "admin.directory.errors.placeCode", value: "33010X" }] },
    { name: "place code that does not exist", text: file(GOOD.replace("330106", "999999")), errors: [{ line: 2, column: "place_code", code: "admin.directory.errors.placeUnknown", value: "999999" }] },
    {
      name: "provincial-only type at a county",
      text: file(GOOD.replace("emergency_management", "mine_safety")),
      errors: [{ line: 2, column: "place_code", code: "admin.directory.errors.provincialOnly", value: "330106" }],
    },
    { name: "missing Chinese name", text: file(GOOD.replace("西湖区应急管理局", "")), errors: [{ line: 2, column: "name_zh", code: "admin.directory.errors.required", value: "" }] },
    { name: "missing English name", text: file(GOOD.replace("Xihu Emergency Management Bureau", " ")), errors: [{ line: 2, column: "name_en", code: "admin.directory.errors.required", value: "" }] },
    { name: "name too long", text: file(GOOD.replace("西湖区应急管理局", "局".repeat(201))), errors: [{ line: 2, column: "name_zh", code: "admin.directory.errors.tooLong", value: "局".repeat(40) + "…" }] },
    { name: "invalid e-mail", text: file(GOOD.replace("em.330106@example.org", "not-an-address")), errors: [{ line: 2, column: "inbox_email", code: "admin.directory.errors.email", value: "not-an-address" }] },
    { name: "active neither yes nor no", text: file(GOOD.replace(",yes", ",maybe")), errors: [{ line: 2, column: "active", code: "admin.directory.errors.active", value: "maybe" }] },
    {
      name: "the same agency twice",
      text: file(GOOD, GOOD.replace("西湖区应急管理局", "另一个名称")),
      errors: [{ line: 3, column: "place_code", code: "admin.directory.errors.duplicate", value: "2" }],
    },
    { name: "a line with too few columns", text: file(GOOD, "safety_committee,330000"), errors: [{ line: 3, column: null, code: "admin.directory.errors.fieldCount", value: "2" }] },
    { name: "an unclosed quote", text: file(GOOD, 'safety_committee,330000,"浙江省安委办'), errors: [{ line: 3, column: null, code: "admin.directory.errors.malformed" }] },
    { name: "a missing column", text: "department_type,place_code,name_zh,name_en,active\r\n", errors: [{ line: 1, column: "inbox_email", code: "admin.directory.errors.missingColumn" }] },
    {
      name: "an unknown column",
      text: HEADER + ",phone\r\n" + GOOD + ",123\r\n",
      errors: [{ line: 1, column: null, code: "admin.directory.errors.unknownColumn", value: "phone" }],
    },
    { name: "no rows", text: HEADER + "\r\n", errors: [{ line: 1, column: null, code: "admin.directory.errors.noRows" }] },
    { name: "an empty file", text: "", errors: [{ line: 1, column: null, code: "admin.directory.errors.empty" }] },
    {
      name: "several errors on several lines, all listed",
      text: file(GOOD, "police,330000,名称,Name,x@example.org,no", "safety_committee,330000,,Zhejiang office,bad,2"),
      errors: [
        { line: 3, column: "department_type", code: "admin.directory.errors.departmentType", value: "police" },
        { line: 4, column: "name_zh", code: "admin.directory.errors.required", value: "" },
        { line: 4, column: "inbox_email", code: "admin.directory.errors.email", value: "bad" },
        { line: 4, column: "active", code: "admin.directory.errors.active", value: "2" },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(errorsOf(c.text)).toEqual(c.errors);
    });
  }

  it("counts lines as a text editor does: blank lines and quoted line breaks included", () => {
    const text = file('safety_committee,330000,"浙江省\n安委办",Zhejiang office,a@example.org,yes', "", "police,330000,名称,Name,x@example.org,no");
    expect(errorsOf(text)).toEqual([{ line: 5, column: "department_type", code: "admin.directory.errors.departmentType", value: "police" }]);
  });
});

describe("parseDirectoryCsv: what a valid file gives", () => {
  it("reads every spelling of active, the national level written as 0 by a spreadsheet, a BOM, and the export's formula guard", () => {
    const r = parseDirectoryCsv(
      "\uFEFF" +
        file(
          "safety_committee,0,国务院安委会办公室,Office of the State Council Work Safety Committee,Desk@Example.org,TRUE",
          "mine_safety,000000,国家矿山安全监察局,National Mine Safety Administration,mine@example.org,1",
          "mine_safety,330000,浙江矿山安全监察局,Zhejiang Mine Safety,m.330000@example.org,否",
          "emergency_management,330100,'=杭州市应急管理局,'-Hangzhou,em@example.org,no",
        ),
      ref,
    );
    expect(r).toEqual({
      ok: true,
      rows: [
        { line: 2, departmentType: "safety_committee", placeCode: "000000", nameZh: "国务院安委会办公室", nameEn: "Office of the State Council Work Safety Committee", inboxEmail: "desk@example.org", active: true },
        { line: 3, departmentType: "mine_safety", placeCode: "000000", nameZh: "国家矿山安全监察局", nameEn: "National Mine Safety Administration", inboxEmail: "mine@example.org", active: true },
        { line: 4, departmentType: "mine_safety", placeCode: "330000", nameZh: "浙江矿山安全监察局", nameEn: "Zhejiang Mine Safety", inboxEmail: "m.330000@example.org", active: false },
        { line: 5, departmentType: "emergency_management", placeCode: "330100", nameZh: "=杭州市应急管理局", nameEn: "-Hangzhou", inboxEmail: "em@example.org", active: false },
      ],
    });
  });
});

describe("describeDirectoryError: the line, the column and what was typed, in both languages", () => {
  const cases: { error: DirectoryError; zh: string; en: string }[] = [
    {
      error: { line: 7, column: "inbox_email", code: "admin.directory.errors.email", value: "not-an-address" },
      zh: "第 7 行，inbox_email 列：不是有效的邮箱地址。 填写的是：“not-an-address”",
      en: "Line 7, column inbox_email: Not a valid e-mail address. You typed: “not-an-address”",
    },
    {
      error: { line: 3, column: "name_zh", code: "admin.directory.errors.required", value: "" },
      zh: "第 3 行，name_zh 列：必须填写。 填写的是：“（空）”",
      en: "Line 3, column name_zh: Required. You typed: “(empty)”",
    },
    {
      error: { line: 9, column: "place_code", code: "admin.directory.errors.duplicate", value: "4" },
      zh: "第 9 行，place_code 列：与第 4 行的部门类型和地区重复。",
      en: "Line 9, column place_code: The same department type and place as line 4.",
    },
    { error: { line: 2, column: null, code: "admin.directory.errors.malformed" }, zh: "第 2 行：此处不是有效的 CSV（例如引号没有成对）。", en: "Line 2: This is not valid CSV here (for example, an unmatched quote)." },
  ];
  for (const c of cases) {
    it(`${c.error.code} on line ${c.error.line}`, () => {
      expect(describeDirectoryError(translator("zh-CN"), c.error)).toBe(c.zh);
      expect(describeDirectoryError(translator("en"), c.error)).toBe(c.en);
    });
  }

  it("every error code the parser can give has a message in both catalogs", () => {
    const codes = new Set<DirectoryError["code"]>();
    const sample = file(GOOD.replace("emergency_management", "x"), "a,b", GOOD.replace("330106", "1234567").replace(",yes", ",?").replace("em.330106@example.org", "@"));
    for (const text of [sample, "", HEADER + "\r\n", "a\r\n", file('x,"')]) for (const e of errorsOf(text)) codes.add(e.code);
    expect(codes.size).toBeGreaterThan(6);
    for (const code of codes) {
      expect(translator("zh-CN")(code)).not.toBe(code);
      expect(translator("en")(code)).not.toBe(code);
    }
  });
});
