import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { buildRequest } from "../core/request-builder.ts";
import type { SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { createResponse } from "../message/response.ts";
import type { Flow } from "../transport/transport.ts";
import { InviteServerTransaction } from "./invite-server.ts";
import { T1_MS, T2_MS } from "./timer-values.ts";
import { TransactionLayer } from "./transaction-layer.ts";

const udp: Flow = { protocol: "UDP", address: "127.0.0.1", port: 5062 };
const tcp: Flow = { protocol: "TCP", address: "127.0.0.1", port: 5062, connectionId: 1 };

function setup() {
  const clock = new ManualClock();
  const sent: string[] = [];
  const layer = new TransactionLayer(clock, (data) => {
    sent.push(Buffer.from(data).toString());
    return true;
  });
  return { clock, sent, layer };
}

function request(method: string, protocol: Flow["protocol"] = "UDP") {
  return buildRequest({
    method,
    uri: "sip:101@127.0.0.1",
    to: "<sip:101@127.0.0.1>",
    from: "<sip:pbx@127.0.0.1>",
    protocol,
    sentBy: "127.0.0.1:5060",
  });
}

/**
 * An INVITE over UDP answered 200 by its server transaction; `noAck()` says whether Timer L
 * told the TU that no ACK came.
 */
function answeredInvite() {
  const { clock, sent, layer } = setup();
  const invite = reparse(request("INVITE"));
  const transaction = layer.createServer(invite, udp);
  let toldNoAck = false;
  if ("events" in transaction) transaction.events = { onNoAck: () => (toldNoAck = true) };
  transaction.respond(createResponse(invite, 200, { toTag: "t" }));
  return { clock, sent, layer, invite, noAck: () => toldNoAck };
}

const startLines = (sent: string[]) => sent.map((s) => s.slice(0, s.indexOf("\r\n")));

describe("non-INVITE client (RFC 3261 §17.1.2)", () => {
  test("Timer E retransmits at 500, 1000, 2000, 4000, 4000 ms; Timer F gives up at 32 s", () => {
    const { clock, sent, layer } = setup();
    let timedOut = false;
    layer.createClient(request("OPTIONS"), udp, {
      onResponse() {},
      onTimeout: () => (timedOut = true),
    });
    expect(sent).toHaveLength(1);
    const at: number[] = [];
    const start = clock.now();
    for (let t = 0; t < 32_000; t += 50) {
      const before = sent.length;
      clock.advance(50);
      if (sent.length > before) at.push(clock.now() - start);
    }
    expect(at.slice(0, 5)).toEqual([500, 1500, 3500, 7500, 11500]);
    expect(timedOut).toBe(true);
    expect(layer.clientCount).toBe(0);
  });

  test("no retransmissions over TCP, and a final response completes it", () => {
    const { clock, sent, layer } = setup();
    const responses: number[] = [];
    const req = request("OPTIONS", "TCP");
    layer.createClient(req, tcp, { onResponse: (r) => responses.push(r.status), onTimeout() {} });
    clock.advance(10_000);
    expect(sent).toHaveLength(1);
    expect(layer.receiveResponse(createResponse(req, 200))).toBe(true);
    expect(responses).toEqual([200]);
    expect(layer.clientCount).toBe(0);
  });

  test("in Proceeding, retransmissions go every T2", () => {
    const { clock, sent, layer } = setup();
    const req = request("OPTIONS");
    layer.createClient(req, udp, { onResponse() {}, onTimeout() {} });
    layer.receiveResponse(createResponse(req, 100));
    clock.advance(T1_MS);
    const count = sent.length;
    clock.advance(T2_MS);
    expect(sent.length).toBe(count + 1);
  });
});

describe("non-INVITE server (RFC 3261 §17.2.2)", () => {
  test("answers a retransmission from Completed, forgets it after Timer J", () => {
    const { clock, sent, layer } = setup();
    const req = reparse(request("REGISTER"));
    const transaction = layer.createServer(req, udp);
    transaction.respond(createResponse(req, 200));
    expect(sent).toHaveLength(1);
    expect(layer.absorbRetransmission(req, udp)).toBe(true);
    expect(startLines(sent)).toEqual(["SIP/2.0 200 OK", "SIP/2.0 200 OK"]);
    clock.advance(64 * T1_MS - 1);
    expect(layer.serverCount).toBe(1);
    clock.advance(1);
    expect(layer.serverCount).toBe(0);
  });
});

describe("INVITE server (RFC 3261 §17.2.1, RFC 6026)", () => {
  test("sends 100 at once, retransmits a 486 on Timer G until the ACK", () => {
    const { clock, sent, layer } = setup();
    const invite = reparse(request("INVITE"));
    const transaction = layer.createServer(invite, udp);
    expect(startLines(sent)).toEqual(["SIP/2.0 100 Trying"]);
    transaction.respond(createResponse(invite, 486, { toTag: "t" }));
    clock.advance(T1_MS);
    clock.advance(2 * T1_MS);
    expect(startLines(sent).filter((l) => l.includes("486"))).toHaveLength(3);
    const ack = reparse(request("ACK"));
    ack.headers.set("via", invite.headers.get("via")!);
    ack.headers.set("call-id", invite.callId!);
    ack.headers.set("from", invite.headers.get("from")!);
    ack.headers.set("cseq", `${invite.cseq!.seq} ACK`);
    ack.invalidate();
    const found = layer.findServer(ack, udp);
    expect(found).toBe(transaction);
    if (!(found instanceof InviteServerTransaction)) throw new Error("not the INVITE transaction");
    found.ackReceived();
    const after = sent.length;
    clock.advance(10_000);
    expect(sent.length).toBe(after);
    expect(layer.serverCount).toBe(0);
  });

  test("a 2xx is retransmitted until the dialog sees the ACK; without one the TU hears of it", () => {
    const { clock, sent, layer, noAck } = answeredInvite();
    clock.advance(T1_MS + 2 * T1_MS + 4 * T1_MS);
    expect(startLines(sent).filter((l) => l.includes("200"))).toHaveLength(4);
    clock.advance(64 * T1_MS);
    expect(noAck()).toBe(true);
    expect(layer.serverCount).toBe(0);
  });

  test("once ACKed, a 2xx's transaction is let go; a retransmitted INVITE is still absorbed", () => {
    const { clock, sent, layer, invite, noAck } = answeredInvite();
    const ack = reparse(request("ACK"));
    ack.headers.set("call-id", invite.callId!);
    ack.headers.set("cseq", `${invite.cseq!.seq} ACK`);
    layer.findAccepted(ack)?.ackReceived();
    // The transaction object (and its request) is gone; only its key absorbs retransmissions.
    expect(layer.findServer(invite, udp)).toBeUndefined();
    expect(layer.findAccepted(ack)).toBeUndefined();
    const before = sent.length;
    expect(layer.absorbRetransmission(reparse(request("INVITE")), udp)).toBe(false);
    expect(layer.absorbRetransmission(invite, udp)).toBe(true);
    clock.advance(10 * T1_MS);
    expect(sent.length).toBe(before);
    clock.advance(64 * T1_MS);
    expect(layer.serverCount).toBe(0);
    expect(layer.absorbRetransmission(invite, udp)).toBe(false);
    expect(noAck()).toBe(false);
  });
});

describe("INVITE client (RFC 3261 §17.1.1)", () => {
  test("Timer A doubles without cap; a 486 is ACKed by the transaction itself", () => {
    const { clock, sent, layer } = setup();
    const invite = request("INVITE");
    const statuses: number[] = [];
    layer.createClient(invite, udp, { onResponse: (r) => statuses.push(r.status), onTimeout() {} });
    clock.advance(T1_MS + 2 * T1_MS + 4 * T1_MS + 8 * T1_MS + 16 * T1_MS);
    expect(startLines(sent).filter((l) => l.startsWith("INVITE"))).toHaveLength(6);
    const busy: SipResponse = createResponse(invite, 486, { toTag: "callee" });
    layer.receiveResponse(busy);
    layer.receiveResponse(busy);
    expect(statuses).toEqual([486]);
    const acks = sent.filter((s) => s.startsWith("ACK"));
    expect(acks).toHaveLength(2);
    expect(acks[0]).toContain("tag=callee");
    expect(acks[0]).toContain(invite.via!.params.get("branch")!);
  });

  test("accepted, it ends once its TU forgets it; a late 2xx is then a stray", () => {
    const { layer } = setup();
    const invite = request("INVITE");
    const statuses: number[] = [];
    const transaction = layer.createClient(invite, udp, {
      onResponse: (r) => statuses.push(r.status),
      onTimeout() {},
    });
    const ok = createResponse(invite, 200, { toTag: "callee" });
    layer.receiveResponse(ok);
    expect(layer.receiveResponse(ok)).toBe(true);
    expect(statuses).toEqual([200, 200]);
    if (!("forget" in transaction)) throw new Error("not an INVITE transaction");
    transaction.forget();
    expect(layer.clientCount).toBe(0);
    expect(layer.receiveResponse(ok)).toBe(false);
    expect(statuses).toEqual([200, 200]);
  });

  test("Timer B reports a timeout after 64*T1 without any answer", () => {
    const { clock, layer } = setup();
    let timedOut = false;
    layer.createClient(request("INVITE"), udp, {
      onResponse() {},
      onTimeout: () => (timedOut = true),
    });
    clock.advance(64 * T1_MS);
    expect(timedOut).toBe(true);
  });
});

function reparse(message: ReturnType<typeof request>) {
  const result = parseDatagram(
    Buffer.from(
      `${message.method} ${message.uri} SIP/2.0\r\n${message.headers.names.map((n, i) => `${n}: ${message.headers.values[i]}`).join("\r\n")}\r\nContent-Length: 0\r\n\r\n`,
    ),
  );
  if (!result.ok || result.message.kind !== "request") throw new Error("reparse");
  return result.message;
}
