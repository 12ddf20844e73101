// The simulated board (SPEC DEV-2, EXT-5, STAT-3): 4 FXS + 4 FXO ports like the user manual's
// example unit ("8 ports: 4 FXO trunk ports, 4 FXS extension ports"). The firmware runs on it on
// a PC; every chip below is modelled at register level by board/sim.
import type {
  AnalogPortDefinition,
  BoardDefinition,
  GpioPin,
  LedDefinition,
} from "./board-definition.ts";

const chip = "sim-gpio0";
const pin = (line: number, activeLow = false): GpioPin => ({ chip, line, activeLow });

const fxs = (index: number): AnalogPortDefinition => ({
  kind: "fxs",
  index,
  chip: "si3215",
  spi: {
    device: `sim-spi0.${index - 1}`,
    bus: 0,
    chipSelect: index - 1,
    maxSpeedHz: 4_000_000,
    mode: 3,
  },
  pcmSlot: (index - 1) * 2,
  reset: pin(20 + index - 1, true),
  interrupt: pin(28 + index - 1, true),
});

const fxo = (index: number): AnalogPortDefinition => ({
  kind: "fxo",
  index,
  chip: "si3050",
  spi: {
    device: `sim-spi0.${index + 3}`,
    bus: 0,
    chipSelect: index + 3,
    maxSpeedHz: 4_000_000,
    mode: 3,
  },
  pcmSlot: 8 + (index - 1) * 2,
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

export const sim: BoardDefinition = {
  name: "sim",
  model: "PBX-Sim 4S4O (simulated)",
  compatible: ["pbx,sim", "pbx,pbx-4s4o"],
  arch: "any",
  gpioChips: [chip],
  i2c: {
    bus: "sim-i2c0",
    busNumber: 0,
    eeprom: {
      address: 0x50,
      chip: "24c02",
      sizeBytes: 256,
      pageBytes: 8,
      sysfsPath: "/sys/bus/i2c/devices/0-0050/eeprom",
    },
    rtc: { address: 0x68, chip: "ds1307", device: "sim-rtc0" },
    temperature: { address: 0x48, chip: "lm75", hwmonName: "lm75" },
  },
  ports: [fxs(1), fxs(2), fxs(3), fxs(4), fxo(1), fxo(2), fxo(3), fxo(4)],
  portSignalling: "interrupt",
  leds: [
    { name: "power", role: "power", gpio: pin(0), sysfsName: "pbx:green:power", color: "green" },
    {
      name: "sip",
      role: "sip-registration",
      gpio: pin(1),
      sysfsName: "pbx:green:sip",
      color: "green",
    },
    portLed("fxs", 1, 2),
    portLed("fxs", 2, 3),
    portLed("fxs", 3, 4),
    portLed("fxs", 4, 5),
    portLed("fxo", 1, 6),
    portLed("fxo", 2, 7),
    portLed("fxo", 3, 8),
    portLed("fxo", 4, 9),
  ],
  buttons: [{ name: "reset", gpio: pin(16, true), debounceMs: 30, longPressMs: 6000 }],
  watchdog: { device: "sim-watchdog0", timeoutS: 30 },
  usb: { sysBlockDir: "/sys/block", mountsFile: "/proc/mounts", mountRoot: "/media/usb" },
  firmware: {
    slots: { a: "firmware/slot-a", b: "firmware/slot-b" },
    bootEnv: { path: "firmware/uboot.env", offset: 0, sizeBytes: 0x4000 },
    bootLimit: 3,
    reboot: "program",
  },
  simulated: true,
};
