// DTMF caller ID, ETSI EN 300 659-1 Annex B and the Chinese DTMF variant: the number
// framed by a start key (A, or D as many Chinese exchanges send) and the end key C;
// "D" + information code + "C" says why no number is given (00 unavailable, 10 private).
// Tones of 70 ms with 70 ms pauses sit inside the 50-70 ms the annex allows.
import { DtmfDetector, type DtmfEvent } from "./dtmf-detector.ts";
import { generateDtmfSequence } from "./dtmf-generator.ts";

export type DtmfCallerId = { number: string } | { absence: "unavailable" | "private" };

export type DtmfCallerIdResult =
  | { ok: true; callerId: DtmfCallerId }
  | { ok: false; error: "no start key" | "no end key" | "bad digits" };

const ABSENCE_CODES: Record<string, "unavailable" | "private"> = {
  "00": "unavailable",
  "10": "private",
};

/** The key string for a caller ID, e.g. "A13812345678C" or "D10C". */
export function encodeDtmfCallerId(callerId: DtmfCallerId, startKey: "A" | "D" = "A"): string {
  if ("number" in callerId) return `${startKey}${callerId.number.replace(/[^0-9*#]/g, "")}C`;
  return callerId.absence === "private" ? "D10C" : "D00C";
}

/** Parses received keys; text before the start key (line noise) is ignored. */
export function decodeDtmfCallerId(keys: string): DtmfCallerIdResult {
  const start = keys.search(/[AD]/);
  if (start < 0) return { ok: false, error: "no start key" };
  const end = keys.indexOf("C", start + 1);
  if (end < 0) return { ok: false, error: "no end key" };
  const body = keys.slice(start + 1, end);
  if (!/^[0-9*#]*$/.test(body)) return { ok: false, error: "bad digits" };
  if (keys[start] === "D" && body in ABSENCE_CODES) {
    return { ok: true, callerId: { absence: ABSENCE_CODES[body] as "unavailable" | "private" } };
  }
  return { ok: true, callerId: { number: body } };
}

/** PCM of a DTMF caller ID burst. */
export function encodeDtmfCallerIdAudio(
  callerId: DtmfCallerId,
  startKey: "A" | "D" = "A",
  sampleRateHz = 8000,
): Int16Array {
  return generateDtmfSequence(encodeDtmfCallerId(callerId, startKey), 70, 70, { sampleRateHz });
}

/** Detects the keys in PCM and parses them as caller ID. */
export function decodeDtmfCallerIdAudio(
  samples: Int16Array,
  sampleRateHz = 8000,
): DtmfCallerIdResult {
  const detector = new DtmfDetector({ sampleRateHz });
  const frame = Math.round(sampleRateHz / 50);
  const events: DtmfEvent[] = [];
  for (let i = 0; i < samples.length; i += frame) {
    events.push(...detector.process(samples.subarray(i, i + frame)));
  }
  events.push(...detector.flush());
  return decodeDtmfCallerId(events.map((e) => e.digit).join(""));
}
