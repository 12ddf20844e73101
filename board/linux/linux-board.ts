// The real board from a bsp definition (SPEC DEV-2): every device class through its Linux
// backend. SPI devices open on first use so a missing spidev node faults only its own port.
import type { BoardDefinition, SpiAttachment } from "../../bsp/board-definition.ts";
import { type Board, type BoardStartReport, startHighwayAndPorts } from "../board.ts";
import { GpioButtons } from "../buttons/gpio-buttons.ts";
import type { Clock } from "../clock.ts";
import { LinuxEeprom } from "../eeprom/linux-eeprom.ts";
import type { FxoPort } from "../fxo/fxo.ts";
import { Si3050Fxo } from "../fxo/si3050-fxo.ts";
import type { FxsPort } from "../fxs/fxs.ts";
import { Si3215Fxs } from "../fxs/si3215-fxs.ts";
import { interruptLine } from "../gpio/interrupt-line.ts";
import { LinuxGpio } from "../gpio/linux-gpio.ts";
import { LinuxLeds } from "../leds/linux-leds.ts";
import { AlsaPcmPort } from "../pcm/alsa-pcm-port.ts";
import { silentPcmChannel } from "../pcm/pcm-channel.ts";
import type { PcmPort } from "../pcm/pcm-port.ts";
import { LinuxRtc } from "../rtc/linux-rtc.ts";
import { LinuxSpiDevice } from "../spi/linux-spi.ts";
import type { SpiDevice } from "../spi/spi.ts";
import { LinuxTemperature } from "../temperature/linux-temperature.ts";
import { LinuxUsbStorage } from "../usb-storage/linux-usb-storage.ts";
import { LinuxWatchdog } from "../watchdog/linux-watchdog.ts";
import type { Syscalls } from "./syscalls.ts";

export interface LinuxBoardOptions {
  readonly clock: Clock;
  readonly syscalls: Syscalls;
  /**
   * The ports' audio; by default the ALSA device the definition names (`pcm`), and silence on a
   * board whose definition names none.
   */
  readonly pcm?: PcmPort;
  readonly sysfsRoot?: string;
}

/** Opens spidev on the first transfer so construction never throws for an absent node. */
function lazySpi(sys: Syscalls, attachment: SpiAttachment): SpiDevice {
  let device: LinuxSpiDevice | null = null;
  return {
    transfer: (tx) => {
      device ??= new LinuxSpiDevice(sys, attachment);
      return device.transfer(tx);
    },
    close: () => device?.close(),
  };
}

export class LinuxBoard implements Board {
  readonly fxs: FxsPort[] = [];
  readonly fxo: FxoPort[] = [];
  readonly leds: LinuxLeds;
  readonly buttons: GpioButtons;
  readonly eeprom: LinuxEeprom;
  readonly rtc: LinuxRtc;
  readonly temperature: LinuxTemperature;
  readonly watchdog: LinuxWatchdog;
  readonly usb: LinuxUsbStorage;
  private readonly gpio: LinuxGpio;
  private readonly pcm: PcmPort | undefined;

  constructor(
    readonly definition: BoardDefinition,
    o: LinuxBoardOptions,
  ) {
    const sys = o.syscalls;
    const root = o.sysfsRoot ?? "/sys";
    this.gpio = new LinuxGpio(sys);
    this.pcm =
      o.pcm ?? (definition.pcm === undefined ? undefined : new AlsaPcmPort(definition.pcm));
    const highway = this.pcm;
    const pcm = (channel: number | undefined) =>
      highway === undefined || channel === undefined ? silentPcmChannel : highway.channel(channel);
    for (const p of definition.ports) {
      const common = {
        index: p.index,
        spi: lazySpi(sys, p.spi),
        pcm: pcm(p.pcmChannel),
        clock: o.clock,
        pcmSlot: p.pcmSlot,
      };
      const irq = definition.portSignalling === "interrupt" ? p.interrupt : undefined;
      if (p.kind === "fxo")
        this.fxo.push(
          new Si3050Fxo({
            ...common,
            ...(irq ? { interrupt: interruptLine(this.gpio, irq, `fxo${p.index}-int`) } : {}),
          }),
        );
    }
    for (const p of definition.ports) {
      if (p.kind !== "fxs") continue;
      const irq = definition.portSignalling === "interrupt" ? p.interrupt : undefined;
      this.fxs.push(
        new Si3215Fxs({
          index: p.index,
          spi: lazySpi(sys, p.spi),
          pcm: pcm(p.pcmChannel),
          clock: o.clock,
          pcmSlot: p.pcmSlot,
          ...(irq ? { interrupt: interruptLine(this.gpio, irq, `fxs${p.index}-int`) } : {}),
        }),
      );
    }
    this.leds = new LinuxLeds(definition.leds, `${root}/class/leds`);
    this.buttons = new GpioButtons(this.gpio, definition.buttons, o.clock);
    this.eeprom = new LinuxEeprom(
      definition.i2c.eeprom.sysfsPath.replace(/^\/sys/, root),
      definition.i2c.eeprom.sizeBytes,
    );
    this.rtc = new LinuxRtc(sys, definition.i2c.rtc.device);
    this.temperature = new LinuxTemperature(
      definition.i2c.temperature.hwmonName,
      `${root}/class/hwmon`,
    );
    this.watchdog = new LinuxWatchdog(sys, definition.watchdog.device);
    this.usb = new LinuxUsbStorage({
      sysBlockDir: definition.usb.sysBlockDir,
      mountsFile: definition.usb.mountsFile,
      mountRoot: definition.usb.mountRoot,
    });
  }

  /** Opens the audio highway (a device that cannot open is the "pcm" fault), then the ports. */
  async start(): Promise<BoardStartReport> {
    return startHighwayAndPorts(this.pcm, [...this.fxs, ...this.fxo]);
  }

  stop(): void {
    void this.pcm?.close();
    for (const p of [...this.fxs, ...this.fxo]) p.stop();
    this.buttons.stop();
    this.gpio.close();
  }
}
