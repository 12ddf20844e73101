// Runs the codec contract against every codec the registry offers.
import { codecContract } from "./codec.contract.ts";
import { g722 } from "./g722.ts";
import { l16 } from "./l16.ts";
import { pcma } from "./pcma.ts";
import { pcmu } from "./pcmu.ts";

const g711Sines = [
  [1000, -10, 35],
  [300, -10, 33],
  [3000, -10, 35],
  [1000, -30, 30],
  [1000, 0, 33],
] as const;

codecContract(pcmu, {
  frameSamples: 160,
  frameBytes: 160,
  frameTimestampUnits: 160,
  sines: [...g711Sines, [1000, -50, 33]],
  sweepSnrDb: 33,
  sweepToHz: 3600,
  silencePeak: 0,
  maxDelaySamples: 0,
});

codecContract(pcma, {
  frameSamples: 160,
  frameBytes: 160,
  frameTimestampUnits: 160,
  // A-law's linear first segment trades low-level SNR for a wider top range.
  sines: [...g711Sines, [1000, -50, 20]],
  sweepSnrDb: 33,
  sweepToHz: 3600,
  silencePeak: 8,
  maxDelaySamples: 0,
});

codecContract(g722, {
  frameSamples: 320,
  frameBytes: 160,
  frameTimestampUnits: 160,
  sines: [
    [1000, -10, 40],
    [300, -10, 40],
    [3000, -10, 35],
    [6000, -10, 20],
    [1000, -30, 35],
    [1000, -50, 20],
  ],
  sweepSnrDb: 20,
  sweepToHz: 7000,
  silencePeak: 16,
  maxDelaySamples: 64,
});

for (const rate of [8000, 16000] as const) {
  codecContract(l16(rate), {
    frameSamples: rate / 50,
    frameBytes: rate / 25,
    frameTimestampUnits: rate / 50,
    sines: [
      [1000, -10, 90],
      [1000, -50, 50],
    ],
    sweepSnrDb: 90,
    sweepToHz: rate * 0.45,
    silencePeak: 0,
    maxDelaySamples: 0,
  });
}
