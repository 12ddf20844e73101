// Board definitions as data (SPEC DEV-2, EXT-5, STAT-3): what is soldered where on one board model.
// Devicetree "compatible" strings follow the Linux devicetree convention "vendor,model".

/** One GPIO line on a GPIO character device. */
export interface GpioPin {
  /** GPIO chip device, e.g. "/dev/gpiochip0" (on the simulated board a label such as "sim-gpio0"). */
  readonly chip: string;
  /** Line offset on that chip. */
  readonly line: number;
  /** True when the electrical low level means "on" / "pressed". */
  readonly activeLow: boolean;
}

/** An I2C device on the board's I2C bus. */
export interface I2cDeviceDefinition {
  /** 7-bit I2C address. */
  readonly address: number;
  /** Kernel driver / chip name ("24c02", "ds1307", "lm75"). */
  readonly chip: string;
}

export interface EepromDefinition extends I2cDeviceDefinition {
  readonly sizeBytes: number;
  readonly pageBytes: number;
  /** at24 sysfs file the kernel exposes for the chip. */
  readonly sysfsPath: string;
}

export interface RtcDefinition extends I2cDeviceDefinition {
  /** Character device of the kernel rtc driver. */
  readonly device: string;
}

export interface TemperatureDefinition extends I2cDeviceDefinition {
  /** hwmon "name" file content used to find the sensor under /sys/class/hwmon. */
  readonly hwmonName: string;
}

export type SlicChip = "si3215";
export type DaaChip = "si3050";

/** SPI wiring of one SLIC or DAA. */
export interface SpiAttachment {
  /** spidev node, e.g. "/dev/spidev0.1". */
  readonly device: string;
  readonly bus: number;
  readonly chipSelect: number;
  readonly maxSpeedHz: number;
  /** SPI mode 0..3 (CPOL/CPHA). */
  readonly mode: number;
}

export interface FxsPortDefinition {
  readonly kind: "fxs";
  /** 1-based port number printed on the case (FXS 1..n). */
  readonly index: number;
  readonly chip: SlicChip;
  readonly spi: SpiAttachment;
  /** PCM highway time slot (0-based, 8-bit slots). */
  readonly pcmSlot: number;
  /** The port's channel in the board's ALSA PCM device (`pcm`); the slot as the SoC sees it. */
  readonly pcmChannel?: number;
  readonly reset?: GpioPin;
  /** The SLIC's INT pin (open drain, active low) on a GPIO line. */
  readonly interrupt?: GpioPin;
}

export interface FxoPortDefinition {
  readonly kind: "fxo";
  /** 1-based port number printed on the case (FXO 1..n). */
  readonly index: number;
  readonly chip: DaaChip;
  readonly spi: SpiAttachment;
  readonly pcmSlot: number;
  /** The port's channel in the board's ALSA PCM device (`pcm`). */
  readonly pcmChannel?: number;
  readonly reset?: GpioPin;
  /** The DAA's INT pin (open drain, active low) on a GPIO line. */
  readonly interrupt?: GpioPin;
}

export type AnalogPortDefinition = FxsPortDefinition | FxoPortDefinition;

/**
 * The SLIC/DAA PCM highway as Linux shows it: the SoC's TDM interface is one ALSA PCM device
 * with one channel per port (16-bit linear, 8 kHz, interleaved), each way.
 */
export interface PcmHighwayDefinition {
  /** ALSA PCM name, e.g. "hw:0,0". */
  readonly device: string;
  /** Channels of the device (the ports' `pcmChannel` are below this). */
  readonly channels: number;
  /** How the chips put samples on the highway: 16-bit linear (default) or G.711 A-law/µ-law. */
  readonly format?: "s16" | "alaw" | "ulaw";
}

export type LedRole = "power" | "sip-registration" | "port" | "port-use" | "usb" | "alarm";

export interface LedDefinition {
  /** Stable name used by the firmware ("power", "sip", "fxs1", ...). */
  readonly name: string;
  readonly role: LedRole;
  /** For role "port": which analog port it shows. */
  readonly port?: { readonly kind: "fxs" | "fxo"; readonly index: number };
  readonly gpio: GpioPin;
  /** Name of the LED class device under /sys/class/leds (gpio-leds). */
  readonly sysfsName: string;
  readonly color: "green" | "red" | "amber" | "blue";
}

export interface ButtonDefinition {
  readonly name: string;
  readonly gpio: GpioPin;
  readonly debounceMs: number;
  /** Holding at least this long is a long press (reset button: factory reset). */
  readonly longPressMs: number;
}

export interface WatchdogDefinition {
  readonly device: string;
  readonly timeoutS: number;
}

export interface UsbStorageDefinition {
  readonly sysBlockDir: string;
  readonly mountsFile: string;
  /** Where the firmware mounts inserted USB volumes. */
  readonly mountRoot: string;
}

/**
 * Where the A/B firmware slots and the U-Boot environment live (SPEC DEV-4). Relative paths are
 * under the box's data directory (the simulated board keeps both as plain files there).
 */
export interface FirmwareSlotsDefinition {
  /** Slot A and slot B: a directory (simulated board) or a partition. */
  readonly slots: { readonly a: string; readonly b: string };
  /** As /etc/fw_env.config says: device (or file), offset and size of the environment. */
  readonly bootEnv: { readonly path: string; readonly offset: number; readonly sizeBytes: number };
  /** bootlimit: boots a new slot gets to pass its health check before U-Boot falls back. */
  readonly bootLimit: number;
  /**
   * How the box boots into another slot: "board" reboots the board (U-Boot picks the slot);
   * "program" only ends the program with the restart status, for whatever runs it to start
   * again (the simulated board's bootloader).
   */
  readonly reboot: "board" | "program";
}

export interface BoardDefinition {
  /** Short name used on the command line (--board). */
  readonly name: string;
  /** Human model name shown on the status page. */
  readonly model: string;
  /** Devicetree compatible strings, most specific first. */
  readonly compatible: readonly string[];
  readonly arch: "arm64" | "x64" | "any";
  readonly gpioChips: readonly string[];
  readonly i2c: {
    /** i2c-dev node of the bus carrying EEPROM, RTC and temperature sensor. */
    readonly bus: string;
    readonly busNumber: number;
    readonly eeprom: EepromDefinition;
    readonly rtc: RtcDefinition;
    readonly temperature: TemperatureDefinition;
  };
  readonly ports: readonly AnalogPortDefinition[];
  /** Where the ports' audio goes on a Linux board; absent on the simulated board. */
  readonly pcm?: PcmHighwayDefinition;
  /**
   * How the SLIC and DAA drivers learn of line changes: "interrupt" waits on each port's INT line
   * (GPIO line events) and reads the status registers when it fires (a DAA then samples every
   * 10 ms only while a line rings or is seized); "poll" reads them every 10 ms (a board whose
   * INT lines are not wired, or a kernel without edge support on that GPIO chip).
   */
  readonly portSignalling: "interrupt" | "poll";
  readonly leds: readonly LedDefinition[];
  readonly buttons: readonly ButtonDefinition[];
  readonly watchdog: WatchdogDefinition;
  readonly usb: UsbStorageDefinition;
  readonly firmware: FirmwareSlotsDefinition;
  /**
   * The chips are board/sim's register models (the firmware on a PC): the drivers talk to them
   * over simulated buses. The ports' audio still goes where `pcm` says when it is given.
   */
  readonly simulated?: boolean;
}
