// A call engine on a loop transport and a manual clock, with a fake relay and scripted
// phones: what each phone receives is parsed, and the test answers as a phone would.

import { ManualClock } from "../../test/support/manual-clock.ts";
import { EventBus, type PbxEvent } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import { BanList } from "../registrar/ban-list.ts";
import { BindingStore } from "../registrar/binding-store.ts";
import { digestAuthenticator } from "../registrar/digest-authenticator.ts";
import { DigestClient } from "../sip/auth/digest-client.ts";
import { ha1 } from "../sip/auth/digest-hash.ts";
import { DigestServer } from "../sip/auth/digest-server.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import { LoopTransport } from "../sip/transport/loop-transport.ts";
import type { Flow } from "../sip/transport/transport.ts";
import type { CallSummary } from "./call.ts";
import { CallEngine, type CallEngineOptions } from "./call-engine.ts";
import type { FrameSource, MediaEvent, MediaPort, MediaSession, MediaSide } from "./media-port.ts";
import type { ChannelTrunk } from "./trunk-channel.ts";

export const PASSWORD = "Secret-99";

export function extension(number: string, overrides: Partial<ExtensionAuth> = {}): ExtensionAuth {
  return {
    number,
    displayName: `User ${number}`,
    ha1Md5: ha1(number, "pbx", PASSWORD, "MD5"),
    ha1Sha256: ha1(number, "pbx", PASSWORD, "SHA-256"),
    maxRegistrations: 3,
    registrationExpiryS: 3600,
    remoteExtension: false,
    qualify: false,
    codecs: ["PCMU", "PCMA", "G722"],
    dtmfMode: "rfc4733",
    outboundCallerId: "",
    recording: "none",
    ...overrides,
  };
}

export interface FakeSide extends MediaSide {
  calls: string[];
  music: boolean;
  /** The class of the music last started. */
  mohClass: string | undefined;
  digits: string[];
  /** Frames the box played to this side, pulled by `pull()`. */
  played: FrameSource[];
  /** What listen() taps receive: feed frames as if the phone sent them. */
  listeners: ((pcm: Int16Array) => void)[];
  /** Pulls every frame of what is playing; resolves its done. */
  drain(): number;
}

function fakeSide(port: number): FakeSide {
  const finishers: (() => void)[] = [];
  const side: FakeSide = {
    port,
    calls: [],
    music: false,
    mohClass: undefined,
    digits: [],
    played: [],
    listeners: [],
    play(source) {
      side.played.push(source);
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      finishers.push(finish);
      return { done, stop: finish };
    },
    listen(onFrame) {
      side.listeners.push(onFrame);
      return () => {
        side.listeners = side.listeners.filter((l) => l !== onFrame);
      };
    },
    drain() {
      let frames = 0;
      for (const source of side.played.splice(0)) while (source.nextFrame()) frames++;
      for (const finish of finishers.splice(0)) finish();
      return frames;
    },
    setRemote: (address, p) => side.calls.push(`remote ${address}:${p}`),
    setCodec: (codec) => side.calls.push(`codec ${codec.name}/${codec.payloadType}`),
    setDirection: (direction) => side.calls.push(`direction ${direction}`),
    startMusic: (mohClass) => {
      side.music = true;
      side.mohClass = mohClass;
    },
    stopMusic: () => {
      side.music = false;
    },
    sendDigit: (digit) => side.digits.push(digit),
  };
  return side;
}

export interface FakeSession extends MediaSession {
  a: FakeSide;
  b: FakeSide;
  closed: boolean;
  emit(event: MediaEvent): void;
}

export function fakeMediaPort(): MediaPort & { sessions: FakeSession[] } {
  const sessions: FakeSession[] = [];
  let nextPort = 20000;
  return {
    address: "192.0.2.1",
    sessions,
    async open() {
      let listener: (event: MediaEvent) => void = () => {};
      const session: FakeSession = {
        a: fakeSide(nextPort),
        b: fakeSide(nextPort + 2),
        closed: false,
        onEvent: (l) => {
          listener = l;
        },
        emit: (e) => listener(e),
        close: () => {
          session.closed = true;
        },
      };
      nextPort += 4;
      sessions.push(session);
      return session;
    },
  };
}

export function sdp(port: number, formats = "0 8 101", direction = "sendrecv"): string {
  const maps: Record<string, string> = {
    "0": "a=rtpmap:0 PCMU/8000",
    "8": "a=rtpmap:8 PCMA/8000",
    "9": "a=rtpmap:9 G722/8000",
    "18": "a=rtpmap:18 G729/8000",
    "101": "a=rtpmap:101 telephone-event/8000",
  };
  return [
    "v=0",
    "o=- 1 1 IN IP4 198.51.100.10",
    "s=-",
    "c=IN IP4 198.51.100.10",
    "t=0 0",
    `m=audio ${port} RTP/AVP ${formats}`,
    ...formats.split(" ").map((f) => maps[f] ?? ""),
    `a=${direction}`,
    "",
  ].join("\r\n");
}

