import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { EventPackages } from "../core/event-packages.ts";
import { SipStack } from "../core/sip-stack.ts";
import { type SipRequest, SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { LoopTransport } from "../transport/loop-transport.ts";
import { type EndReason, Notifier, type SubscriptionView } from "./notifier.ts";

const PHONE = { protocol: "UDP" as const, address: "192.0.2.77", port: 5080 };
let clock: ManualClock;
let loop: LoopTransport;
let notifier: Notifier;
let state: string;
let ended: EndReason[];
let room: boolean;

beforeEach(() => {
  clock = new ManualClock();
  const stack = new SipStack({ clock });
  loop = new LoopTransport();
  stack.addTransport(loop);
  loop.sink = stack;
  state = "idle";
  ended = [];
  room = true;
  notifier = new Notifier({
    stack,
    clock,
    sentBy: () => "192.0.2.1:5060",
    minExpiresS: 60,
    maxExpiresS: 3600,
    defaultExpiresS: 3600,
    admit(incoming) {
      const user = /^sip:([^@]+)@/.exec(incoming.request.uri)?.[1];
      if (user !== "2001") {
        incoming.respond(404);
        return undefined;
      }
      return { resource: user, subscriber: "2002" };
    },
    hasRoom: () => room,
    changed: (_s: SubscriptionView, why?: EndReason) => {
      if (why) ended.push(why);
    },
  });
  const packages = new EventPackages();
  packages.add(
    "dialog",
    notifier.handler({
      event: "dialog",
      contentType: "text/plain",
      body: (resource, sub) => Buffer.from(`${resource} ${state} v${sub.notifies}`),
    }),
  );
  stack.on("SUBSCRIBE", packages);
});

function sent(): (SipRequest | SipResponse)[] {
  return loop.take().map((d) => {
    const parsed = parseDatagram(d.data);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.message;
  });
}

function subscribe(opts: {
  expires?: number;
  toTag?: string;
  cseq?: number;
  callId?: string;
  from?: string;
}) {
  const lines = [
    "SUBSCRIBE sip:2001@192.0.2.1 SIP/2.0",
    `Via: SIP/2.0/UDP 192.0.2.77:5080;branch=z9hG4bK${Math.random().toString(36).slice(2)}`,
    "Max-Forwards: 70",
    "From: <sip:2002@192.0.2.1>;tag=a1",
    `To: <sip:2001@192.0.2.1>${opts.toTag ? `;tag=${opts.toTag}` : ""}`,
    `Call-ID: ${opts.callId ?? "watch1"}@192.0.2.77`,
    `CSeq: ${opts.cseq ?? 1} SUBSCRIBE`,
    "Contact: <sip:2002@192.0.2.77:5080>",
    "Event: dialog",
    ...(opts.expires === undefined ? [] : [`Expires: ${opts.expires}`]),
    "Content-Length: 0",
  ];
  loop.deliver(`${lines.join("\r\n")}\r\n\r\n`, { ...PHONE, address: opts.from ?? PHONE.address });
  return sent();
}

/** Answers a NOTIFY the box sent, as the phone would. */
function answer(notify: SipRequest, status = 200): void {
  const lines = [
    `SIP/2.0 ${status} X`,
    ...(["via", "from", "to", "call-id", "cseq"] as const).map(
      (h) => `${h}: ${notify.headers.get(h)}`,
    ),
    "Content-Length: 0",
  ];
  loop.deliver(`${lines.join("\r\n")}\r\n\r\n`, PHONE);
}

function split(messages: (SipRequest | SipResponse)[]) {
  const responses = messages.filter((m): m is SipResponse => m instanceof SipResponse);
  const notifies = messages.filter((m): m is SipRequest => !(m instanceof SipResponse));
  return { responses, notifies };
}

describe("RFC 6665 notifier", () => {
  test("a SUBSCRIBE gets 200 with a To tag and the Expires granted, then a NOTIFY of the state", () => {
    const { responses, notifies } = split(subscribe({ expires: 600 }));
    expect(responses.map((r) => r.status)).toEqual([200]);
    expect(responses[0]!.to?.params.get("tag")).toBeTruthy();
    expect(responses[0]!.headers.get("expires")).toBe("600");
    expect(responses[0]!.headers.get("contact")).toBe("<sip:192.0.2.1:5060;transport=udp>");
    expect(notifies).toHaveLength(1);
    const n = notifies[0]!;
    expect(n.uri).toBe("sip:2002@192.0.2.77:5080");
    expect(n.headers.get("event")).toBe("dialog");
    expect(n.headers.get("subscription-state")).toBe("active;expires=600");
    expect(n.from?.params.get("tag")).toBe(responses[0]!.to?.params.get("tag"));
    expect(n.to?.params.get("tag")).toBe("a1");
    expect(Buffer.from(n.body).toString()).toBe("2001 idle v0");
    expect(notifier.watchers("dialog", "2001")).toBe(1);
  });

  test("too short an Expires is 423 with Min-Expires; too long is cut to the maximum", () => {
    const short = split(subscribe({ expires: 10 })).responses[0]!;
    expect(short.status).toBe(423);
    expect(short.headers.get("min-expires")).toBe("60");
    const long = split(subscribe({ expires: 86400, callId: "w2" })).responses[0]!;
    expect(long.headers.get("expires")).toBe("3600");
  });

  test("changes are NOTIFYed one at a time with increasing CSeq, the latest state last", () => {
    const first = split(subscribe({ expires: 600 })).notifies[0]!;
    state = "ringing";
    notifier.notify("dialog", "2001");
    state = "busy";
    notifier.notify("dialog", "2001");
    // Nothing until the first NOTIFY is answered.
    expect(sent()).toHaveLength(0);
    answer(first);
    const [second] = split(sent()).notifies;
    expect(Buffer.from(second!.body).toString()).toBe("2001 busy v1");
    expect(second!.cseq!.seq).toBe(first.cseq!.seq + 1);
    answer(second!);
    expect(sent()).toHaveLength(0);
  });

  test("refresh sends the state again; Expires: 0 ends with NOTIFY terminated", () => {
    const { responses, notifies } = split(subscribe({ expires: 600 }));
    const tag = responses[0]!.to!.params.get("tag")!;
    answer(notifies[0]!);
    clock.advance(300_000);
    const refresh = split(subscribe({ expires: 600, toTag: tag, cseq: 2 }));
    expect(refresh.responses[0]!.status).toBe(200);
    expect(refresh.notifies[0]!.headers.get("subscription-state")).toBe("active;expires=600");
    answer(refresh.notifies[0]!);
    // The old expiry no longer applies.
    clock.advance(400_000);
    expect(sent()).toHaveLength(0);
    // Nobody else may move or end it, whatever they know of the dialog.
    const stranger = { expires: 0, toTag: tag, cseq: 9, from: "198.51.100.9" };
    expect(split(subscribe(stranger)).responses[0]!.status).toBe(403);
    const old = split(subscribe({ expires: 600, toTag: tag, cseq: 2 })).responses[0]!;
    expect(old.status).toBe(500);
    const bye = split(subscribe({ expires: 0, toTag: tag, cseq: 3 }));
    expect(bye.responses[0]!.headers.get("expires")).toBe("0");
    expect(bye.notifies[0]!.headers.get("subscription-state")).toStartWith("terminated");
    expect(notifier.watchers("dialog", "2001")).toBe(0);
    expect(ended).toEqual(["unsubscribed"]);
    const gone = split(subscribe({ expires: 600, toTag: tag, cseq: 4 })).responses[0]!;
    expect(gone.status).toBe(481);
  });

  test("an unrefreshed subscription expires with NOTIFY terminated;reason=timeout", () => {
    answer(split(subscribe({ expires: 60 })).notifies[0]!);
    clock.advance(59_000);
    expect(sent()).toHaveLength(0);
    clock.advance(1_000);
    const [last] = split(sent()).notifies;
    expect(last!.headers.get("subscription-state")).toBe("terminated;reason=timeout");
    expect(ended).toEqual(["timeout"]);
  });

  test("a NOTIFY answered 481 ends the subscription; so does one never answered", () => {
    answer(split(subscribe({ expires: 600 })).notifies[0]!, 481);
    expect(notifier.watchers("dialog", "2001")).toBe(0);
    expect(ended).toEqual(["notify-failed"]);
    split(subscribe({ expires: 600, callId: "w2" }));
    clock.advance(40_000);
    expect(notifier.watchers("dialog", "2001")).toBe(0);
    expect(ended).toEqual(["notify-failed", "notify-failed"]);
  });

  test("a new SUBSCRIBE in the same Call-ID and From tag replaces the one before", () => {
    answer(split(subscribe({ expires: 600 })).notifies[0]!);
    answer(split(subscribe({ expires: 600, cseq: 2 })).notifies[0]!);
    expect(notifier.watchers("dialog", "2001")).toBe(1);
    expect(ended).toEqual(["replaced"]);
  });

  test("the user's admission answers; a full box is 503", () => {
    loop.deliver(
      "SUBSCRIBE sip:9999@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.77:5080;branch=z9hG4bKx\r\nFrom: <sip:2002@h>;tag=b\r\nTo: <sip:9999@h>\r\nCall-ID: c9\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:2002@192.0.2.77:5080>\r\nEvent: dialog\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
      PHONE,
    );
    expect(split(sent()).responses[0]!.status).toBe(404);
    room = false;
    expect(split(subscribe({ expires: 600 })).responses[0]!.status).toBe(503);
    expect(notifier.list()).toHaveLength(0);
  });

  test("terminate() ends chosen subscriptions with the reason given", () => {
    answer(split(subscribe({ expires: 600 })).notifies[0]!);
    expect(notifier.terminate((s) => s.subscriber === "2002", "rejected")).toBe(1);
    const [last] = split(sent()).notifies;
    expect(last!.headers.get("subscription-state")).toBe("terminated;reason=rejected");
    expect(notifier.list()).toHaveLength(0);
  });
});
