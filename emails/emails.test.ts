import { describe, expect, it } from "vitest";
import { FORBIDDEN_FIELD_FRAGMENTS, isForbiddenFieldName, type Locale } from "./fields";
import { checkEmailData, EMAIL_LOCALES, EMAIL_TEMPLATES, EmailDataError, emailSpec, escapeHtml, renderEmail, type EmailData, type EmailTemplate } from "./index";

const ctx = { publicUrl: "https://canary.example.org" };
const REF = "JB2026-0000123";

/** One valid data set per template (the type makes a missing template fail to compile). */
const SAMPLES: { [T in EmailTemplate]: EmailData<T> } = {
  case_assigned: { reference: REF, sectorName: "危险化学品", countyName: "杭州市西湖区", deadline: "2026-03-04" },
  contribution_asked: { reference: REF, sectorName: "危险化学品", countyName: "杭州市西湖区", leadAgencyName: "杭州市西湖区应急管理局" },
  case_disputed: { reference: REF, agencyName: "西湖区应急管理局", disputedOn: "2026-06-01" },
  case_returned: { reference: REF, agencyName: "西湖区应急管理局", returnedOn: "2026-03-02" },
  deadline_reminder: { reference: REF, stage: "conclude", deadline: "2026-05-01", daysLeft: 3 },
  case_overdue_escalation: {
    reference: REF,
    agencyName: "西湖区应急管理局",
    sectorName: "危险化学品",
    countyName: "杭州市西湖区",
    stage: "accept",
    deadline: "2026-03-04",
    daysOverdue: 2,
  },
  extension_requested: { reference: REF, agencyName: "西湖区生态环境分局", currentDeadline: "2026-05-01", requestedDeadline: "2026-05-31", extraDays: 30 },
  extension_decided: { reference: REF, decision: "approved", deadline: "2026-05-31", decidedOn: "2026-04-20" },
  reward_claim_decided: { reference: REF, decision: "approved", amountCny: 3000, decidedOn: "2026-06-01" },
  weekly_digest: { agencyName: "西湖区应急管理局", weekStart: "2026-03-02", weekEnd: "2026-03-08", newCases: 4, openCases: 12, dueSoon: 3, overdue: 1, closed: 5 },
  staff_invitation: { agencyName: "杭州市安委办", role: "triage_officer", token: "tK3x9-Qa_7bLm2Zp0RrS8vWy", expiresOn: "2026-03-11" },
  staff_one_time_password: { oneTimeCode: "k7mp-2xqa-9hcd-4tzw-8ben", setOn: "2026-03-04" },
  tipster_news: {},
};

function render<T extends EmailTemplate>(template: T, locale: Locale, data: EmailData<T> = SAMPLES[template]) {
  return renderEmail(template, locale, data, ctx);
}

