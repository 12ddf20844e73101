// Adapts firmware/relay's MediaRelay to the MediaPort the call engine declares. Music on hold
// comes from the `music` factory main passes (the class's shared stream, SPEC VOICE-1), a soft
// cadenced tone without one; digits the box must speak go in-band (ITU-T Q.23 tones through
// the play tap), since the relay has no RFC 4733 injection of its own yet.

import { generateDtmf } from "../../media/dsp/dtmf-generator.ts";
import { TonePlayer } from "../../media/dsp/tone-player.ts";
import type { FrameSource } from "../relay/frame-pump.ts";
import type { MediaRelay } from "../relay/media-relay.ts";
import type { RelaySession } from "../relay/relay-session.ts";
import type { PlayHandle, RelaySide } from "../relay/relay-side.ts";
import type { MediaEvent, MediaPort, MediaSession, MediaSide } from "./media-port.ts";

const DIGITS = "0123456789*#ABCD";

/** A 425 Hz tone, 0.4 s every 2 s, quiet: what a held party hears until music is wired. */
export function holdTone(): FrameSource {
  return new TonePlayer({ components: [{ freqHz: 425, levelDbm0: -18 }], cadenceMs: [400, 1600] });
}

export interface RelayMediaPortOptions {
  /** The address phones send RTP to. */
  address: string;
  /** No RTP for this long ends a call that is not on hold (0 = never). */
  noRtpTimeoutMs: () => number;
  /** What a held party hears, by the holding extension's music-on-hold class. */
  music?: (mohClass: string) => FrameSource;
}

export function relayMediaPort(relay: MediaRelay, options: RelayMediaPortOptions): MediaPort {
  return {
    address: options.address,
    music: options.music ?? holdTone,
    async open() {
      let emit: (event: MediaEvent) => void = () => {};
      const result = await relay.createSession({
        timeoutMs: options.noRtpTimeoutMs(),
        onNoRtp: (side) => emit({ type: "no-rtp", side: side.name }),
        onTelephoneEvent: (side, notice) => {
          const digit = DIGITS[notice.event];
          if (notice.kind === "end" && digit)
            emit({ type: "digit", side: side.name, digit, durationMs: notice.durationMs ?? 100 });
        },
      });
      if (!result.ok) return undefined;
      return adaptSession(result.session, options.music ?? holdTone, (listener) => {
        emit = listener;
      });
    },
  };
}

function adaptSession(
  session: RelaySession,
  music: (mohClass: string) => FrameSource,
  listen: (listener: (event: MediaEvent) => void) => void,
): MediaSession {
  return {
    a: adaptSide(session.a, music),
    b: adaptSide(session.b, music),
    onEvent: listen,
    close: () => void session.close(),
  };
}

function adaptSide(side: RelaySide, music: (mohClass: string) => FrameSource): MediaSide {
  let playing: PlayHandle | undefined;
  return {
    port: side.localPort,
    setRemote: (address, port, rtcpPort) =>
      void side.setRemote({ address, port, ...(rtcpPort ? { rtcpPort } : {}) }),
    setCodec: (codec) => void side.setCodec(codec),
    setDirection: (direction) => void side.setDirection(direction),
    startMusic(mohClass = "default") {
      playing?.stop();
      playing = side.play(music(mohClass));
    },
    stopMusic() {
      playing?.stop();
      playing = undefined;
    },
    play: (source) => side.play(source),
    listen: (onFrame) => side.listen(onFrame),
    sendDigit(digit, durationMs) {
      const pcm = generateDtmf(digit, { durationMs: Math.min(durationMs, 1000) });
      let at = 0;
      side.play({
        nextFrame() {
          if (at >= pcm.length) return undefined;
          const frame = new Int16Array(160);
          frame.set(pcm.subarray(at, at + 160));
          at += 160;
          return frame;
        },
      });
    },
  };
}
