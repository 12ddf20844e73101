import { describe, expect, test } from "bun:test";
import type { SipRequest } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { CALL_LIMIT_REASON, LoadShedder } from "./load-shedder.ts";

const request = (toTag = "", method = "REGISTER", uri = "sip:pbx") => {
  const text = [
    `${method} ${uri} SIP/2.0`,
    "Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-1",
    "From: <sip:300@pbx>;tag=a",
    `To: <sip:300@pbx>${toTag}`,
    "Call-ID: shed-1",
    `CSeq: 1 ${method}`,
    "Max-Forwards: 70",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const parsed = parseDatagram(new TextEncoder().encode(text));
  if (!parsed.ok || parsed.message.kind !== "request") throw new Error("test request");
  return parsed.message as SipRequest;
};
const phone = { protocol: "UDP" as const, address: "127.0.0.1", port: 5060 };
const stranger = { protocol: "UDP" as const, address: "127.0.0.2", port: 5070 };

function shedder(held: { n: number }, calls = { n: 0 }, told: number[] = []) {
  return new LoadShedder({
    onCallRefused: (n, state) => told.push(n, state.limit, state.refused),
    limits: { maxTransactions: 100, maxCalls: 3, retryAfterS: 10 },
    transactions: () => held.n,
    calls: () => calls.n,
    exempt: (r) => r.uri === "sip:110@pbx",
    trusted: (flow) => flow.address === "127.0.0.1",
    random: () => 0.5,
  });
}

const OVERLOADED = { reason: "Service Unavailable", retryAfterS: 15 };
const AT_CALL_LIMIT = { reason: CALL_LIMIT_REASON };

describe("back-pressure", () => {
  test("under the limit everyone is served", () => {
    const s = shedder({ n: 99 });
    expect(s.refuses(request(), stranger)).toBeUndefined();
  });

  test("past it a new request from an unregistered address gets Retry-After 10-20 s", () => {
    const s = shedder({ n: 100 });
    expect(s.refuses(request(), stranger)).toEqual(OVERLOADED);
    expect(s.refused).toBe(1);
  });

  test("registered phones keep room a quarter past the limit; in-dialog requests always pass", () => {
    const held = { n: 120 };
    const s = shedder(held);
    expect(s.refuses(request(), phone)).toBeUndefined();
    held.n = 125;
    expect(s.refuses(request(), phone)).toEqual(OVERLOADED);
    expect(s.refuses(request(";tag=box-1"), stranger)).toBeUndefined();
  });

  test("a tag inside the To URI or its display name is no dialog's", () => {
    const s = shedder({ n: 100 });
    for (const to of ["<sip:300@pbx;tag=1>", '"x;tag=1" <sip:300@pbx>']) {
      const r = request();
      r.headers.set("to", to);
      expect(s.refuses(r, stranger)).toEqual(OVERLOADED);
    }
  });

  test("at the call limit a new INVITE gets 503 without Retry-After from anyone", () => {
    const calls = { n: 3 };
    const told: number[] = [];
    const s = shedder({ n: 0 }, calls, told);
    expect(s.refuses(request("", "INVITE", "sip:301@pbx"), phone)).toEqual(AT_CALL_LIMIT);
    expect(s.callLimit.refused).toBe(1);
    expect(told).toEqual([3, 3, 1]);
    expect(s.callLimit).toEqual({ limit: 3, refused: 1 });
    expect(s.refuses(request(), phone)).toBeUndefined();
    expect(s.refuses(request(";tag=box-1", "INVITE", "sip:301@pbx"), phone)).toBeUndefined();
    calls.n = 2;
    expect(s.refuses(request("", "INVITE", "sip:301@pbx"), phone)).toBeUndefined();
  });

  test("an INVITE the application exempts passes the call limit", () => {
    const s = shedder({ n: 0 }, { n: 50 });
    expect(s.refuses(request("", "INVITE", "sip:110@pbx"), stranger)).toBeUndefined();
    expect(s.callLimit.refused).toBe(0);
  });
});