describe("email templates", () => {
  for (const template of EMAIL_TEMPLATES) {
    for (const locale of EMAIL_LOCALES) {
      it(`${template} renders in ${locale}`, () => {
        const email = render(template, locale);
        expect(email.subject.trim().length).toBeGreaterThan(0);
        expect(email.subject).not.toMatch(/[\r\n]/);
        expect(email.text.length).toBeGreaterThan(50);
        expect(email.html).toMatch(/^<!DOCTYPE html>/);
        expect(email.html).toContain(`lang="${locale}"`);
        // Every value of the data shows in both parts (dates formatted, codes translated).
        const data = SAMPLES[template] as Record<string, string | number>;
        if ("reference" in data) {
          expect(email.text).toContain(REF);
          expect(email.html).toContain(REF);
          expect(email.subject).toContain(REF);
        }
        for (const [field, value] of Object.entries(data)) {
          if (typeof value === "string" && /Name$/.test(field)) {
            expect(email.text).toContain(value);
            expect(email.html).toContain(escapeHtml(value));
          }
        }
        // No external resources, no scripts, no inline event handlers.
        expect(email.html).not.toMatch(/<script|<link|<img|@import|url\(| on[a-z]+=/i);
        expect(email.html).not.toMatch(/\{[a-zA-Z]+\}|undefined|NaN|\[object/);
        expect(email.text).not.toMatch(/\{[a-zA-Z]+\}|undefined|NaN|\[object/);
        // Only the letters of the locale's language in the prose (no untranslated template).
        if (locale === "en") expect(`${email.subject}\n${email.text}`.replace(/杭州市|西湖区|应急管理局|危险化学品|生态环境分局|安委办/g, "")).not.toMatch(/[\u4e00-\u9fff]/);
        else expect(email.text).toMatch(/[\u4e00-\u9fff]/);
      });
    }
  }

  it("case_assigned carries reference, sector, county, deadline and the link to the case", () => {
    const zh = render("case_assigned", "zh-CN");
    expect(zh.subject).toContain(REF);
    for (const part of [zh.text, zh.html]) {
      expect(part).toContain("危险化学品");
      expect(part).toContain("杭州市西湖区");
      expect(part).toContain("2026年3月4日");
      expect(part).toContain(`https://canary.example.org/staff/cases/${REF}`);
    }
    const en = render("case_assigned", "en");
    expect(en.text).toContain("4 March 2026");
    expect(en.text).toContain("assigned");
  });

  it("case_disputed names the case, the closing agency and the date, and links to the staff case page", () => {
    const zh = render("case_disputed", "zh-CN");
    expect(zh.subject).toContain("异议");
    expect(zh.text).toContain("2026年6月1日");
    expect(zh.text).toContain(`https://canary.example.org/staff/cases/${REF}`);
    const en = render("case_disputed", "en");
    expect(en.subject).toContain("disputes the conclusion");
    expect(en.text).toContain("1 June 2026");
    expect(en.html).toContain(`https://canary.example.org/staff/cases/${REF}`);
  });

  it("staff_invitation links to the invitation page with the token and shows the expiry", () => {
    const en = render("staff_invitation", "en");
    expect(en.text).toContain("https://canary.example.org/staff/invitation/tK3x9-Qa_7bLm2Zp0RrS8vWy");
    expect(en.text).toContain("11 March 2026");
    expect(render("staff_invitation", "zh-CN").text).toContain("受理员");
  });

  it("escapes <script> and quotes in every interpolated value", () => {
    const evil = `<script>alert("x")</script>`;
    const email = render("case_returned", "en", { reference: REF, agencyName: evil, returnedOn: "2026-03-02" });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    // The plain text part is plain: it shows the characters as they are.
    expect(email.text).toContain(evil);
    expect(escapeHtml(`a&b'c\`<>"`)).toBe("a&amp;b&#39;c&#96;&lt;&gt;&quot;");
  });

  it("refuses tip content and tipster details: no template declares such a field, and data carrying one are refused", () => {
    for (const template of EMAIL_TEMPLATES) {
      for (const field of Object.keys(emailSpec(template))) expect(isForbiddenFieldName(field), `${template}.${field}`).toBe(false);
      for (const field of ["description", "content", "contact", "contactPhone", "tipsterEmail", "message", "body", "text", "tip", "summary", "receipt", "attachments", "address"]) {
        const secret = "夜间向河道偷排未经处理的废水 SECRET-TIP-TEXT";
        const data = { ...SAMPLES[template], [field]: secret } as unknown as EmailData<typeof template>;
        expect(() => renderEmail(template, "zh-CN", data, ctx), `${template} + ${field}`).toThrow(EmailDataError);
        expect(() => checkEmailData(template, data)).toThrow(/may not be sent by email/);
      }
    }
    expect(FORBIDDEN_FIELD_FRAGMENTS).toContain("description");
  });

  it("refuses unknown and missing fields and values of the wrong kind", () => {
    const ok = SAMPLES.case_assigned;
    const bad: Array<[string, unknown]> = [
      ["unknown field", { ...ok, extra: "x" }],
      ["missing field", { reference: REF, sectorName: "危险化学品", countyName: "杭州市西湖区" }],
      ["bad reference", { ...ok, reference: "not a reference" }],
      ["bad date", { ...ok, deadline: "2026-02-30" }],
      ["time in a date", { ...ok, deadline: "2026-03-04T10:00:00Z" }],
      ["long name (tip text as a name)", { ...ok, sectorName: "这是一段很长的举报内容，".repeat(10) }],
      ["multi-line name", { ...ok, countyName: "西湖区\n联系电话" }],
      ["phone number in a name", { ...ok, countyName: "西湖区 138 0013 8000" }],
      ["e-mail address in a name", { ...ok, countyName: "a@b.cn" }],
      ["number as a name", { ...ok, sectorName: 12 }],
    ];
    for (const [why, data] of bad) expect(() => checkEmailData("case_assigned", data), why).toThrow(EmailDataError);
    expect(() => checkEmailData("deadline_reminder", { ...SAMPLES.deadline_reminder, daysLeft: -1 })).toThrow(EmailDataError);
    expect(() => checkEmailData("deadline_reminder", { ...SAMPLES.deadline_reminder, daysLeft: 1.5 })).toThrow(EmailDataError);
    expect(() => checkEmailData("extension_decided", { ...SAMPLES.extension_decided, decision: "maybe" })).toThrow(EmailDataError);
    expect(() => checkEmailData("staff_invitation", { ...SAMPLES.staff_invitation, token: "short" })).toThrow(EmailDataError);
    expect(() => renderEmail("nope" as EmailTemplate, "en", SAMPLES.case_assigned, ctx)).toThrow(/unknown email template/);
    expect(() => renderEmail("case_assigned", "fr" as Locale, SAMPLES.case_assigned, ctx)).toThrow(/unknown email locale/);
  });

  it("reads well in both branches of the decision templates", () => {
    const refused = render("reward_claim_decided", "en", { reference: REF, decision: "rejected", amountCny: 0, decidedOn: "2026-06-01" });
    expect(refused.subject).toContain("refused");
    expect(refused.text).not.toContain("CNY");
    expect(render("reward_claim_decided", "zh-CN").text).toContain("3,000 元");
    const kept = render("extension_decided", "zh-CN", { ...SAMPLES.extension_decided, decision: "rejected" });
    expect(kept.subject).toContain("未批准");
    expect(render("deadline_reminder", "en", { ...SAMPLES.deadline_reminder, daysLeft: 1 }).text).toContain("1 day left");
    expect(render("deadline_reminder", "en", { ...SAMPLES.deadline_reminder, daysLeft: 0 }).text).toContain("today");
  });

  it("takes links from PUBLIC_URL by default", () => {
    const before = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://hotline.example.gov.cn/";
    try {
      expect(renderEmail("case_assigned", "en", SAMPLES.case_assigned).text).toContain(`https://hotline.example.gov.cn/staff/cases/${REF}`);
    } finally {
      if (before === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = before;
    }
  });
});
