// RFC 5321 (SMTP) and RFC 2045-2049 (MIME): sends mail (QR codes for SPEC EXT-4, later
// voicemail notices) through the SMTP server the admin set. The settings are read on every
// send, so a change in the web UI applies at once.
// nodemailer is loaded with the first mail: most boxes never send one, and the package costs
// about 9 MB of resident memory once loaded.

export interface SmtpSettings {
  host: string;
  port: number;
  /** "tls": TLS from the first byte (465); "starttls": must upgrade (587); "none": plain. */
  security: "none" | "starttls" | "tls";
  username: string;
  password: string;
  from: string;
}

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Uint8Array; cid?: string }[];
}

export type MailResult =
  | { ok: true; value: undefined }
  | { ok: false; error: { code: "unconfigured" | "refused"; field?: string; message: string } };

export class SmtpMailer {
  constructor(private readonly settings: () => SmtpSettings | null) {}

  /** Sends one message; an unreachable or refusing server is an outcome, not a throw. */
  async send(mail: OutgoingMail): Promise<MailResult> {
    const smtp = this.settings();
    if (!smtp || smtp.host === "") {
      return {
        ok: false,
        error: { code: "unconfigured", field: "smtp", message: "no SMTP server is set" },
      };
    }
    const { default: nodemailer } = await import("nodemailer");
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === "tls",
      requireTLS: smtp.security === "starttls",
      ignoreTLS: smtp.security === "none",
      auth: smtp.username ? { user: smtp.username, pass: smtp.password } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      await transport.sendMail({
        from: smtp.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.content),
          cid: a.cid,
        })),
      });
      return { ok: true, value: undefined };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: "refused", message: `mail not sent: ${message}` } };
    } finally {
      transport.close();
    }
  }
}
