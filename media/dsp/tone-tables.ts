// Call-progress tones per country, ITU-T E.180 Supplement 2 ("Various tones used in national
// networks"): China (GB 3380 / YD/T 1277 values: 450 Hz), United States (ANSI T1.401,
// precise tone plan), Europe (ETSI TR 101 041 / ES 201 970: 425 Hz). Also the ringing
// cadences the SLIC applies to analog phones. Data only.
import type { ToneComponent } from "./tone-synth.ts";

export type CountryCode = "cn" | "us" | "eu";
export type ToneName =
  | "dial"
  | "ringback"
  | "busy"
  | "congestion"
  | "call-waiting"
  /** Dial tone that says messages wait in the mailbox (SPEC CALL-7 on analog handsets). */
  | "stutter-dial";

/** A cadenced tone: components, and on/off durations repeated in order (empty = steady). */
export interface ToneSpec {
  components: readonly ToneComponent[];
  cadenceMs: readonly number[];
}

/** Ringing voltage cadence for analog phones: on/off durations in ms, repeated. */
export interface RingCadence {
  cadenceMs: readonly number[];
}

const cn = (levelDbm0: number): ToneComponent[] => [{ freqHz: 450, levelDbm0 }];
const eu = (levelDbm0: number): ToneComponent[] => [{ freqHz: 425, levelDbm0 }];
const pair = (a: number, b: number, levelDbm0: number): ToneComponent[] => [
  { freqHz: a, levelDbm0 },
  { freqHz: b, levelDbm0 },
];

export const TONE_TABLES: Readonly<Record<CountryCode, Readonly<Record<ToneName, ToneSpec>>>> = {
  cn: {
    dial: { components: cn(-10), cadenceMs: [] },
    ringback: { components: cn(-10), cadenceMs: [1000, 4000] },
    busy: { components: cn(-10), cadenceMs: [350, 350] },
    congestion: { components: cn(-10), cadenceMs: [700, 700] },
    "call-waiting": { components: cn(-13), cadenceMs: [400, 4000] },
    // 特种拨号音 (special dial tone): 450 Hz, 400 ms on, 40 ms off.
    "stutter-dial": { components: cn(-10), cadenceMs: [400, 40] },
  },
  us: {
    dial: { components: pair(350, 440, -13), cadenceMs: [] },
    ringback: { components: pair(440, 480, -19), cadenceMs: [2000, 4000] },
    busy: { components: pair(480, 620, -24), cadenceMs: [500, 500] },
    congestion: { components: pair(480, 620, -24), cadenceMs: [250, 250] },
    "call-waiting": { components: [{ freqHz: 440, levelDbm0: -13 }], cadenceMs: [300, 9700] },
    // Telcordia GR-506 message-waiting stutter: ten 100 ms bursts, then steady (an hour on).
    "stutter-dial": {
      components: pair(350, 440, -13),
      cadenceMs: [...Array.from({ length: 20 }, () => 100), 3_600_000, 0],
    },
  },
  eu: {
    dial: { components: eu(-10), cadenceMs: [] },
    ringback: { components: eu(-10), cadenceMs: [1000, 4000] },
    busy: { components: eu(-10), cadenceMs: [500, 500] },
    congestion: { components: eu(-10), cadenceMs: [250, 250] },
    "call-waiting": { components: eu(-13), cadenceMs: [150, 150, 150, 4000] },
    // Special dial tone (ETSI TR 101 041 lists 400/40 ms among the national variants).
    "stutter-dial": { components: eu(-10), cadenceMs: [400, 40] },
  },
};

export const RING_CADENCES: Readonly<Record<CountryCode, RingCadence>> = {
  cn: { cadenceMs: [1000, 4000] },
  us: { cadenceMs: [2000, 4000] },
  eu: { cadenceMs: [1000, 4000] },
};

/** The tone for a country, falling back to China, the product's home market. */
export function toneSpec(name: ToneName, country: string = "cn"): ToneSpec {
  const table = TONE_TABLES[country as CountryCode] ?? TONE_TABLES.cn;
  return table[name];
}
