import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import {
  acceptedSessionExpires,
  answerSessionExpires,
  parseSessionExpires,
  SessionTimer,
} from "./session-timer.ts";

function timer() {
  const clock = new ManualClock();
  const fired: string[] = [];
  const session = new SessionTimer(clock, {
    refresh: () => fired.push(`refresh@${clock.now() - 1_000_000}`),
    expired: () => fired.push(`expired@${clock.now() - 1_000_000}`),
  });
  return { clock, fired, session };
}

describe("SessionTimer (RFC 4028 §10)", () => {
  test("the refresher refreshes at half the interval, again after each refresh", () => {
    const t = timer();
    t.session.start(1800, "local");
    t.clock.advance(900_000);
    expect(t.fired).toEqual(["refresh@900000"]);
    t.session.refreshed();
    t.clock.advance(900_000);
    expect(t.fired).toEqual(["refresh@900000", "refresh@1800000"]);
  });

  test("the other side expires the session min(32 s, a third) before the interval ends", () => {
    const long = timer();
    long.session.start(1800, "remote");
    long.clock.advance(1_768_000);
    expect(long.fired).toEqual(["expired@1768000"]);
    const short = timer();
    short.session.start(90, "remote");
    short.clock.advance(60_000 - 1);
    expect(short.fired).toEqual([]);
    short.clock.advance(1);
    expect(short.fired).toEqual(["expired@60000"]);
  });

  test("a refresh received restarts the count; stop ends it and later refreshes do nothing", () => {
    const t = timer();
    t.session.start(120, "remote");
    t.clock.advance(80_000);
    t.session.refreshed();
    t.clock.advance(88_000 - 1);
    expect(t.fired).toEqual([]);
    t.session.stop();
    expect(t.session.intervalS).toBe(0);
    t.session.refreshed();
    t.clock.advance(3_600_000);
    expect(t.fired).toEqual([]);
  });

  test("refreshed() before any start sets no timer", () => {
    const t = timer();
    t.session.refreshed();
    expect(t.clock.pendingCount).toBe(0);
  });
});

describe("parseSessionExpires (RFC 4028 §4)", () => {
  test("reads the interval and the refresher parameter", () => {
    expect(parseSessionExpires("1800;refresher=uac")).toEqual({
      intervalS: 1800,
      refresher: "uac",
    });
    expect(parseSessionExpires(" 90 ; Refresher=UAS")).toEqual({ intervalS: 90, refresher: "uas" });
    expect(parseSessionExpires("4000")).toEqual({ intervalS: 4000 });
    expect(parseSessionExpires("600;refresher=proxy")).toEqual({ intervalS: 600 });
  });

  test("an absent or malformed header is no session timer", () => {
    expect(parseSessionExpires(undefined)).toBeUndefined();
    expect(parseSessionExpires("")).toBeUndefined();
    expect(parseSessionExpires("soon")).toBeUndefined();
    expect(parseSessionExpires("-5")).toBeUndefined();
  });
});

function message(lines: string[]): SipRequest | SipResponse {
  const text = `${lines.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`;
  const parsed = parseDatagram(Buffer.from(text));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.message;
}

function invite(...extra: string[]): SipRequest {
  return message([
    "INVITE sip:102@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bKse",
    "From: <sip:101@192.0.2.1>;tag=p",
    "To: <sip:102@192.0.2.1>",
    "Call-ID: se@192.0.2.5",
    "CSeq: 1 INVITE",
    "Max-Forwards: 70",
    ...extra,
  ]) as SipRequest;
}

describe("negotiating the interval (RFC 4028 §7.2, §9)", () => {
  test("the UAS keeps the UAC's interval and refresher, and requires timer when supported", () => {
    const answer = answerSessionExpires(
      invite("Session-Expires: 1800;refresher=uas", "Supported: 100rel, timer"),
    );
    expect(answer.headers).toEqual([
      ["session-expires", "1800;refresher=uas"],
      ["require", "timer"],
    ]);
    expect(answer.interval).toEqual({ intervalS: 1800, refresher: "local" });
  });

  test("the UAC refreshes when it names nobody; an interval below Min-SE is raised to 90 s", () => {
    const answer = answerSessionExpires(invite("Session-Expires: 30"));
    expect(answer.headers).toEqual([["session-expires", "90;refresher=uac"]]);
    expect(answer.interval).toEqual({ intervalS: 90, refresher: "remote" });
  });

  test("no Session-Expires in the INVITE: no timer and nothing to add", () => {
    expect(answerSessionExpires(invite("Supported: timer"))).toEqual({ headers: [] });
  });

  test("the UAC reads the 2xx: it refreshes unless the UAS took the role", () => {
    const ok = (value?: string) =>
      message([
        "SIP/2.0 200 OK",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKok",
        "From: <sip:101@192.0.2.1>;tag=p",
        "To: <sip:102@192.0.2.1>;tag=q",
        "Call-ID: se@192.0.2.5",
        "CSeq: 1 INVITE",
        ...(value ? [`Session-Expires: ${value}`] : []),
      ]) as SipResponse;
    expect(acceptedSessionExpires(ok("600;refresher=uac"))).toEqual({
      intervalS: 600,
      refresher: "local",
    });
    expect(acceptedSessionExpires(ok("600;refresher=uas"))).toEqual({
      intervalS: 600,
      refresher: "remote",
    });
    expect(acceptedSessionExpires(ok())).toBeUndefined();
  });
});
