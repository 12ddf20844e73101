import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { DigestAlgorithm } from "../auth/digest-hash.ts";
import { DigestServer } from "../auth/digest-server.ts";
import { SipStack } from "../core/sip-stack.ts";
import type { SipRequest } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { createResponse } from "../message/response.ts";
import { serialize } from "../message/serializer.ts";
import { LoopTransport } from "../transport/loop-transport.ts";
import type { Flow } from "../transport/transport.ts";
import { RegistrationClient, type RegistrationStatus } from "./registration-client.ts";

const PROVIDER: Flow = { protocol: "UDP", address: "192.0.2.10", port: 5060 };
const PASSWORD = "Trunk-s3cret";

/** A client stack on a loop transport, and a hand-driven registrar on the other side. */
function setup(
  options: { password?: string; algorithms?: DigestAlgorithm[]; retryMaxMs?: number } = {},
) {
  const clock = new ManualClock();
  const loop = new LoopTransport("UDP", "127.0.0.1", 5060);
  const stack = new SipStack({ clock });
  loop.sink = stack;
  stack.addTransport(loop);
  const server = new DigestServer({
    realm: "provider",
    clock,
    algorithms: options.algorithms ?? ["MD5"],
  });
  const statuses: RegistrationStatus[] = [];
  const client = new RegistrationClient({
    clock,
    stack,
    target: PROVIDER,
    registrar: "sip:provider.example",
    aor: "sip:8881234@provider.example",
    sentBy: "127.0.0.1:5060",
    contact: "sip:8881234@127.0.0.1:5060",
    credentials: { username: "8881234", password: options.password ?? PASSWORD },
    expiresS: 600,
    random: () => 0,
    ...(options.retryMaxMs ? { retryMaxMs: options.retryMaxMs } : {}),
    onStatus: (s) => statuses.push(s),
  });
  const requests = (): SipRequest[] =>
    loop.take().flatMap((s) => {
      const parsed = parseDatagram(s.data);
      return parsed.ok && parsed.message.kind === "request" ? [parsed.message] : [];
    });
  const reply = (request: SipRequest, status: number, headers: [string, string][] = []) => {
    const response = createResponse(request, status, { toTag: "srv" });
    for (const [name, value] of headers) response.headers.add(name, value);
    loop.deliver(serialize(response), PROVIDER);
  };
  /** What a registrar does: challenge, then verify; the binding gets `grantS`. */
  const registrar = (request: SipRequest, grantS = 300) => {
    const credentials = request.headers.get("authorization");
    if (credentials === undefined)
      return reply(
        request,
        401,
        server.challenge().map((c) => ["www-authenticate", c]),
      );
    const verdict = server.verify(credentials, { method: "REGISTER" }, () => ({
      password: PASSWORD,
    }));
    if (!verdict.ok)
      return reply(
        request,
        401,
        server.challenge({ stale: verdict.error === "stale" }).map((c) => ["www-authenticate", c]),
      );
    const expires = Number(request.headers.get("expires"));
    reply(request, 200, [
      ["contact", `<sip:8881234@127.0.0.1:5060>;expires=${Math.min(expires, grantS)}`],
    ]);
  };
  return { clock, client, statuses, requests, reply, registrar, server };
}

