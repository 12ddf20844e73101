import { describe, expect, test } from "bun:test";
import { berElement, berFrame, berInteger, berText } from "./ber-reader.ts";
import { berInt, berString, berTlv } from "./ber-writer.ts";
import { decodeMessage } from "./ldap-message.ts";
import { LdapSession } from "./ldap-session.ts";
import { bindPdu, f, searchPdu } from "./ldap-test-pdus.ts";

// A seeded generator so a failure names the seed that found it.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const backend = {
  entries: () => [],
  sipPassword: () => undefined,
  isBanned: () => false,
  bindFailed: () => {},
};

describe("BER codec", () => {
  test("integers round-trip through the fewest octets", () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 2 ** 31 - 1, -1, -128, -129, -65536]) {
      const encoded = berInt(n);
      expect(berInteger(berElement(encoded))).toBe(n);
    }
    expect([...berInt(128)]).toEqual([0x02, 0x02, 0x00, 0x80]);
    expect([...berInt(-1)]).toEqual([0x02, 0x01, 0xff]);
  });

  test("long lengths use the long form and read back", () => {
    const text = "电话".repeat(200);
    const encoded = berString(text);
    expect(encoded[1]).toBe(0x82);
    expect(berText(berElement(encoded))).toBe(text);
    expect(berFrame(berTlv(0x04, new Uint8Array(70000)))).toEqual({
      kind: "complete",
      headerLength: 6,
      length: 70000,
    });
  });

  test("indefinite lengths and high tag numbers are invalid, short input incomplete", () => {
    expect(berFrame(Uint8Array.of(0x30, 0x80))).toEqual({ kind: "invalid" });
    expect(berFrame(Uint8Array.of(0x1f, 0x01))).toEqual({ kind: "invalid" });
    expect(berFrame(Uint8Array.of(0x30))).toEqual({ kind: "incomplete" });
    expect(berFrame(Uint8Array.of(0x30, 0x82, 0x01))).toEqual({ kind: "incomplete" });
  });
});

describe("fuzz: arbitrary bytes never throw", () => {
  test("random buffers: decodeMessage returns undefined or a message", () => {
    const next = random(1);
    for (let i = 0; i < 20000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 64) }, () =>
        Math.floor(next() * 256),
      );
      if (next() < 0.5) bytes[0] = 0x30;
      expect(() => decodeMessage(bytes)).not.toThrow();
    }
  });

  test("mutated and truncated real requests: decoding and sessions never throw", () => {
    const next = random(7);
    const samples = [
      bindPdu(1, "uid=101,dc=pbx", "secret"),
      searchPdu(2, f.or(f.sub("cn", "*zh*"), f.sub("telephoneNumber", "*138*")), {
        attributes: ["cn", "telephoneNumber"],
      }),
      searchPdu(3, f.and(f.present("objectClass"), f.not(f.eq("cn", "x")))),
    ];
    for (let i = 0; i < 20000; i++) {
      const sample = samples[i % samples.length]!;
      const bytes = Uint8Array.from(sample);
      const flips = 1 + Math.floor(next() * 4);
      for (let k = 0; k < flips; k++)
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const cut = next() < 0.3 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
      expect(() => decodeMessage(cut)).not.toThrow();
      const session = new LdapSession(backend, "127.0.0.1");
      const out = session.receive(cut);
      // Whatever came in, the answer is whole PDUs: each one frames completely.
      for (const pdu of out.send) expect(berFrame(pdu).kind).toBe("complete");
    }
  });

  test("a malformed PDU closes the session with a Notice of Disconnection", () => {
    const session = new LdapSession(backend, "127.0.0.1");
    const out = session.receive(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01));
    expect(out.close).toBe(true);
    expect(new TextDecoder().decode(out.send[0])).toContain("1.3.6.1.4.1.1466.20036");
  });

  test("a PDU announcing more than 64 KiB is refused before it arrives", () => {
    const session = new LdapSession(backend, "127.0.0.1");
    const out = session.receive(Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff));
    expect(out.close).toBe(true);
  });
});