let counter = 0;

export class Harness {
  readonly clock = new ManualClock();
  readonly loop = new LoopTransport();
  readonly tcp = new LoopTransport("TCP");
  readonly stack = new SipStack({ clock: this.clock, supported: ["timer", "100rel"] });
  readonly bus = new EventBus();
  readonly events: PbxEvent[] = [];
  readonly records: CallSummary[] = [];
  readonly bindings = new BindingStore();
  readonly media = fakeMediaPort();
  readonly directory = new Map<string, ExtensionAuth>();
  readonly engine: CallEngine;
  /** Everything the box sent and the tests did not take yet. */
  inbox: { message: SipRequest | SipResponse; to: Flow }[] = [];

  /** `extra`: engine options beyond SIP between extensions (analog ports, a router, music). */
  constructor(ringTimeoutMs = 60_000, extra: Partial<CallEngineOptions> = {}) {
    this.loop.sink = this.stack;
    this.stack.addTransport(this.loop);
    this.tcp.sink = this.stack;
    this.stack.addTransport(this.tcp);
    this.bus.on("call", (e) => this.events.push(e));
    this.bus.on("extension-state", (e) => this.events.push(e));
    this.engine = new CallEngine({
      clock: this.clock,
      sip: this.stack,
      directory: { lookup: (n) => this.directory.get(n) },
      bindings: this.bindings,
      auth: digestAuthenticator(
        new DigestServer({ realm: "pbx", clock: this.clock, algorithms: ["MD5"] }),
      ),
      bans: new BanList(() => this.clock.now()),
      events: this.bus,
      media: this.media,
      local: (protocol) => ({
        sentBy: "192.0.2.1:5060",
        contact: `<sip:pbx@192.0.2.1:5060;transport=${protocol.toLowerCase()}>`,
      }),
      domain: "192.0.2.1",
      ringTimeoutMs: () => ringTimeoutMs,
      onRecord: (r) => this.records.push(r),
      ...extra,
    });
    this.stack.on("INVITE", this.engine);
    for (const m of ["BYE", "INFO", "UPDATE", "PRACK"]) this.stack.on(m, this.engine.inDialog);
    this.stack.onAck = (ack) => this.engine.ack(ack);
    this.stack.onCancel = (invite) => this.engine.cancel(invite);
  }

  addExtension(number: string, overrides: Partial<ExtensionAuth> = {}): void {
    this.directory.set(number, extension(number, overrides));
  }

  register(number: string, flow: Flow, contact = `sip:${number}@${flow.address}:${flow.port}`) {
    this.bindings.upsert(
      {
        extension: number,
        uri: contact,
        params: new Map(),
        expiresAtMs: this.clock.now() + 3_600_000,
        callId: `reg-${number}-${counter++}`,
        cseq: 1,
        flow,
        registeredAtMs: this.clock.now(),
        reachable: true,
      },
      5,
    );
  }

  /** Delivers raw text from a phone and collects what the box sent back. */
  send(text: string, from: Flow): void {
    (from.protocol === "TCP" ? this.tcp : this.loop).deliver(
      text.replaceAll(/\r?\n/g, "\r\n"),
      from,
    );
    this.collect();
  }

  collect(): void {
    for (const sent of [...this.loop.take(), ...this.tcp.take()]) {
      const parsed = parseDatagram(sent.data);
      if (parsed.ok) this.inbox.push({ message: parsed.message, to: sent.to });
    }
  }

  /** Lets the async relay open finish, then collects. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    this.collect();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.collect();
  }

  /** Takes the first message sent to `flow` matching `test`. */
  take(flow: Flow, test: (m: SipRequest | SipResponse) => boolean): SipRequest | SipResponse {
    const index = this.inbox.findIndex(
      (s) => s.to.address === flow.address && s.to.port === flow.port && test(s.message),
    );
    if (index < 0) {
      const seen = this.inbox.map((s) => `${s.to.port}: ${firstLine(s.message)}`).join("\n");
      throw new Error(`nothing matching was sent to ${flow.port}; inbox:\n${seen}`);
    }
    return this.inbox.splice(index, 1)[0]!.message;
  }

  response(flow: Flow, status: number, method = "INVITE"): SipResponse {
    return this.take(
      flow,
      (m) => m.kind === "response" && m.status === status && m.cseq?.method === method,
    ) as SipResponse;
  }

