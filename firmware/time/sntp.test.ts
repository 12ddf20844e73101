import { afterEach, describe, expect, test } from "bun:test";
import { type NtpServer, startNtpServer } from "../../test/support/ntp-server.ts";
import { parseServer, queryNtp, readTimestamp, writeTimestamp } from "./sntp.ts";

let servers: NtpServer[] = [];
afterEach(() => {
  for (const s of servers) s.close();
  servers = [];
});
const serve = async (...args: Parameters<typeof startNtpServer>) => {
  const s = await startNtpServer(...args);
  servers.push(s);
  return { host: "127.0.0.1", port: s.port };
};

describe("SNTP over UDP", () => {
  test("a server a day ahead gives an offset of a day, to within the round trip", async () => {
    const result = await queryNtp(await serve(86_400_000), Date.now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Math.abs(result.sample.offsetMs - 86_400_000)).toBeLessThan(50);
    expect(result.sample.delayMs).toBeLessThan(50);
    expect(result.sample.stratum).toBe(2);
  });

  test("a clock that is right gets an offset near zero", async () => {
    const result = await queryNtp(await serve(0), Date.now);
    expect(result.ok && Math.abs(result.sample.offsetMs)).toBeLessThan(50);
  });

  test("answers that are not a synchronised server's, or not to our request, are refused", async () => {
    expect(await queryNtp(await serve(0, "client-mode"), Date.now)).toEqual({
      ok: false,
      error: "not a server's answer",
    });
    expect(await queryNtp(await serve(0, "unsynchronised"), Date.now)).toEqual({
      ok: false,
      error: "server not synchronised",
    });
    // A reply that does not echo our transmit time is ignored: the query runs out.
    expect(await queryNtp(await serve(0, "foreign-originate"), Date.now, 300)).toEqual({
      ok: false,
      error: "no answer",
    });
  });

  test("server names with and without a port; timestamps both ways", () => {
    expect(parseServer("ntp.example.cn")).toEqual({ host: "ntp.example.cn", port: 123 });
    expect(parseServer(" 127.0.0.1:1123 ")).toEqual({ host: "127.0.0.1", port: 1123 });
    expect(parseServer("[::1]:123")).toEqual({ host: "::1", port: 123 });
    expect(parseServer("bad host")).toBeUndefined();
    expect(parseServer("host:70000")).toBeUndefined();
    const view = new DataView(new ArrayBuffer(8));
    writeTimestamp(view, 0, Date.UTC(2026, 11, 5, 12, 0, 0, 250));
    expect(readTimestamp(view, 0)).toBeCloseTo(Date.UTC(2026, 11, 5, 12, 0, 0, 250), 0);
  });
});
