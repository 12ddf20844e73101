// On-hook caller ID as audio, the three variants an analog port may use (SPEC DEV-2, EXT-5):
// China's FSK (YD/T 1008 / GB/T 15279: ITU-T V.23 tones, MDMF, between the first and second
// ring), the DTMF variant (ETSI EN 300 659-1 Annex B: "A<number>C" before the first ring) and
// Bell 202 FSK (Telcordia GR-30). The modems are media/dsp's.
import { decodeCallerIdFsk, encodeCallerIdFsk } from "../../media/dsp/caller-id-fsk.ts";
import {
  decodeDtmfCallerIdAudio,
  encodeDtmfCallerIdAudio,
} from "../../media/dsp/dtmf-caller-id.ts";
import { BELL202, V23 } from "../../media/dsp/fsk-modulator.ts";
import { joinFrames, silence, toFrames } from "./pcm-frames.ts";

export type CallerIdMode = "fsk" | "dtmf" | "bell202";
export const CALLER_ID_MODES: readonly CallerIdMode[] = ["fsk", "dtmf", "bell202"];

export interface CallerId {
  readonly number: string;
  readonly name?: string;
}

export interface CallerIdAudio {
  readonly frames: Int16Array[];
  /** FSK goes between the first and second ring, the DTMF variant before the first. */
  readonly timing: "after-first-ring" | "before-first-ring";
}

/** When the call arrives, as the MDMF date/time parameter carries it (local time). */
export interface CallTime {
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** The audio a port sends for `callerId` in `mode`. */
export function encodeCallerIdAudio(
  callerId: CallerId,
  mode: CallerIdMode,
  time?: CallTime,
): CallerIdAudio {
  if (mode === "dtmf") {
    const samples = encodeDtmfCallerIdAudio({ number: callerId.number });
    return { frames: [...toFrames(samples), ...silence(100)], timing: "before-first-ring" };
  }
  const info = {
    number: callerId.number,
    ...(callerId.name ? { name: callerId.name } : {}),
    ...(time ? { dateTime: time } : {}),
  };
  const samples = encodeCallerIdFsk(info, { standard: mode === "bell202" ? BELL202 : V23 });
  return { frames: toFrames(samples), timing: "after-first-ring" };
}

/** Caller ID found in received on-hook audio (any of the three variants), or null. */
export function decodeCallerIdAudio(frames: readonly Int16Array[]): CallerId | null {
  if (frames.length === 0) return null;
  const samples = joinFrames(frames);
  for (const standard of [V23, BELL202]) {
    const fsk = decodeCallerIdFsk(samples, standard);
    if (fsk.ok && fsk.info.number) {
      return fsk.info.name
        ? { number: fsk.info.number, name: fsk.info.name }
        : { number: fsk.info.number };
    }
  }
  const dtmf = decodeDtmfCallerIdAudio(samples);
  if (dtmf.ok && "number" in dtmf.callerId && dtmf.callerId.number !== "") {
    return { number: dtmf.callerId.number };
  }
  return null;
}