  request(flow: Flow, method: string): SipRequest {
    return this.take(flow, (m) => m.kind === "request" && m.method === method) as SipRequest;
  }

  has(flow: Flow, test: (m: SipRequest | SipResponse) => boolean): boolean {
    return this.inbox.some((s) => s.to.port === flow.port && test(s.message));
  }
}

function firstLine(m: SipRequest | SipResponse): string {
  return m.kind === "request" ? `${m.method} ${m.uri}` : `${m.status} ${m.cseq?.method}`;
}

/** The caller's INVITE, with digest credentials answering `challenge` when given. */
export function inviteText(
  from: Flow,
  caller: string,
  callee: string,
  body: string,
  options: {
    callId: string;
    cseq?: number;
    branch?: string;
    authorization?: string;
    extra?: string[];
  },
): string {
  return [
    `INVITE sip:${callee}@192.0.2.1 SIP/2.0`,
    `Via: SIP/2.0/${from.protocol} ${from.address}:${from.port};branch=${options.branch ?? `z9hG4bK${counter++}x`};rport`,
    "Max-Forwards: 70",
    `From: "Alice" <sip:${caller}@192.0.2.1>;tag=caller-tag`,
    `To: <sip:${callee}@192.0.2.1>`,
    `Call-ID: ${options.callId}`,
    `CSeq: ${options.cseq ?? 1} INVITE`,
    `Contact: <sip:${caller}@${from.address}:${from.port}>`,
    ...(options.authorization ? [`Authorization: ${options.authorization}`] : []),
    ...(options.extra ?? []),
    "Content-Type: application/sdp",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

export function authorize(challenge: SipResponse, user: string, uri: string): string {
  const client = new DigestClient({ username: user, password: PASSWORD });
  const answer = client.respond(challenge.headers.getAll("www-authenticate"), {
    method: "INVITE",
    uri,
  });
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/** A response from a called phone to the box's request. */
export function answerText(
  request: SipRequest,
  status: number,
  options: { toTag?: string; body?: string; contact?: string; extra?: string[] } = {},
): string {
  const lines = [`SIP/2.0 ${status} Whatever`];
  for (const via of request.headers.getAll("via")) lines.push(`Via: ${via}`);
  lines.push(`From: ${request.headers.get("from")}`);
  const to = request.headers.get("to")!;
  lines.push(`To: ${options.toTag && !/;tag=/.test(to) ? `${to};tag=${options.toTag}` : to}`);
  lines.push(`Call-ID: ${request.callId}`, `CSeq: ${request.headers.get("cseq")}`);
  if (options.contact) lines.push(`Contact: <${options.contact}>`);
  lines.push(...(options.extra ?? []));
  if (options.body) lines.push("Content-Type: application/sdp");
  lines.push(`Content-Length: ${Buffer.byteLength(options.body ?? "")}`, "", options.body ?? "");
  return lines.join("\r\n");
}

/** An in-dialog request from a phone, using the dialog identifiers of `dialogFrom`. */
export function inDialogText(
  method: string,
  from: Flow,
  fields: { uri: string; from: string; to: string; callId: string; cseq: number },
  body = "",
  extra: string[] = [],
): string {
  return [
    `${method} ${fields.uri} SIP/2.0`,
    `Via: SIP/2.0/${from.protocol} ${from.address}:${from.port};branch=z9hG4bK${counter++}d;rport`,
    "Max-Forwards: 70",
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Call-ID: ${fields.callId}`,
    `CSeq: ${fields.cseq} ${method}`,
    `Contact: <sip:phone@${from.address}:${from.port}>`,
    ...extra,
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

/** `caller` at `from` dials `callee`: INVITE, the 401, the INVITE with credentials (RFC 3261 §22). */
export async function dialWithDigest(
  h: Harness,
  from: Flow,
  caller: string,
  callee: string,
  callId: string,
): Promise<void> {
  h.send(inviteText(from, caller, callee, sdp(4000), { callId }), from);
  const challenge = h.response(from, 401);
  const authorization = authorize(challenge, caller, `sip:${callee}@192.0.2.1`);
  h.send(inviteText(from, caller, callee, sdp(4000), { callId, cseq: 2, authorization }), from);
  await h.settle();
}

/** A UDP trunk to `flow` with the fields a trunk channel reads (PCMA first, RFC 4733). */
export function channelTrunk(
  name: string,
  flow: Flow,
  overrides: Partial<ChannelTrunk> = {},
): ChannelTrunk {
  return {
    name,
    kind: "register",
    host: flow.address,
    port: flow.port,
    transport: "UDP",
    username: "",
    authUsername: "",
    fromUser: "",
    fromDomain: "",
    codecs: ["PCMA", "PCMU"],
    dtmfMode: "rfc4733",
    ...overrides,
  };
}
