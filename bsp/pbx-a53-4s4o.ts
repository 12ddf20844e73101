// Reference arm64 board (SPEC DEV-2): Cortex-A53 SoC, 4 FXS (Si3215) + 4 FXO (Si3050) on SPI bus 0
// (chip selects 0-7 through a decoder), board EEPROM/RTC/temperature sensor on I2C bus 0.
// Device paths are the ones the Linux kernel creates for spidev, i2c-dev, gpiolib, at24, rtc.
import type {
  AnalogPortDefinition,
  BoardDefinition,
  GpioPin,
  LedDefinition,
} from "./board-definition.ts";

const chip = "/dev/gpiochip0";
const pin = (line: number, activeLow = false): GpioPin => ({ chip, line, activeLow });

const spi = (chipSelect: number) => ({
  device: `/dev/spidev0.${chipSelect}`,
  bus: 0,
  chipSelect,
  maxSpeedHz: 4_000_000,
  // Both ProSLIC and Voice DAA sample SDI on the rising SCLK edge with SCLK idle high.
  mode: 3,
});

const fxs = (index: number): AnalogPortDefinition => ({
  kind: "fxs",
  index,
  chip: "si3215",
  spi: spi(index - 1),
  pcmSlot: (index - 1) * 2,
  pcmChannel: index - 1,
  reset: pin(20 + index - 1, true),
  interrupt: pin(28 + index - 1, true),
});

const fxo = (index: number): AnalogPortDefinition => ({
  kind: "fxo",
  index,
  chip: "si3050",
  spi: spi(index + 3),
  pcmSlot: 8 + (index - 1) * 2,
  pcmChannel: 4 + index - 1,
  reset: pin(24 + index - 1, true),
  interrupt: pin(32 + index - 1, true),
});

const portLed = (kind: "fxs" | "fxo", index: number, line: number): LedDefinition => ({
  name: `${kind}${index}`,
  role: "port",
  port: { kind, index },
  gpio: pin(line),
  sysfsName: `pbx:green:${kind}${index}`,
  color: "green",
});

export const pbxA534s4o: BoardDefinition = {
  name: "pbx-a53-4s4o",
  model: "PBX-A53 4S4O",
  compatible: ["vendor,pbx-a53-4s4o", "vendor,pbx-a53"],
  arch: "arm64",
  gpioChips: [chip],
  i2c: {
    bus: "/dev/i2c-0",
    busNumber: 0,
    eeprom: {
      address: 0x50,
      chip: "24c02",
      sizeBytes: 256,
      pageBytes: 8,
      sysfsPath: "/sys/bus/i2c/devices/0-0050/eeprom",
    },
    rtc: { address: 0x68, chip: "ds1307", device: "/dev/rtc0" },
    temperature: { address: 0x48, chip: "lm75", hwmonName: "lm75" },
  },
  ports: [fxs(1), fxs(2), fxs(3), fxs(4), fxo(1), fxo(2), fxo(3), fxo(4)],
  // The SoC's TDM controller is the board's only sound card: eight 16-bit channels, one per
  // chip, in the order of the time slots (FXS 1-4 on slots 0-6, FXO 1-4 on slots 8-14).
  pcm: { device: "hw:0,0", channels: 8 },
  portSignalling: "interrupt",
  leds: [
    { name: "power", role: "power", gpio: pin(10), sysfsName: "pbx:green:power", color: "green" },
    {
      name: "sip",
      role: "sip-registration",
      gpio: pin(11),
      sysfsName: "pbx:green:sip",
      color: "green",
    },
    portLed("fxs", 1, 12),
    portLed("fxs", 2, 13),
    portLed("fxs", 3, 14),
    portLed("fxs", 4, 15),
    portLed("fxo", 1, 16),
    portLed("fxo", 2, 17),
    portLed("fxo", 3, 18),
    portLed("fxo", 4, 19),
  ],
  buttons: [{ name: "reset", gpio: pin(4, true), debounceMs: 30, longPressMs: 6000 }],
  watchdog: { device: "/dev/watchdog", timeoutS: 30 },
  usb: { sysBlockDir: "/sys/block", mountsFile: "/proc/mounts", mountRoot: "/media/usb" },
  // eMMC: U-Boot's environment just below the first partition, root file systems A and B.
  firmware: {
    slots: { a: "/dev/mmcblk0p2", b: "/dev/mmcblk0p3" },
    bootEnv: { path: "/dev/mmcblk0", offset: 0x3f_8000, sizeBytes: 0x8000 },
    bootLimit: 3,
    reboot: "board",
  },
};
