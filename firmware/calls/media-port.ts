// What the call engine needs of the RTP relay (DESIGN "Media flows through the box"),
// declared here by its consumer: a session per call with two sides, a (the calling SIP leg)
// and b (the called SIP legs), each on its own local RTP port from the configured range.
// main.ts adapts firmware/relay to this shape.

/** A leg's media direction as the phone on that leg declared it (RFC 3264 §5.1). */
export type MediaDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export type SideName = "a" | "b";

/** 20 ms PCM frames at 8 kHz; undefined once the source has ended. */
export interface FrameSource {
  nextFrame(): Int16Array | undefined;
}

/** A running play(): stop it early, or wait until its source ends. */
export interface PlayingAudio {
  readonly done: Promise<void>;
  stop(): void;
}

/** The codec a leg negotiated and its RFC 4733 telephone-event payload type. */
export interface LegCodec {
  payloadType: number;
  name: string;
  clockRateHz: number;
  telephoneEventPt?: number;
}

export interface MediaSide {
  /** Local RTP port written in this leg's SDP (RTCP on port + 1). */
  readonly port: number;
  setRemote(address: string, port: number, rtcpPort?: number): void;
  setCodec(codec: LegCodec): void;
  setDirection(direction: MediaDirection): void;
  /** Music on hold of `mohClass` (the holding extension's class) toward this side's phone. */
  startMusic(mohClass?: string): void;
  stopMusic(): void;
  /** The box speaks to this side's phone (prompts); other audio toward it pauses meanwhile. */
  play(source: FrameSource): PlayingAudio;
  /** 20 ms frames of 8 kHz PCM of what this side's phone sends; returns the stop function. */
  listen(onFrame: (pcm: Int16Array) => void): () => void;
  /** Speaks a DTMF digit toward this phone (RFC 4733 when negotiated, else in-band). */
  sendDigit(digit: string, durationMs: number): void;
}

export type MediaEvent =
  /** The phone on `side` sent no RTP for the no-RTP time while it should be sending. */
  | { type: "no-rtp"; side: SideName }
  /** The phone on `side` sent a DTMF digit (RFC 4733 end of event). */
  | { type: "digit"; side: SideName; digit: string; durationMs: number };

export interface MediaSession {
  readonly a: MediaSide;
  readonly b: MediaSide;
  onEvent(listener: (event: MediaEvent) => void): void;
  close(): void;
}

export interface MediaPort {
  /** The address phones send RTP to (SDP c=). */
  readonly address: string;
  /** Music on hold of a class for parties outside the relay (analog lines); a tone without. */
  music?(mohClass: string): FrameSource;
  /** A new session, or undefined when the port range is exhausted. */
  open(): Promise<MediaSession | undefined>;
}
