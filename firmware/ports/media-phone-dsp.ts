// The signal processing the simulated board's virtual phones and exchange lines need (board
// cannot import media/, so board/sim/phone-dsp.ts declares it and this fills it): ITU-T Q.23
// DTMF from the keypad, call-progress classification of what the earpiece hears (E.180, China
// tones by default), caller ID decoding on the phone's display and the exchange's caller ID
// (China FSK by default).
import type { CallerIdInfo, HeardSound, PhoneDsp } from "../../board/sim/phone-dsp.ts";
import { generateDtmf } from "../../media/dsp/dtmf-generator.ts";
import { classifyCallProgress } from "../lines/call-progress.ts";
import {
  type CallerIdMode,
  decodeCallerIdAudio,
  encodeCallerIdAudio,
} from "../lines/caller-id-audio.ts";
import { silence, toFrames } from "../lines/pcm-frames.ts";

export interface MediaPhoneDspOptions {
  /** Tone plan the phones' ears know: "cn" (default), "us", "eu". */
  readonly country?: string;
  /** How the simulated exchange sends caller ID to FXO ports. */
  readonly exchangeCallerId?: CallerIdMode;
}

/** A PhoneDsp built on media/dsp. */
export function mediaPhoneDsp(o: MediaPhoneDspOptions = {}): PhoneDsp {
  const country = o.country ?? "cn";
  return {
    // Six seconds: a whole ringback cadence (1 s on, 4 s off) with margin.
    heardWindowFrames: 300,
    dtmfFrames: (digit, durationMs) => toFrames(generateDtmf(digit, { durationMs })),
    classifyHeard: (frames): HeardSound => classifyCallProgress(frames, country),
    decodeCallerId: (frames): CallerIdInfo | null => decodeCallerIdAudio(frames),
    callerIdFrames: (info) => [
      ...encodeCallerIdAudio(info, o.exchangeCallerId ?? "fsk").frames,
      ...silence(100),
    ],
  };
}
