// The command line and environment of DESIGN.md "Running it": each flag --x-y also reads
// PBX_X_Y; a flag wins over the variable, the variable over the platform default.

export interface BootConfig {
  dataDir: string;
  board: string;
  bind: string;
  sipPort: number;
  sipTlsPort: number;
  sipWsPort: number;
  rtpPorts: { min: number; max: number };
  httpPort: number;
  httpsPort: number;
  ldapPort: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Address phones reach the box at, for Via/Contact/SDP; found from the interfaces if unset. */
  advertise?: string;
}

export type BootConfigResult = { ok: true; config: BootConfig } | { ok: false; error: string };

export const PC_DEFAULTS: BootConfig = {
  dataDir: "./data",
  board: "sim",
  bind: "0.0.0.0",
  sipPort: 5060,
  sipTlsPort: 5061,
  sipWsPort: 8088,
  rtpPorts: { min: 10000, max: 20000 },
  httpPort: 8080,
  httpsPort: 8443,
  ldapPort: 10389,
  logLevel: "info",
};

export const BOARD_DEFAULTS: BootConfig = {
  ...PC_DEFAULTS,
  dataDir: "/data/pbx",
  // Read from /proc/device-tree/compatible (DESIGN "Running it").
  board: "auto",
  httpPort: 80,
  httpsPort: 443,
  ldapPort: 389,
};

const PORT_KEYS = [
  "sipPort",
  "sipTlsPort",
  "sipWsPort",
  "httpPort",
  "httpsPort",
  "ldapPort",
] as const;
const TEXT_KEYS = ["dataDir", "board", "bind", "advertise"] as const;
const FLAG_OF: Record<string, keyof BootConfig> = {
  data: "dataDir",
  board: "board",
  bind: "bind",
  advertise: "advertise",
  "sip-port": "sipPort",
  "sip-tls-port": "sipTlsPort",
  "sip-ws-port": "sipWsPort",
  "rtp-ports": "rtpPorts",
  "http-port": "httpPort",
  "https-port": "httpsPort",
  "ldap-port": "ldapPort",
  "log-level": "logLevel",
};

/** Reads flags (`--sip-port 5070` or `--sip-port=5070`) and PBX_ variables over `defaults`. */
export function parseBootConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  defaults: BootConfig,
): BootConfigResult {
  const given = new Map<keyof BootConfig, { value: string; source: string }>();
  for (const [flag, key] of Object.entries(FLAG_OF)) {
    const variable = `PBX_${flag.toUpperCase().replaceAll("-", "_")}`;
    const value = env[variable];
    if (value !== undefined && value !== "") given.set(key, { value, source: variable });
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) return { ok: false, error: `unexpected argument ${arg}` };
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const key = FLAG_OF[flag];
    if (!key) return { ok: false, error: `unknown flag --${flag}` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, error: `--${flag} needs a value` };
    given.set(key, { value, source: `--${flag}` });
  }

  const config: BootConfig = { ...defaults, rtpPorts: { ...defaults.rtpPorts } };
  for (const [key, { value, source }] of given) {
    if ((PORT_KEYS as readonly string[]).includes(key)) {
      const port = parsePort(value);
      if (port === undefined) return { ok: false, error: `${source}: not a port number: ${value}` };
      (config as unknown as Record<string, number>)[key] = port;
    } else if ((TEXT_KEYS as readonly string[]).includes(key)) {
      (config as unknown as Record<string, string>)[key] = value;
    } else if (key === "rtpPorts") {
      const match = /^(\d+)-(\d+)$/.exec(value);
      const min = match ? parsePort(match[1]!) : undefined;
      const max = match ? parsePort(match[2]!) : undefined;
      if (min === undefined || max === undefined || min > max) {
        return { ok: false, error: `${source}: expected a range like 10000-20000, got ${value}` };
      }
      config.rtpPorts = { min, max };
    } else if (key === "logLevel") {
      if (!["debug", "info", "warn", "error"].includes(value)) {
        return { ok: false, error: `${source}: log level is debug, info, warn or error` };
      }
      config.logLevel = value as BootConfig["logLevel"];
    }
  }
  return { ok: true, config };
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
