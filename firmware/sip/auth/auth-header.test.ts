import { describe, expect, test } from "bun:test";
import { formatAuthHeader, parseAuthHeader, quote } from "./auth-header.ts";

describe("parseAuthHeader", () => {
  test("RFC 3261 §25 style challenge with quoted and bare values", () => {
    const h = parseAuthHeader(
      'Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", ' +
        'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
    );
    expect(h?.scheme).toBe("Digest");
    expect(Object.fromEntries(h!.params)).toEqual({
      realm: "atlanta.com",
      domain: "sip:boxesbybob.com",
      qop: "auth",
      nonce: "f84f1cec41e6cbe5aea9c8e88d359",
      opaque: "",
      stale: "FALSE",
      algorithm: "MD5",
    });
  });

  test("commas and escapes inside quoted strings; names are case-insensitive", () => {
    const h = parseAuthHeader('Digest Realm="a, b \\"c\\" \\\\d",QOP="auth,auth-int"');
    expect(h?.params.get("realm")).toBe('a, b "c" \\d');
    expect(h?.params.get("qop")).toBe("auth,auth-int");
  });

  test("folded lines and blanks around '=' and ','", () => {
    const h = parseAuthHeader('Digest username = "bob" ,\r\n  realm="biloxi.com"\t,,uri="sip:b"');
    expect(Object.fromEntries(h!.params)).toEqual({
      username: "bob",
      realm: "biloxi.com",
      uri: "sip:b",
    });
  });

  test("unquoted nonce with base64 characters (seen from some phones)", () => {
    expect(parseAuthHeader("Digest nonce=7ypf/xlj9XX+wfD==, realm=x")?.params.get("nonce")).toBe(
      "7ypf/xlj9XX+wfD==",
    );
  });

  test("unknown scheme parses as such (RFC 4475 §3.1.2.16 style)", () => {
    const h = parseAuthHeader("NoOneKnowsThisScheme opaque-data=here");
    expect(h?.scheme).toBe("NoOneKnowsThisScheme");
    expect(h?.params.get("opaque-data")).toBe("here");
  });

  test("token68 credentials and a bare scheme", () => {
    expect(parseAuthHeader("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")).toEqual({
      scheme: "Basic",
      params: new Map(),
      token68: "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    });
    expect(parseAuthHeader("Digest")?.params.size).toBe(0);
  });

  const garbage = [
    "",
    "   ",
    '"Digest" realm="x"',
    'Digest realm="unterminated',
    'Digest realm="x" nonce="y"',
    "Digest realm=x, =y",
    "Digest realm x",
    'Digest realm="a", realm="b"',
    'Digest realm="ends in backslash\\',
    "Dig=est realm=x",
    "x".repeat(9000),
  ];
  for (const value of garbage) {
    test(`garbage gives undefined: ${JSON.stringify(value.slice(0, 40))}`, () => {
      expect(parseAuthHeader(value)).toBeUndefined();
    });
  }

  test("never throws on mutated challenges", () => {
    let seed = 99;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const base = 'Digest realm="a, \\"b", nonce=xyz, qop="auth", algorithm=MD5';
    const alphabet = '",=\\ \t\r\naZ09-';
    for (let i = 0; i < 2000; i++) {
      const chars = [...base];
      for (let k = 0; k < 1 + (next() % 5); k++) {
        chars[next() % chars.length] = alphabet[next() % alphabet.length]!;
      }
      const h = parseAuthHeader(chars.join(""));
      if (h !== undefined) expect(h.scheme.length).toBeGreaterThan(0);
    }
  });

  test("linear time on hostile input", () => {
    const hostile = `Digest a=${'"'.padEnd(4000, "\\")}`;
    const start = performance.now();
    for (let i = 0; i < 100; i++) parseAuthHeader(hostile);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe("formatAuthHeader", () => {
  test("quotes values except the bare ones, escaping quotes and backslashes", () => {
    const value = formatAuthHeader(
      "Digest",
      [
        ["realm", 'pbx "main"'],
        ["algorithm", "SHA-256"],
      ],
      new Set(["algorithm"]),
    );
    expect(value).toBe('Digest realm="pbx \\"main\\"", algorithm=SHA-256');
    expect(parseAuthHeader(value)?.params.get("realm")).toBe('pbx "main"');
    expect(quote("a\\b")).toBe('"a\\\\b"');
  });
});
