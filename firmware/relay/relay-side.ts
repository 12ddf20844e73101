// One leg of a relayed call as the call engine sees it (main thread): what its SDP said
// (address, codec, direction), the box's taps on it (play, listen) and its statistics. Each
// method becomes a command for the engine that owns the leg's sockets.
import type { EngineHost } from "./engine-host.ts";
import { FramePump, type FrameSource } from "./frame-pump.ts";
import type { RelayClock } from "./relay-clock.ts";
import type {
  Direction,
  RelayCodec,
  RelayCommand,
  RemoteAddress,
  SideName,
  SideStats,
} from "./relay-protocol.ts";

/** A running play(): stop it, or wait for its source to end. */
export interface PlayHandle {
  stop(): void;
  /** Resolves when the source ended or stop() was called. */
  readonly done: Promise<void>;
}

export class RelaySide {
  readonly name: SideName;
  /** The box's RTP port for this leg (to put in its SDP); RTCP is on the next port. */
  readonly localPort: number;
  readonly #session: number;
  readonly #host: EngineHost;
  readonly #clock: RelayClock;
  #pump: { pump: FramePump; finish: () => void } | undefined;
  #listener: ((pcm: Int16Array) => void) | undefined;

  constructor(
    name: SideName,
    localPort: number,
    session: number,
    host: EngineHost,
    clock: RelayClock,
  ) {
    this.name = name;
    this.localPort = localPort;
    this.#session = session;
    this.#host = host;
    this.#clock = clock;
  }

  get localRtcpPort(): number {
    return this.localPort + 1;
  }

  /** Where the phone's SDP says to send; latching starts over (a re-INVITE may move it). */
  async setRemote(remote: RemoteAddress): Promise<void> {
    // Plain copies: the command crosses postMessage, which clones data but not methods.
    const { address, port, rtcpPort } = remote;
    await this.#request({
      op: "remote",
      session: this.#session,
      side: this.name,
      remote: rtcpPort === undefined ? { address, port } : { address, port, rtcpPort },
    });
  }

  async setCodec(codec: RelayCodec): Promise<void> {
    const { payloadType, name, clockRateHz, telephoneEventPt } = codec;
    const plain: RelayCodec = { payloadType, name, clockRateHz };
    if (telephoneEventPt !== undefined) plain.telephoneEventPt = telephoneEventPt;
    await this.#request({ op: "codec", session: this.#session, side: this.name, codec: plain });
  }

  /** The direction the phone on this leg declared (a=sendonly when it puts the call on hold). */
  async setDirection(direction: Direction): Promise<void> {
    await this.#request({ op: "direction", session: this.#session, side: this.name, direction });
  }

  /** Speaks `source` to this leg instead of the other leg's audio, until it ends or stops. */
  play(source: FrameSource): PlayHandle {
    this.#stopPlay(false);
    const session = this.#session;
    const side = this.name;
    this.#host.post({ op: "play", session, side, playing: true });
    let finish = (): void => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pump = new FramePump(
      this.#clock,
      source,
      (pcm) => this.#host.post({ op: "frame", session, side, pcm }),
      () => this.#stopPlay(true),
    );
    const current = { pump, finish };
    this.#pump = current;
    pump.start();
    return {
      stop: () => {
        if (this.#pump === current) this.#stopPlay(true);
      },
      done,
    };
  }

  /** Receives the leg's audio decoded to 20 ms frames at `sampleRateHz`; returns the stop. */
  listen(onFrame: (pcm: Int16Array) => void, sampleRateHz: 8000 | 16000 = 8000): () => void {
    this.#listener = onFrame;
    this.#host.post({ op: "listen", session: this.#session, side: this.name, sampleRateHz });
    return () => {
      if (this.#listener !== onFrame) return;
      this.#listener = undefined;
      this.#host.post({ op: "listen", session: this.#session, side: this.name, sampleRateHz: 0 });
    };
  }

  async stats(): Promise<SideStats> {
    const reply = await this.#host.request({
      op: "stats",
      session: this.#session,
      side: this.name,
    });
    if (!reply.ok || !reply.stats) throw new Error(`relay stats: ${JSON.stringify(reply)}`);
    return reply.stats;
  }

  /** Called by the session for each decoded frame from the engine. */
  deliverFrame(pcm: Int16Array): void {
    this.#listener?.(pcm);
  }

  /** Ends taps on close. */
  detach(): void {
    this.#pump?.pump.stop();
    this.#pump?.finish();
    this.#pump = undefined;
    this.#listener = undefined;
  }

  #stopPlay(resumeForwarding: boolean): void {
    const current = this.#pump;
    if (!current) return;
    this.#pump = undefined;
    current.pump.stop();
    if (resumeForwarding) {
      this.#host.post({ op: "play", session: this.#session, side: this.name, playing: false });
    }
    current.finish();
  }

  async #request(command: RelayCommand): Promise<void> {
    const reply = await this.#host.request(command);
    // The session exists for as long as this object is used; a failure here is a bug.
    if (!reply.ok) throw new Error(`relay ${command.op}: ${reply.error}`);
  }
}
