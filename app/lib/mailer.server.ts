import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { demoMode } from "./env.server";

/**
 * Outgoing mail. With `SMTP_URL` (e.g. smtp://127.0.0.1:2525, smtps://user:pass@host:465)
 * messages go to that server. Without it, nothing leaves the machine: each message is written
 * as an .eml file to `DATA_DIR/outbox/` (open it with any mail program) and one line
 * "mail captured: <path>" is logged — never the content.
 *
 * The sender is `MAIL_FROM` (default "Canary <no-reply@canary.invalid>").
 *
 * Configuration is read when the first message is sent (tests set the environment first;
 * `resetMailer()` forgets it).
 */

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per queued job, so a retry of the same job carries the same Message-ID. */
  messageId: string;
};

export type SendResult = { via: "smtp"; response: string } | { via: "outbox"; path: string };

export const DEFAULT_MAIL_FROM = "Canary <no-reply@canary.invalid>";

type Mailer = { send: (mail: OutgoingMail) => Promise<SendResult>; close: () => void };

let current: Mailer | undefined;

export function mailFrom(): string {
  return process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
}

/** The domain for Message-IDs: the From address's domain. */
export function messageIdDomain(): string {
  const from = mailFrom();
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return m?.[1]?.toLowerCase() ?? "canary.invalid";
}

const COMMON_HEADERS = {
  // RFC 3834: an automatic message; auto-responders should not answer.
  "Auto-Submitted": "auto-generated",
  "X-Auto-Response-Suppress": "All",
};

function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    // Fail fast when the server is unreachable or stalls; the job queue retries with backoff.
    connectionTimeout: Number(process.env.SMTP_CONNECTION_TIMEOUT_MS ?? 10_000),
    greetingTimeout: Number(process.env.SMTP_GREETING_TIMEOUT_MS ?? 10_000),
    socketTimeout: Number(process.env.SMTP_SOCKET_TIMEOUT_MS ?? 30_000),
    // Nodemailer logs nothing unless asked (it would log addresses).
    logger: false,
  });
  return {
    send: async (mail) => {
      const info = await transport.sendMail({
        from: mailFrom(),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: COMMON_HEADERS,
      });
      return { via: "smtp", response: String(info.response ?? "") };
    },
    close: () => transport.close(),
  };
}

function outboxMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    send: async (mail) => {
      const info = await transport.sendMail({
        from: mailFrom(),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: COMMON_HEADERS,
      });
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Named after the Message-ID: a retried job overwrites its own file instead of adding one.
      const name = mail.messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._-]/g, "_") + ".eml";
      const file = path.join(dir, name);
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, info.message as Buffer, { mode: 0o600 });
      fs.renameSync(tmp, file);
      console.log(`mail captured: ${file}`);
      return { via: "outbox", path: file };
    },
    close: () => transport.close(),
  };
}

function mailer(): Mailer {
  if (current) return current;
  const url = process.env.SMTP_URL?.trim();
  if (url) {
    current = smtpMailer(url);
  } else {
    if (process.env.NODE_ENV === "production" && process.env.MAIL_CAPTURE !== "1" && !demoMode()) {
      throw new Error("SMTP_URL is not set: production does not write mail to the outbox folder (set MAIL_CAPTURE=1 to allow it)");
    }
    current = outboxMailer(path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "outbox"));
  }
  return current;
}

export async function sendMail(mail: OutgoingMail): Promise<SendResult> {
  return mailer().send(mail);
}

/** Where mail goes now: for start-up logs. */
export function mailDestination(): string {
  const url = process.env.SMTP_URL?.trim();
  if (url) {
    try {
      const u = new URL(url);
      return `${u.protocol}//${u.host}`; // never the credentials
    } catch {
      return "SMTP (unparsable SMTP_URL)";
    }
  }
  return `outbox folder ${path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "outbox")}`;
}

/** Closes the transport and forgets the configuration (tests change SMTP_URL between files). */
export function resetMailer() {
  current?.close();
  current = undefined;
}
