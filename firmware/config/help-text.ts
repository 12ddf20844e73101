// `pbx --help`: every flag with the PBX_ variable it also reads and its default here, so an
// operator configuring a service file needs no other document.

import { BOOT_FLAGS, type BootConfig, variableOf } from "./boot-config.ts";

/** The usage text for the defaults of this platform (PC or board). */
export function helpText(defaults: BootConfig): string {
  const rows = BOOT_FLAGS.map(({ flag, key, what }) => [
    `--${flag}`,
    variableOf(flag),
    defaultOf(defaults, key),
    what,
  ]);
  rows.push([
    "",
    "PBX_ADMIN_PASSWORD",
    "random, printed once",
    "password of the first admin account",
  ]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const table = rows.map((r) =>
    `  ${r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join("  ")}`.trimEnd(),
  );
  return [
    "Usage: pbx [--flag value]...",
    "",
    "Runs the PBX: SIP registrar and calls, media relay, analog ports, web interface.",
    "Each flag also reads its PBX_ variable; a flag wins over the variable.",
    "",
    `  ${"flag".padEnd(widths[0]!)}  ${"variable".padEnd(widths[1]!)}  ${"default".padEnd(widths[2]!)}  what`,
    ...table,
    "",
  ].join("\n");
}

function defaultOf(defaults: BootConfig, key: keyof BootConfig): string {
  if (key === "rtpPorts") return `${defaults.rtpPorts.min}-${defaults.rtpPorts.max}`;
  if (key === "advertise") return defaults.advertise ?? "from the interfaces";
  return String(defaults[key]);
}
