import { afterEach, describe, expect, test } from "bun:test";
import { startSmtpServer, type TestSmtpServer } from "../../test/support/smtp-server.ts";
import { SmtpMailer, type SmtpSettings } from "./smtp-mailer.ts";

let server: TestSmtpServer | undefined;
afterEach(() => server?.stop());

const settingsFor = (port: number): SmtpSettings => ({
  host: "127.0.0.1",
  port,
  security: "none",
  username: "",
  password: "",
  from: "pbx@example.com",
});

describe("SmtpMailer", () => {
  test("delivers a message with its attachment to the SMTP server", async () => {
    server = startSmtpServer();
    const mailer = new SmtpMailer(() => settingsFor(server!.port));
    const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 255]);
    const result = await mailer.send({
      to: ["front@example.com"],
      subject: "分机 100 的二维码",
      text: "hello",
      attachments: [{ filename: "qr-100.png", contentType: "image/png", content: image }],
    });
    expect(result).toEqual({ ok: true, value: undefined });
    const [mail] = await server.waitForMails(1);
    expect(mail!.from).toBe("pbx@example.com");
    expect(mail!.to).toEqual(["front@example.com"]);
    const png = mail!.parts.find((p) => p.headers["content-type"]?.startsWith("image/png"));
    expect(png?.headers["content-disposition"]).toContain("qr-100.png");
    expect([...png!.body]).toEqual([...image]);
  });

  test("no server set, or one that does not answer, is an outcome rather than a throw", async () => {
    expect(
      (
        await new SmtpMailer(() => null).send({
          to: ["a@b.c"],
          subject: "",
          text: "",
          attachments: [],
        })
      ).ok,
    ).toBe(false);
    const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = closed.port;
    closed.stop(true);
    const result = await new SmtpMailer(() => settingsFor(port)).send({
      to: ["a@b.c"],
      subject: "x",
      text: "x",
      attachments: [],
    });
    expect(result).toMatchObject({ ok: false, error: { code: "refused" } });
  });
});
