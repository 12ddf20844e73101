// Si3215 power-up and calibration (Si3210/3215 datasheet "Initialization" and AN35 sequence):
// presence check against reset values, indirect coefficients, DC-DC converter power-up, DC-DC and
// analog calibration, line parameters, PCM time slot, interrupts, then forward active.
import { type Clock, waitFor } from "../clock.ts";
import type { FxsFaultReason } from "./fxs.ts";
import { DCDC_CAL_BUSY, DR, IR, VBAT_SENSE_MV_PER_LSB } from "./si3215-registers.ts";
import type { Si3215Spi } from "./si3215-spi.ts";

export interface Si3215InitOptions {
  readonly pcmSlot: number;
  readonly ringFrequencyHz: number;
  readonly ringVoltagePeakV: number;
  /** 20..41 mA in 3 mA steps. */
  readonly loopCurrentMa: number;
}

export type InitOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: FxsFaultReason; readonly detail: string };

/** The ringing oscillator runs at 1 kHz: coefficient = cos(2*pi*f/1000) in Q15. */
export function ringOscillatorCoefficient(frequencyHz: number): number {
  return Math.round(32768 * Math.cos((2 * Math.PI * frequencyHz) / 1000)) & 0xffff;
}

/** Initial amplitude: (1/4)*sqrt((1-c)/(1+c)) * (Vpk / 96 V) in Q15, c the coefficient as a fraction. */
export function ringOscillatorAmplitude(frequencyHz: number, peakVolts: number): number {
  const c = Math.cos((2 * Math.PI * frequencyHz) / 1000);
  return Math.round(0.25 * Math.sqrt((1 - c) / (1 + c)) * (peakVolts / 96) * 32768) & 0xffff;
}

/** Battery at least this high after power-up, else the DC-DC converter or its supply is broken. */
export const MIN_BATTERY_V = 60;

export const batteryVolts = (vbatSense: number): number =>
  (vbatSense * VBAT_SENSE_MV_PER_LSB) / 1000;

export async function initializeSi3215(
  chip: Si3215Spi,
  clock: Clock,
  o: Si3215InitOptions,
): Promise<InitOutcome> {
  const id = chip.read(DR.ID);
  if (id === 0x00 || id === 0xff)
    return { ok: false, reason: "chip-not-responding", detail: `DR0 reads 0x${hex(id)}` };
  const loopback = chip.read(DR.LOOPBACK);
  const hybrid = chip.read(DR.HYBRID);
  if (loopback !== 0x02 || hybrid !== 0x33) {
    return {
      ok: false,
      reason: "chip-not-responding",
      detail: `reset values DR8=0x${hex(loopback)} DR11=0x${hex(hybrid)}`,
    };
  }

  chip.write(DR.LINEFEED, 0);
  chip.write(DR.INT_ENABLE_1, 0);
  chip.write(DR.INT_ENABLE_2, 0);
  chip.write(DR.INT_ENABLE_3, 0);

  chip.writeIndirect(IR.RING_OSC, ringOscillatorCoefficient(o.ringFrequencyHz));
  chip.writeIndirect(IR.RING_X, ringOscillatorAmplitude(o.ringFrequencyHz, o.ringVoltagePeakV));
  chip.writeIndirect(IR.RING_Y, 0);
  chip.writeIndirect(IR.RING_V_OFF, 0);
  chip.writeIndirect(IR.LOOP_CLOSE_THRESHOLD, 0x1000);
  chip.writeIndirect(IR.RING_TRIP_THRESHOLD, 0x3600);
  chip.writeIndirect(IR.POWER_ALARM_Q1Q2, 0x07c0);
  chip.writeIndirect(IR.POWER_ALARM_Q3Q4, 0x2600);
  chip.writeIndirect(IR.POWER_ALARM_Q5Q6, 0x1b80);

  // DC-DC converter: PWM period, switching delay, battery targets, then power it up.
  chip.write(DR.DCDC_PWM_PERIOD, 0xff);
  chip.write(DR.DCDC_CONTROL, 0x19);
  chip.write(DR.VBATH, 0x32);
  chip.write(DR.VBATL, 0x10);
  chip.write(DR.POWER_DOWN_1, 0x00);
  const powered = await waitFor(
    clock,
    () => batteryVolts(chip.read(DR.VBAT_SENSE)) >= MIN_BATTERY_V,
    1000,
  );
  if (!powered) {
    return {
      ok: false,
      reason: "battery-fault",
      detail: `battery ${batteryVolts(chip.read(DR.VBAT_SENSE)).toFixed(1)} V after power-up`,
    };
  }

  chip.write(DR.DCDC_CONTROL, DCDC_CAL_BUSY | 0x19);
  if (!(await waitFor(clock, () => (chip.read(DR.DCDC_CONTROL) & DCDC_CAL_BUSY) === 0, 2000))) {
    return { ok: false, reason: "calibration-failed", detail: "DC-DC calibration did not finish" };
  }
  chip.write(DR.CAL_2, 0x18);
  chip.write(DR.CAL_1, 0x47);
  if (!(await waitFor(clock, () => chip.read(DR.CAL_1) === 0, 800))) {
    return { ok: false, reason: "calibration-failed", detail: "analog calibration did not finish" };
  }

  chip.write(DR.LOOP_CLOSURE_DEBOUNCE, 0x0a);
  chip.write(DR.RING_TRIP_DEBOUNCE, 0x0a);
  chip.write(
    DR.LOOP_CURRENT_LIMIT,
    Math.max(0, Math.min(7, Math.round((o.loopCurrentMa - 20) / 3))),
  );
  chip.write(DR.ON_HOOK_LINE_VOLTAGE, 0x20);

  // PCM: 16-bit linear in our slot; start counts are in PCLK cycles, 8 per 8-bit slot, +1 for FSYNC.
  const startCount = o.pcmSlot * 8 + 1;
  chip.write(DR.PCM_TX_START_LOW, startCount & 0xff);
  chip.write(DR.PCM_TX_START_HIGH, startCount >> 8);
  chip.write(DR.PCM_RX_START_LOW, startCount & 0xff);
  chip.write(DR.PCM_RX_START_HIGH, startCount >> 8);
  chip.write(DR.PCM_MODE, 0x38);

  chip.write(DR.INT_STATUS_1, 0xff);
  chip.write(DR.INT_STATUS_2, 0xff);
  chip.write(DR.INT_STATUS_3, 0xff);
  chip.write(DR.INT_ENABLE_2, 0xff);
  return { ok: true };
}

const hex = (v: number): string => v.toString(16).padStart(2, "0");