describe("RegistrationClient", () => {
  for (const algorithm of ["MD5", "SHA-256"] as const) {
    test(`answers the registrar's ${algorithm} challenge and reports registered`, () => {
      const t = setup({ algorithms: [algorithm] });
      t.client.start();
      const [first] = t.requests();
      expect(first?.method).toBe("REGISTER");
      expect(first?.headers.get("expires")).toBe("600");
      expect(first?.headers.get("authorization")).toBeUndefined();
      t.registrar(first!);
      const [second] = t.requests();
      expect(second?.headers.get("authorization")).toContain(
        algorithm === "MD5" ? 'username="8881234"' : "algorithm=SHA-256",
      );
      expect(second?.callId).toBe(first!.callId);
      expect(second?.cseq?.seq).toBe(first!.cseq!.seq + 1);
      expect(second?.via?.params.get("branch")).not.toBe(first!.via?.params.get("branch"));
      t.registrar(second!);
      expect(t.client.status).toMatchObject({ state: "registered", expiresS: 300 });
      expect(t.statuses.map((s) => s.state)).toEqual(["registering", "registered"]);
    });
  }

  test("refreshes one minute before the granted expiry, reusing the nonce", () => {
    const t = setup();
    t.client.start();
    t.registrar(t.requests()[0]!);
    t.registrar(t.requests()[0]!);
    t.clock.advance(239_000);
    expect(t.requests()).toHaveLength(0);
    t.clock.advance(1_000);
    const [refresh] = t.requests();
    expect(refresh?.headers.get("authorization")).toContain("nc=00000002");
    t.registrar(refresh!);
    // Accepted without a new challenge: one REGISTER per refresh.
    expect(t.requests()).toHaveLength(0);
    expect(t.client.status.state).toBe("registered");
  });

  test("a short grant refreshes at half-time", () => {
    const t = setup();
    t.client.start();
    t.registrar(t.requests()[0]!);
    t.registrar(t.requests()[0]!, 60);
    t.clock.advance(29_999);
    expect(t.requests()).toHaveLength(0);
    t.clock.advance(1);
    expect(t.requests()).toHaveLength(1);
  });

  test("a refused password fails with the reason, then backs off exponentially to the cap", () => {
    const t = setup({ password: "wrong", retryMaxMs: 100_000 });
    t.client.start();
    t.registrar(t.requests()[0]!);
    t.registrar(t.requests()[0]!);
    expect(t.client.status).toMatchObject({
      state: "failed",
      reason: "401 Unauthorized",
      retryInMs: 15_000,
    });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const wait = t.client.status.retryInMs!;
      waits.push(wait);
      t.clock.advance(wait - 1);
      expect(t.requests()).toHaveLength(0);
      t.clock.advance(1);
      t.registrar(t.requests()[0]!);
      t.registrar(t.requests()[0]!);
    }
    // random() = 0 takes half of min(cap, 30 s * 2^n).
    expect(waits).toEqual([15_000, 30_000, 50_000, 50_000]);
  });

  test("a registrar that never answers makes the trunk unreachable, and it recovers", () => {
    const t = setup();
    t.client.start();
    t.requests();
    t.clock.advance(32_000);
    expect(t.client.status).toMatchObject({ state: "unreachable", reason: "no answer" });
    t.clock.advance(t.client.status.retryInMs!);
    t.registrar(t.requests().at(-1)!);
    t.registrar(t.requests().at(-1)!);
    expect(t.client.status.state).toBe("registered");
  });

  test("a final error other than a challenge is reported as it came", () => {
    const t = setup();
    t.client.start();
    t.reply(t.requests()[0]!, 403, []);
    expect(t.client.status).toMatchObject({ state: "failed", reason: "403 Forbidden" });
  });

  test("423 Interval Too Brief: retries with Min-Expires", () => {
    const t = setup();
    t.client.start();
    t.reply(t.requests()[0]!, 423, [["min-expires", "1800"]]);
    const [retry] = t.requests();
    expect(retry?.headers.get("expires")).toBe("1800");
    t.registrar(retry!, 1800);
    t.registrar(t.requests()[0]!, 1800);
    expect(t.client.status).toMatchObject({ state: "registered", expiresS: 1800 });
  });

  test("stop removes the binding with Expires: 0 and stops refreshing", async () => {
    const t = setup();
    t.client.start();
    t.registrar(t.requests()[0]!);
    t.registrar(t.requests()[0]!);
    const stopped = t.client.stop();
    const [removal] = t.requests();
    expect(removal?.headers.get("expires")).toBe("0");
    t.registrar(removal!);
    await stopped;
    expect(t.client.status.state).toBe("stopped");
    t.clock.advance(3_600_000);
    expect(t.requests()).toHaveLength(0);
  });

  test("stop before any registration sends no new request; a late 200 is removed", async () => {
    const t = setup();
    t.client.start();
    const [first] = t.requests();
    await t.client.stop();
    t.clock.advance(3_600_000);
    // Only retransmissions of the pending REGISTER (same CSeq), then nothing.
    expect(new Set(t.requests().map((r) => r.cseq?.seq))).toEqual(new Set([first!.cseq!.seq]));
    const t2 = setup();
    t2.client.start();
    const [pending] = t2.requests();
    const stopped = t2.client.stop();
    t2.reply(pending!, 200, [["contact", "<sip:8881234@127.0.0.1:5060>;expires=300"]]);
    await stopped;
    expect(t2.requests().map((r) => r.headers.get("expires"))).toEqual(["0"]);
    expect(t2.client.status.state).toBe("stopped");
  });
});
