import { describe, expect, test } from "bun:test";
import { parseDatagram } from "./parser.ts";
import { serialize } from "./serializer.ts";
import { StreamFramer } from "./stream-framer.ts";
import { parseSipUri } from "./uri.ts";

const register = [
  "REGISTER sip:pbx.local SIP/2.0",
  "Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK776asdhds;rport",
  "Max-Forwards: 70",
  'To: "Alice" <sip:101@pbx.local>',
  "From: <sip:101@pbx.local>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.example.com",
  "CSeq: 314159 REGISTER",
  "Contact: <sip:101@192.168.1.20:5062;transport=udp>;expires=120, <sip:101@10.0.0.7>",
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

describe("parseDatagram", () => {
  test("reads the essentials of a REGISTER", () => {
    const result = parseDatagram(Buffer.from(register));
    expect(result.ok).toBe(true);
    if (!result.ok || result.message.kind !== "request") throw new Error("not a request");
    const message = result.message;
    expect(message.method).toBe("REGISTER");
    expect(message.via?.transport).toBe("UDP");
    expect(message.via?.port).toBe(5062);
    expect(message.via?.params.get("branch")).toBe("z9hG4bK776asdhds");
    expect(message.via?.params.get("rport")).toBe("");
    expect(message.to?.displayName).toBe("Alice");
    expect(message.from?.params.get("tag")).toBe("1928301774");
    expect(message.cseq).toEqual({ seq: 314159, method: "REGISTER" });
    expect(message.headers.getAll("contact")).toHaveLength(2);
  });

  test("unfolds continuation lines and expands compact names", () => {
    const text =
      "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:x@y>\r\n ;tag=9\r\nt: <sip:a@b>\r\ni: c1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";
    const result = parseDatagram(Buffer.from(text));
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.from?.params.get("tag")).toBe("9");
    expect(result.message.callId).toBe("c1");
  });

  test("answers 505 to another SIP version and 400 to a CSeq past 2**31", () => {
    const v7 = parseDatagram(
      Buffer.from(register.replace("pbx.local SIP/2.0", "pbx.local SIP/7.0")),
    );
    expect(!v7.ok && v7.status).toBe(505);
    const big = parseDatagram(
      Buffer.from(register.replace("314159 REGISTER", "2147483648 REGISTER")),
    );
    expect(!big.ok && big.status).toBe(400);
  });

  test("never throws on arbitrary bytes", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const base = Buffer.from(register);
    for (let i = 0; i < 2000; i++) {
      const mutated = Buffer.from(base);
      for (let j = 0; j < 8; j++) mutated[random() % mutated.length] = random() & 0xff;
      expect(() => parseDatagram(mutated.subarray(0, random() % mutated.length))).not.toThrow();
    }
  });

  test("round-trips through the serializer with a correct Content-Length", () => {
    const first = parseDatagram(Buffer.from(register));
    if (!first.ok) throw new Error(first.reason);
    first.message.body = Buffer.from("hello");
    const again = parseDatagram(serialize(first.message));
    if (!again.ok) throw new Error(again.reason);
    expect(Buffer.from(again.message.body).toString()).toBe("hello");
    expect(again.message.headers.get("content-length")).toBe("5");
  });
});

describe("parseSipUri", () => {
  test("IPv6 references and ports (RFC 5118 §4.3, §4.4)", () => {
    const ambiguous = parseSipUri("sip:[2001:db8::10:5070]");
    expect(ambiguous.ok && ambiguous.uri.port).toBeUndefined();
    const explicit = parseSipUri("sip:[2001:db8::10]:5070");
    expect(explicit.ok && explicit.uri.port).toBe(5070);
    expect(parseSipUri("sip:2001:db8::10").ok).toBe(false);
  });

  test("keeps URI headers and unescapes the user", () => {
    const uri = parseSipUri("sip:sips%3Auser%40example.com@example.net;lr?Route=%3Csip:x%3E");
    if (!uri.ok) throw new Error("parse");
    expect(uri.uri.user).toBe("sips:user@example.com");
    expect(uri.uri.headers).toBe("Route=%3Csip:x%3E");
    expect(uri.uri.params.has("lr")).toBe(true);
  });
});

describe("hostile header blocks are 400s that can still be answered", () => {
  const withLine = (line: string) => Buffer.from(register.replace("Max-Forwards: 70", line));
  const cases: [string, Buffer][] = [
    ["a NUL byte in a header", withLine("Subject: a\0b")],
    ["a NUL byte in From", Buffer.from(register.replace("<sip:101@", "<sip:1\x000@"))],
    ["a 60 KB header line", withLine(`X-Junk: ${"a".repeat(60_000)}`)],
    [
      "400 Via headers",
      withLine(
        Array.from({ length: 400 }, (_, i) => `Via: SIP/2.0/UDP 10.0.${i >> 8}.${i & 255}`).join(
          "\r\n",
        ),
      ),
    ],
    [
      "300 header lines",
      withLine(Array.from({ length: 300 }, (_, i) => `X-H${i}: 1`).join("\r\n")),
    ],
    ["an unterminated quote in Contact", withLine('Contact: "bob <sip:bob@192.0.2.1>')],
    [
      "invalid UTF-8 in a display name",
      Buffer.concat([
        Buffer.from(register.split('"Alice"')[0]!),
        Buffer.from([0x22, 0x41, 0xc3, 0x28, 0xff, 0x22]),
        Buffer.from(register.split('"Alice"')[1]!),
      ]),
    ],
  ];
  for (const [name, bytes] of cases) {
    test(name, () => {
      const result = parseDatagram(bytes);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.status).toBe(400);
      expect(result.request?.headers.has("via")).toBe(true);
      // The answer is built from what was kept: never the oversized line.
      expect(result.request?.headers.values.every((v) => v.length <= 8192)).toBe(true);
    });
  }

  test("escaped control characters and UTF-8 in quoted strings stay valid (RFC 4475 §3.1.1.2)", () => {
    const ok = parseDatagram(
      Buffer.from(
        register
          .replace('"Alice"', '"BEL:\\\x07 NUL:\\\x00 Задача"')
          .replace("Max-Forwards: 70", 'Subject: a lone " quote is text here'),
      ),
    );
    expect(ok.ok).toBe(true);
  });
});

describe("StreamFramer", () => {
  test("frames back-to-back messages split across chunks, and answers pings", () => {
    const framer = new StreamFramer();
    const two = Buffer.from(`\r\n\r\n${register}${register}`);
    const events = [...framer.push(two.subarray(0, 100)), ...framer.push(two.subarray(100))];
    expect(events.map((e) => e.kind)).toEqual(["ping", "frame", "frame"]);
  });

  test("breaks a stream without Content-Length or with an endless header", () => {
    const framer = new StreamFramer();
    framer.push(Buffer.from(register.replace("Content-Length: 0\r\n", "")));
    expect(framer.broken).toContain("Content-Length");
    const flood = new StreamFramer({ maxHeaderBytes: 1024, maxBodyBytes: 1024 });
    flood.push(Buffer.alloc(2048, 0x41));
    expect(flood.broken).toBe("header block too large");
  });
});
