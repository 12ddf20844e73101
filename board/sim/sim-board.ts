// The simulated board (SPEC DEV-2; STYLE 4): built from the bsp `sim` definition, with every chip
// modelled at register level on simulated buses and the real drivers on top: Si3215 + virtual
// phone per FXS port, Si3050 + virtual exchange line per FXO port, at24/DS1307/LM75 on I2C, LEDs
// and the reset button on a simulated GPIO chip, watchdog and USB storage. The ports' audio is
// the simulated highway to the chip models, or the ALSA device the definition names (`pcm`).
import type { BoardDefinition } from "../../bsp/board-definition.ts";
import { sim } from "../../bsp/sim.ts";
import { type Board, type BoardStartReport, startHighwayAndPorts } from "../board.ts";
import { SimButtons } from "../buttons/sim-buttons.ts";
import type { Clock } from "../clock.ts";
import { type BoardInfo, encodeBoardInfo } from "../eeprom/board-info.ts";
import { SimEeprom } from "../eeprom/sim-eeprom.ts";
import { Si3050Fxo } from "../fxo/si3050-fxo.ts";
import { Si3215Fxs } from "../fxs/si3215-fxs.ts";
import { interruptLine } from "../gpio/interrupt-line.ts";
import { SimGpioChip } from "../gpio/sim-gpio.ts";
import { SimI2cBus } from "../i2c/sim-i2c.ts";
import { SimLeds } from "../leds/sim-leds.ts";
import { AlsaPcmPort } from "../pcm/alsa-pcm-port.ts";
import { type PcmChannel, silentPcmChannel } from "../pcm/pcm-channel.ts";
import type { PcmPort } from "../pcm/pcm-port.ts";
import { SimPcmPort } from "../pcm/sim-pcm-port.ts";
import { SimRtc } from "../rtc/sim-rtc.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import { SimTemperature } from "../temperature/sim-temperature.ts";
import { SimUsbStorage } from "../usb-storage/sim-usb-storage.ts";
import { SimWatchdog } from "../watchdog/sim-watchdog.ts";
import { At24Model } from "./at24-model.ts";
import { Ds1307Model } from "./ds1307-model.ts";
import { Lm75Model } from "./lm75-model.ts";
import type { PhoneDsp } from "./phone-dsp.ts";
import { rtcBatteryFile } from "./rtc-battery-file.ts";
import { Si3050Model } from "./si3050-model.ts";
import { Si3215Model } from "./si3215-model.ts";
import { SimControl } from "./sim-control.ts";
import { VirtualTelcoLine } from "./virtual-line.ts";
import { VirtualPhone } from "./virtual-phone.ts";

export interface SimBoardOptions {
  readonly clock: Clock;
  readonly dsp: PhoneDsp;
  readonly definition?: BoardDefinition;
  /** Identity written into the simulated EEPROM; a serial and MAC are generated when omitted. */
  readonly identity?: Partial<BoardInfo>;
  /** RTC time at power-up. */
  readonly rtcEpochMs?: number;
  /** The RTC's backup battery: a file that keeps its time across restarts (none: forgotten). */
  readonly rtcBatteryFile?: string;
  /** Poll the SLICs even where the board wires their INT lines (the fallback, for tests). */
  readonly pollPorts?: boolean;
  /** The folder standing for the USB stick's file system (a temporary one if not given). */
  readonly usbDir?: string;
  /**
   * The drivers' audio highway; by default the ALSA device the definition names (`pcm`), and the
   * simulated highway to the chip models on a definition that names none.
   */
  readonly highway?: PcmPort;
}

