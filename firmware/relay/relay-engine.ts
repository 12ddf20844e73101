// The sessions of one thread (a relay worker, or the main thread when the relay runs
// without workers): binds their ports, applies the commands of relay-protocol.ts, and once a
// second sends due RTCP reports (RFC 3550 6.2) and looks for legs that went silent.
import { type CodecRegistry, defaultCodecRegistry } from "../../media/codec/codec-registry.ts";
import { Transcoder } from "../../media/codec/transcoder.ts";
import { EngineSession, type PacketPath } from "./engine-session.ts";
import { EngineSide, type RelaySocket } from "./engine-side.ts";
import { OutgoingStream } from "./outgoing-stream.ts";
import type { RelayClock } from "./relay-clock.ts";
import type { RelayCommand, RelayEvent, RelayReply } from "./relay-protocol.ts";
import { buildReport, nextReportMs } from "./rtcp-report.ts";

const SWEEP_MS = 1000;

export interface EngineOptions {
  clock: RelayClock;
  emit: (event: RelayEvent, transfer?: ArrayBuffer[]) => void;
  /** Uniform [0, 1): SSRCs, first sequence numbers and timestamps, RTCP jitter. */
  random?: () => number;
  codecs?: CodecRegistry;
}

/** Owns the sockets of its sessions and runs their packet paths. */
export class RelayEngine {
  readonly #clock: RelayClock;
  readonly #emit: EngineOptions["emit"];
  readonly #random: () => number;
  readonly #codecs: CodecRegistry;
  readonly #sessions = new Map<number, EngineSession>();
  #sweep: { cancel(): void } | undefined;

  constructor(options: EngineOptions) {
    this.#clock = options.clock;
    this.#emit = options.emit;
    this.#random = options.random ?? Math.random;
    this.#codecs = options.codecs ?? defaultCodecRegistry();
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Applies one command; only "create" waits (for its sockets to bind). */
  handle(command: RelayCommand): RelayReply | Promise<RelayReply> {
    if (command.op === "create") return this.#create(command);
    const session = this.#sessions.get(command.session);
    if (!session) return { ok: false, error: "no-session" };
    if (command.op === "close") {
      session.close();
      this.#sessions.delete(command.session);
      if (this.#sessions.size === 0) this.#stopSweep();
      return { ok: true };
    }
    const side = command.side === "a" ? session.a : session.b;
    const now = this.#clock.now();
    switch (command.op) {
      case "remote":
        side.setRemote(command.remote);
        break;
      case "codec": {
        const { name, clockRateHz } = command.codec;
        side.setCodec(command.codec, this.#codecs.byName(name, clockRateHz));
        this.#updatePaths(session);
        break;
      }
      case "direction":
        side.setDirection(command.direction, now);
        break;
      case "play":
        side.playing = command.playing;
        // Forwarded packets take over from the box's frames on a new line of offsets.
        if (!command.playing) side.out.rebase();
        break;
      case "frame":
        session.playFrame(side, command.pcm);
        break;
      case "listen":
        side.listenRateHz = command.sampleRateHz;
        break;
      case "stats":
        return { ok: true, stats: side.stats() };
    }
    return { ok: true };
  }

  /** Closes every session's sockets. */
  closeAll(): void {
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
    this.#stopSweep();
  }

  async #create(command: Extract<RelayCommand, { op: "create" }>): Promise<RelayReply> {
    const now = this.#clock.now();
    const sides = {
      a: new EngineSide("a", command.ports[0], this.#newStream(), now),
      b: new EngineSide("b", command.ports[1], this.#newStream(), now),
    };
    const session = new EngineSession(
      command.session,
      sides,
      { timeoutMs: command.timeoutMs, cname: command.cname },
      () => this.#clock.now(),
      this.#emit,
    );
    const bound: RelaySocket[] = [];
    for (const side of [sides.a, sides.b]) {
      const handlers = session.handlers(side);
      for (const [port, data] of [
        [side.localPort, handlers.rtp],
        [side.localPort + 1, handlers.rtcp],
      ] as const) {
        try {
          const socket = await Bun.udpSocket({
            hostname: command.bind,
            port,
            // Receive errors (ICMP unreachable reported on the socket) change nothing here.
            socket: { data, error: () => {} },
          });
          bound.push(socket);
          if (port === side.localPort) side.rtp = socket;
          else side.rtcp = socket;
        } catch (error) {
          for (const socket of bound) socket.close();
          const code = (error as { code?: string }).code;
          return code === "EADDRINUSE"
            ? { ok: false, error: "port-in-use", port: side.localPort }
            : { ok: false, error: "bind-failed", port, message: String(error) };
        }
      }
      side.nextRtcpMs = nextReportMs(now, this.#random);
    }
    this.#sessions.set(command.session, session);
    this.#startSweep();
    return { ok: true };
  }

  #newStream(): OutgoingStream {
    const r = this.#random;
    return new OutgoingStream(
      Math.floor(r() * 2 ** 32),
      Math.floor(r() * 0x10000),
      Math.floor(r() * 2 ** 32),
    );
  }

  // Equal codecs (name and clock rate, RFC 4855: names are case-insensitive) forward as they
  // are; different ones transcode when the box has both, and are blocked otherwise.
  #updatePaths(session: EngineSession): void {
    const set = (path: PacketPath, from: typeof session.a, to: typeof session.a): void => {
      path.transcoder = undefined;
      path.blocked = false;
      path.tsRatio = 1;
      if (!from.codec || !to.codec) return;
      path.tsRatio = to.codec.clockRateHz / from.codec.clockRateHz;
      const same =
        from.codec.name.toUpperCase() === to.codec.name.toUpperCase() &&
        from.codec.clockRateHz === to.codec.clockRateHz;
      if (same) return;
      if (from.factory && to.factory) {
        path.transcoder = new Transcoder(from.factory.create(), to.factory.create());
      } else {
        path.blocked = true;
      }
    };
    set(session.ab, session.a, session.b);
    set(session.ba, session.b, session.a);
  }

  #startSweep(): void {
    if (this.#sweep) return;
    this.#sweep = this.#clock.setTimer(SWEEP_MS, () => {
      this.#sweep = undefined;
      this.#sweepOnce();
      if (this.#sessions.size > 0) this.#startSweep();
    });
  }

  #stopSweep(): void {
    this.#sweep?.cancel();
    this.#sweep = undefined;
  }

  #sweepOnce(): void {
    const now = this.#clock.now();
    for (const session of this.#sessions.values()) {
      for (const side of [session.a, session.b]) {
        // Only a leg that should be sending, and has sent before, can fall silent: no
        // timeout while ringing or on hold (RFC 3264 6.1: a held phone may send nothing).
        if (
          session.timeoutMs > 0 &&
          side.direction === "sendrecv" &&
          side.packetsIn > 0 &&
          !side.noRtpReported &&
          now - side.lastRtpMs >= session.timeoutMs
        ) {
          side.noRtpReported = true;
          this.#emit({ type: "no-rtp", session: session.id, side: side.name });
        }
        if (now >= side.nextRtcpMs && side.destRtcpPort !== 0 && side.rtcp) {
          try {
            side.rtcp.send(
              buildReport(side, session.cname, now),
              side.destRtcpPort,
              side.destRtcpAddress,
            );
          } catch {
            side.sendErrors++;
          }
          side.nextRtcpMs = nextReportMs(now, this.#random);
        }
      }
    }
  }
}
