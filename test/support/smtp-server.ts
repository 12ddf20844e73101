// A tiny SMTP server for tests (RFC 5321): accepts every message on 127.0.0.1 without TLS or
// authentication and keeps it, so a test can check what the box mailed. MIME parts
// (RFC 2045/2046) are split so attachments can be read back.

export interface MimePart {
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
  headers: Record<string, string>;
  parts: MimePart[];
}

export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): void;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): Uint8Array {
  if (encoding?.toLowerCase() === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (encoding?.toLowerCase() === "quoted-printable") {
    const text = body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(text, "latin1");
  }
  return Buffer.from(body, "utf8");
}

/** Splits a multipart message into its leaf parts (nested multiparts are flattened). */
export function mimeParts(headers: Record<string, string>, body: string): MimePart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  if (!boundary) return [{ headers, body: decodeBody(body, headers["content-transfer-encoding"]) }];
  const parts: MimePart[] = [];
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith("--")) break;
    const split = chunk.indexOf("\r\n\r\n");
    const partHeaders = parseHeaders(chunk.slice(2, split));
    parts.push(...mimeParts(partHeaders, chunk.slice(split + 4).replace(/\r\n$/, "")));
  }
  return parts;
}

/** `refuse`: recipients it matches get a 550, as a server without that mailbox answers. */
export function startSmtpServer(options: { refuse?: RegExp } = {}): TestSmtpServer {
  const mails: ReceivedMail[] = [];
  type Session = { buffer: string; from: string; to: string[]; inData: boolean };
  const server = Bun.listen<Session>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(socket) {
        socket.data = { buffer: "", from: "", to: [], inData: false };
        socket.write("220 test-smtp ESMTP ready\r\n");
      },
      data(socket, chunk) {
        const s = socket.data;
        s.buffer += chunk.toString("latin1");
        for (;;) {
          if (s.inData) {
            const end = s.buffer.indexOf("\r\n.\r\n");
            if (end < 0) return;
            const data = s.buffer.slice(0, end).replace(/\r\n\.\./g, "\r\n.");
            s.buffer = s.buffer.slice(end + 5);
            s.inData = false;
            const split = data.indexOf("\r\n\r\n");
            const headers = parseHeaders(data.slice(0, split));
            mails.push({
              from: s.from,
              to: s.to,
              data,
              headers,
              parts: mimeParts(headers, data.slice(split + 4)),
            });
            s.to = [];
            socket.write("250 2.0.0 queued\r\n");
            continue;
          }
          const eol = s.buffer.indexOf("\r\n");
          if (eol < 0) return;
          const line = s.buffer.slice(0, eol);
          s.buffer = s.buffer.slice(eol + 2);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === "EHLO") socket.write("250-test-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
          else if (verb === "HELO") socket.write("250 test-smtp\r\n");
          else if (verb === "MAIL") {
            s.from = /<([^>]*)>/.exec(line)?.[1] ?? "";
            socket.write("250 2.1.0 ok\r\n");
          } else if (verb === "RCPT") {
            const to = /<([^>]*)>/.exec(line)?.[1] ?? "";
            if (options.refuse?.test(to)) {
              socket.write("550 5.1.1 mailbox unavailable\r\n");
              continue;
            }
            s.to.push(to);
            socket.write("250 2.1.5 ok\r\n");
          } else if (verb === "DATA") {
            s.inData = true;
            socket.write("354 end with <CRLF>.<CRLF>\r\n");
          } else if (verb === "QUIT") {
            socket.write("221 2.0.0 bye\r\n");
            socket.end();
            return;
          } else if (verb === "RSET" || verb === "NOOP") socket.write("250 2.0.0 ok\r\n");
          else socket.write("502 5.5.2 not implemented\r\n");
        }
      },
    },
  });
  return {
    port: server.port,
    mails,
    async waitForMails(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${mails.length} of ${count} mails arrived`);
        await Bun.sleep(20);
      }
      return mails;
    },
    stop: () => server.stop(true),
  };
}
