// The whole board as the firmware sees it (SPEC DEV-2, EXT-5, STAT-3): analog ports, LEDs,
// buttons, EEPROM identity, RTC, temperature, watchdog, USB storage. SimBoard and LinuxBoard
// both provide it; only firmware/main.ts chooses which.
import type { BoardDefinition } from "../bsp/board-definition.ts";
import type { Buttons } from "./buttons/buttons.ts";
import { BOARD_INFO_BYTES, type BoardInfo, decodeBoardInfo } from "./eeprom/board-info.ts";
import type { Eeprom } from "./eeprom/eeprom.ts";
import type { FxoPort } from "./fxo/fxo.ts";
import type { FxsPort } from "./fxs/fxs.ts";
import type { Leds } from "./leds/leds.ts";
import type { PcmPort } from "./pcm/pcm-port.ts";
import { fail, type Result } from "./result.ts";
import type { Rtc } from "./rtc/rtc.ts";
import type { TemperatureSensor } from "./temperature/temperature.ts";
import type { UsbStorage } from "./usb-storage/usb-storage.ts";
import type { Watchdog } from "./watchdog/watchdog.ts";

export interface BoardStartReport {
  /** "fxs1", "fxo3", ...; "pcm" among the faulty when the ports' audio highway did not open. */
  readonly started: readonly string[];
  readonly faulty: ReadonlyArray<{ readonly port: string; readonly message: string }>;
}

export interface Board {
  readonly definition: BoardDefinition;
  readonly fxs: readonly FxsPort[];
  readonly fxo: readonly FxoPort[];
  readonly leds: Leds;
  readonly buttons: Buttons;
  readonly eeprom: Eeprom;
  readonly rtc: Rtc;
  readonly temperature: TemperatureSensor;
  readonly watchdog: Watchdog;
  readonly usb: UsbStorage;
  /** Starts every analog port; one that fails is left faulty and the others run. */
  start(): Promise<BoardStartReport>;
  stop(): void;
}

/** Starts the ports one by one (they share SPI buses) and collects the outcome. */
export async function startPorts(
  ports: ReadonlyArray<FxsPort | FxoPort>,
): Promise<BoardStartReport> {
  const started: string[] = [];
  const faulty: Array<{ port: string; message: string }> = [];
  for (const p of ports) {
    const r = await p.start();
    if (r.ok) started.push(`${p.kind}${p.index}`);
    else faulty.push({ port: `${p.kind}${p.index}`, message: r.error.message });
  }
  return { started, faulty };
}

/**
 * Opens the ports' audio highway, then starts the ports. A highway that cannot open leaves the
 * ports working without audio (dial tone and calls signal, the handset hears silence) and is
 * reported as "pcm" among the faulty.
 */
export async function startHighwayAndPorts(
  highway: PcmPort | undefined,
  ports: ReadonlyArray<FxsPort | FxoPort>,
): Promise<BoardStartReport> {
  let pcmFault: string | undefined;
  try {
    await highway?.open();
  } catch (error) {
    pcmFault = error instanceof Error ? error.message : String(error);
  }
  const report = await startPorts(ports);
  if (pcmFault === undefined) return report;
  return { ...report, faulty: [{ port: "pcm", message: pcmFault }, ...report.faulty] };
}

/** Reads the identity record (model, serial, MAC) from the board EEPROM. */
export function readBoardInfo(eeprom: Eeprom): Result<BoardInfo> {
  try {
    return decodeBoardInfo(eeprom.read(0, BOARD_INFO_BYTES));
  } catch (error) {
    return fail("io-error", error instanceof Error ? error.message : String(error));
  }
}
