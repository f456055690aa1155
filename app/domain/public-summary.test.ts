import { describe, expect, it } from "vitest";
import { findingCode, findPersonalData, idCheckDigitValid, type PersonalDataFinding } from "./public-summary";

// A valid 18-character ID (check digit computed by GB 11643) and one with a wrong check digit.
const ID_OK = "11010519491231002X";
const ID_BAD = "110105194912310021";

const cases: { name: string; text: string; found: PersonalDataFinding[] }[] = [
  { name: "clean Chinese summary", text: "经核查，该企业储罐区可燃气体报警器确被拆除，已责令整改并处罚款五万元。", found: [] },
  { name: "a fine and dates are not phone numbers", text: "处罚款 200000 元，整改期限 2026-10-31，共 3 人被问责。", found: [] },
  { name: "mobile number", text: "联系人电话13812345678，已约谈。", found: [{ kind: "mobile", match: "13812345678" }] },
  { name: "mobile with +86 and spaces", text: "请致电 +86 138 1234 5678。", found: [{ kind: "mobile", match: "+86 138 1234 5678" }] },
  { name: "mobile in full-width digits", text: "电话１３９１２３４５６７８", found: [{ kind: "mobile", match: "13912345678" }] },
  { name: "12-digit number starting 12 is not a mobile", text: "编号 12345678901 号文件", found: [] },
  { name: "landline with hyphen", text: "值班电话 0571-12345678。", found: [{ kind: "landline", match: "0571-12345678" }] },
  { name: "landline with hyphen (real exchange)", text: "值班电话 0571-87654321。", found: [{ kind: "landline", match: "0571-87654321" }] },
  { name: "landline, 3-digit area code, bracketed", text: "电话(010)62345678", found: [{ kind: "landline", match: "(010)62345678" }] },
  { name: "landline, full-width brackets, split number", text: "电话（021）5123 4567", found: [{ kind: "landline", match: "(021)5123 4567" }] },
  { name: "landline with extension", text: "电话 0571-8765 4321-806", found: [{ kind: "landline", match: "0571-8765 4321-806" }] },
  { name: "a date is not a landline", text: "于2026-03-15复查，2026-04-01前完成。", found: [] },
  { name: "landline written together", text: "电话057187654321", found: [{ kind: "landline", match: "057187654321" }] },
  { name: "18-digit ID with valid check digit", text: `当事人身份证号${ID_OK}。`, found: [{ kind: "id_number", match: ID_OK }] },
  { name: "18-digit ID, lower-case x", text: `身份证 ${ID_OK.toLowerCase()}`, found: [{ kind: "id_number", match: ID_OK.toLowerCase() }] },
  { name: "18 digits with a wrong check digit are not an ID", text: `编号${ID_BAD}`, found: [] },
  { name: "unified social credit code is not an ID", text: "统一社会信用代码 91330106MA2AXXXX1Q", found: [] },
  { name: "15-digit legacy ID", text: "旧身份证号 110105491231002", found: [{ kind: "id_number", match: "110105491231002" }] },
  { name: "15 digits without a real birth date are not an ID", text: "案卷号 110105491331002", found: [] },
  { name: "email address", text: "来信请寄 zhang.san@example.com 。", found: [{ kind: "email", match: "zhang.san@example.com" }] },
  { name: "full-width at sign", text: "邮箱 li４＠qq.com", found: [{ kind: "email", match: "li4@qq.com" }] },
  {
    name: "several at once, each named once",
    text: `电话13812345678，邮箱a@b.cn，身份证${ID_OK}`,
    found: [
      { kind: "email", match: "a@b.cn" },
      { kind: "id_number", match: ID_OK },
      { kind: "mobile", match: "13812345678" },
    ],
  },
  { name: "English summary with a phone number", text: "Call the manager on 13912345678 for details.", found: [{ kind: "mobile", match: "13912345678" }] },
];

describe("findPersonalData", () => {
  it.each(cases)("$name", ({ text, found }) => {
    expect(findPersonalData(text)).toEqual(found);
  });
});

describe("idCheckDigitValid", () => {
  it.each([
    [ID_OK, true],
    [ID_BAD, false],
    ["11010519491231002x", true],
    ["1101051949123100", false],
  ])("%s → %s", (id, ok) => expect(idCheckDigitValid(id)).toBe(ok));
});

describe("findingCode", () => {
  it("names the kind and carries the match for the message", () => {
    expect(findingCode({ kind: "mobile", match: "13812345678" })).toBe("errors.publicSummary.mobile|13812345678");
  });
});