/** Locally administered MAC from a serial number, so every simulated unit is distinct. */
export function macForSerial(serial: string): string {
  let h = 0x811c9dc5;
  for (const c of serial) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const octets = [0x02, 0x50, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return octets.map((o) => o.toString(16).padStart(2, "0")).join(":");
}

export class SimBoard implements Board {
  readonly definition: BoardDefinition;
  readonly fxs: Si3215Fxs[] = [];
  readonly fxo: Si3050Fxo[] = [];
  readonly phones: VirtualPhone[] = [];
  readonly lines: VirtualTelcoLine[] = [];
  readonly slics: Si3215Model[] = [];
  readonly daas: Si3050Model[] = [];
  readonly gpioChip = new SimGpioChip();
  readonly spiBus = new SimSpiBus();
  /** The chip models' PCM highway: drivers on the host side of each time slot, chips on the other. */
  readonly pcm = new SimPcmPort();
  /**
   * Where the drivers' audio goes: `pcm` (so the virtual phones hear and dial), or an ALSA
   * device whose far end stands for the handsets and lines; the chip models' slots are then
   * left unconnected.
   */
  readonly highway: PcmPort;
  readonly i2cBus = new SimI2cBus();
  readonly eepromChip: At24Model;
  readonly temperatureChip = new Lm75Model(38);
  readonly leds: SimLeds;
  readonly buttons: SimButtons;
  readonly eeprom: SimEeprom;
  readonly rtc: SimRtc;
  readonly temperature: SimTemperature;
  readonly watchdog: SimWatchdog;
  readonly usb: SimUsbStorage;
  /** The simulator's second face: what tests and the virtual front panel drive. */
  readonly control: SimControl;

  constructor(o: SimBoardOptions) {
    const def = o.definition ?? sim;
    this.definition = def;
    this.usb = new SimUsbStorage(o.usbDir);
    const alsa = def.pcm;
    this.highway = o.highway ?? (alsa === undefined ? this.pcm : new AlsaPcmPort(alsa));
    // A port is its time slot on the simulated highway and its channel in an ALSA device.
    const driverPcm = (p: { pcmSlot: number; pcmChannel?: number }): PcmChannel => {
      const channel = alsa === undefined ? p.pcmSlot : p.pcmChannel;
      return channel === undefined ? silentPcmChannel : this.highway.channel(channel);
    };
    for (const p of def.ports) {
      const common = {
        index: p.index,
        spi: this.spiBus.device(p.spi.chipSelect),
        pcm: driverPcm(p),
        clock: o.clock,
        pcmSlot: p.pcmSlot,
      };
      if (p.kind === "fxs") {
        const chip = new Si3215Model(o.clock, this.pcm.chip(p.pcmSlot));
        const phone = new VirtualPhone(chip, o.clock, o.dsp);
        chip.attachLine(phone);
        this.spiBus.attach(p.spi.chipSelect, chip);
        this.slics.push(chip);
        this.phones.push(phone);
        const irq = p.interrupt;
        // The INT pin is open drain: asserted pulls the line low (activeLow pins).
        if (irq)
          chip.attachInterruptPin((asserted) =>
            this.gpioChip.drive(irq, asserted !== irq.activeLow),
          );
        const useIrq = irq && def.portSignalling === "interrupt" && !o.pollPorts;
        this.fxs.push(
          new Si3215Fxs({
            ...common,
            ...(useIrq
              ? { interrupt: interruptLine(this.gpioChip, irq, `fxs${p.index}-int`) }
              : {}),
          }),
        );
      } else {
        const chip = new Si3050Model(o.clock, this.pcm.chip(p.pcmSlot));
        const line = new VirtualTelcoLine(chip, o.clock, o.dsp);
        chip.attachLine(line);
        this.spiBus.attach(p.spi.chipSelect, chip);
        this.daas.push(chip);
        this.lines.push(line);
        const irq = p.interrupt;
        if (irq)
          chip.attachInterruptPin((asserted) =>
            this.gpioChip.drive(irq, asserted !== irq.activeLow),
          );
        const useIrq = irq && def.portSignalling === "interrupt" && !o.pollPorts;
        this.fxo.push(
          new Si3050Fxo({
            ...common,
            ...(useIrq
              ? { interrupt: interruptLine(this.gpioChip, irq, `fxo${p.index}-int`) }
              : {}),
          }),
        );
      }
    }

    const serial = o.identity?.serial ?? "SIM00000001";
    const record = encodeBoardInfo({
      model: o.identity?.model ?? def.model,
      serial,
      mac: o.identity?.mac ?? macForSerial(serial),
      hardwareRevision: o.identity?.hardwareRevision ?? 1,
      manufactureDate: o.identity?.manufactureDate ?? "2024-01-01",
    });
    if (!record.ok) throw new Error(`simulated EEPROM identity: ${record.error.message}`);
    const memory = new Uint8Array(def.i2c.eeprom.sizeBytes).fill(0xff);
    memory.set(record.value, 0);
    this.eepromChip = new At24Model(memory, def.i2c.eeprom.pageBytes);
    this.i2cBus.attach(def.i2c.eeprom.address, this.eepromChip);
    this.i2cBus.attach(
      def.i2c.rtc.address,
      new Ds1307Model(
        o.clock,
        o.rtcEpochMs,
        o.rtcBatteryFile === undefined ? undefined : rtcBatteryFile(o.rtcBatteryFile),
      ),
    );
    this.i2cBus.attach(def.i2c.temperature.address, this.temperatureChip);

    this.leds = new SimLeds(this.gpioChip, def.leds, o.clock);
    this.buttons = new SimButtons(this.gpioChip, def.buttons, o.clock);
    this.eeprom = new SimEeprom(
      this.i2cBus,
      def.i2c.eeprom.address,
      def.i2c.eeprom.sizeBytes,
      def.i2c.eeprom.pageBytes,
    );
    this.rtc = new SimRtc(this.i2cBus, def.i2c.rtc.address);
    this.temperature = new SimTemperature(this.i2cBus, def.i2c.temperature.address);
    this.watchdog = new SimWatchdog(o.clock);
    this.control = new SimControl(this);
  }

  /** Opens the audio highway (a device that cannot open is the "pcm" fault), then the ports. */
  async start(): Promise<BoardStartReport> {
    return startHighwayAndPorts(this.highway, [...this.fxs, ...this.fxo]);
  }

  stop(): void {
    void this.highway.close();
    for (const p of [...this.fxs, ...this.fxo]) p.stop();
    // The far ends and blinking LEDs run on clock timers too: leave nothing scheduled.
    for (const phone of this.phones) phone.onHook();
    for (const line of this.lines) line.stopRinging();
    for (const name of this.leds.names()) this.leds.set(name, "off");
    this.buttons.stop();
    this.watchdog.stop();
  }
}
