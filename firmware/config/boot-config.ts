// The command line and environment of DESIGN.md "Running it": each flag --x-y also reads
// PBX_X_Y; a flag wins over the variable, the variable over the platform default. Every value
// is checked here, so a typo stops the box with one line naming the flag instead of surfacing
// later as a socket error or a phone that cannot reach the advertised address.

import { isIP } from "node:net";
import { DEFAULT_LOAD_LIMITS } from "../sip/core/load-shedder.ts";

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
  /** Seconds a new firmware serves before its health check (SPEC DEV-4). */
  healthCheckDelayS: number;
  /** SIP server transactions held before new requests from unregistered addresses get 503. */
  sipMaxTransactions: number;
  /** Calls in progress before a new INVITE gets 503 (emergency numbers excepted). */
  sipMaxCalls: number;
  /** Address phones reach the box at, for Via/Contact/SDP; found from the interfaces if unset. */
  advertise?: string;
}

export type BootConfigResult =
  | { ok: true; config: BootConfig }
  | { ok: true; help: true }
  | { ok: false; error: string };

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
  healthCheckDelayS: 60,
  sipMaxTransactions: DEFAULT_LOAD_LIMITS.maxTransactions,
  sipMaxCalls: DEFAULT_LOAD_LIMITS.maxCalls,
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

/** One flag: its key in BootConfig and what it sets (the --help text). */
export interface BootFlag {
  flag: string;
  key: keyof BootConfig;
  what: string;
}

/** Every flag, in the order --help lists them. */
export const BOOT_FLAGS: readonly BootFlag[] = [
  { flag: "data", key: "dataDir", what: "data directory (database, certificate, recordings)" },
  { flag: "board", key: "board", what: "board definition: sim, auto or a board name" },
  { flag: "bind", key: "bind", what: "local IP address to listen on (0.0.0.0: all)" },
  { flag: "advertise", key: "advertise", what: "address phones reach the box at (SIP, SDP)" },
  { flag: "sip-port", key: "sipPort", what: "SIP over UDP and TCP" },
  { flag: "sip-tls-port", key: "sipTlsPort", what: "SIP over TLS" },
  { flag: "sip-ws-port", key: "sipWsPort", what: "SIP over WebSocket" },
  { flag: "rtp-ports", key: "rtpPorts", what: "UDP range for media, MIN-MAX" },
  { flag: "http-port", key: "httpPort", what: "web HTTP (redirects to HTTPS)" },
  { flag: "https-port", key: "httpsPort", what: "web HTTPS" },
  { flag: "ldap-port", key: "ldapPort", what: "LDAP phonebook (LDAPv3, base DN dc=pbx)" },
  { flag: "log-level", key: "logLevel", what: "debug, info, warn or error" },
  {
    flag: "sip-max-transactions",
    key: "sipMaxTransactions",
    what: "SIP transactions held before new requests get 503 with Retry-After",
  },
  {
    flag: "sip-max-calls",
    key: "sipMaxCalls",
    what: "calls in progress before a new call gets 503 (emergency numbers pass)",
  },
  {
    flag: "health-check-delay-s",
    key: "healthCheckDelayS",
    what: "seconds a new firmware runs before its health check marks it good",
  },
];

/** The PBX_ variable a flag also reads. */
export function variableOf(flag: string): string {
  return `PBX_${flag.toUpperCase().replaceAll("-", "_")}`;
}

const PORT_KEYS = [
  "sipPort",
  "sipTlsPort",
  "sipWsPort",
  "httpPort",
  "httpsPort",
  "ldapPort",
] as const;
const FLAG_OF = new Map(BOOT_FLAGS.map((f) => [f.flag, f.key]));
const LOWEST_RTP_PORT = 1024;
/** One call needs two RTP/RTCP pairs (one per leg). */
const FEWEST_RTP_PORTS = 4;

/** Reads flags (`--sip-port 5070` or `--sip-port=5070`) and PBX_ variables over `defaults`. */
export function parseBootConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  defaults: BootConfig,
): BootConfigResult {
  if (argv.includes("--help") || argv.includes("-h")) return { ok: true, help: true };
  const given = new Map<keyof BootConfig, { value: string; source: string }>();
  for (const { flag, key } of BOOT_FLAGS) {
    const variable = variableOf(flag);
    const value = env[variable];
    if (value !== undefined && value !== "") given.set(key, { value, source: variable });
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--"))
      return { ok: false, error: `unexpected argument ${arg} (see --help)` };
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const key = FLAG_OF.get(flag);
    if (!key) return { ok: false, error: `unknown flag --${flag} (see --help)` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, error: `--${flag} needs a value` };
    given.set(key, { value, source: `--${flag}` });
  }

  const config: BootConfig = { ...defaults, rtpPorts: { ...defaults.rtpPorts } };
  for (const [key, { value, source }] of given) {
    const error = apply(config, key, value);
    if (error) return { ok: false, error: `${source} ${value}: ${error}` };
  }
  const clash = portClash(config);
  if (clash) return { ok: false, error: clash };
  return { ok: true, config };
}

/** Sets one value; returns what is wrong with it, if anything. */
function apply(config: BootConfig, key: keyof BootConfig, value: string): string | undefined {
  if ((PORT_KEYS as readonly string[]).includes(key)) {
    const port = parsePort(value);
    if (port === undefined || port === 0) return "not a port number (1-65535)";
    (config as unknown as Record<string, number>)[key] = port;
  } else if (key === "dataDir" || key === "board") {
    config[key] = value;
  } else if (key === "bind") {
    if (!isIP(value)) return "not an IP address (0.0.0.0 listens on all of them)";
    config.bind = value;
  } else if (key === "advertise") {
    if (value === "0.0.0.0" || value === "::")
      return "phones cannot reach an unspecified address; give the box's LAN address";
    if (!isIP(value) && !isHostName(value)) return "not an IP address or host name";
    config.advertise = value;
  } else if (key === "rtpPorts") {
    const match = /^(\d+)-(\d+)$/.exec(value);
    const min = match ? parsePort(match[1]!) : undefined;
    const max = match ? parsePort(match[2]!) : undefined;
    if (min === undefined || max === undefined || min > max)
      return "expected a range like 10000-20000";
    if (min < LOWEST_RTP_PORT) return `RTP ports start at ${LOWEST_RTP_PORT} or above`;
    if (max - min + 1 < FEWEST_RTP_PORTS)
      return `the range must hold at least ${FEWEST_RTP_PORTS} ports (one call)`;
    config.rtpPorts = { min, max };
  } else if (key === "sipMaxTransactions") {
    if (!/^\d{1,7}$/.test(value) || Number(value) < 10) return "a whole number from 10";
    config.sipMaxTransactions = Number(value);
  } else if (key === "sipMaxCalls") {
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1) return "a whole number from 1";
    config.sipMaxCalls = Number(value);
  } else if (key === "healthCheckDelayS") {
    if (!/^\d{1,5}$/.test(value)) return "not a whole number of seconds";
    config.healthCheckDelayS = Number(value);
  } else if (key === "logLevel") {
    if (!["debug", "info", "warn", "error"].includes(value))
      return "log level is debug, info, warn or error";
    config.logLevel = value as BootConfig["logLevel"];
  }
  return undefined;
}

/** Two services on one port would fail at listen time with a less helpful message. */
function portClash(config: BootConfig): string | undefined {
  // TCP listeners (the LDAP port is reserved: nothing listens there yet).
  const tcp = [
    ["sip-port", config.sipPort],
    ["sip-tls-port", config.sipTlsPort],
    ["sip-ws-port", config.sipWsPort],
    ["http-port", config.httpPort],
    ["https-port", config.httpsPort],
  ] as const;
  for (let i = 0; i < tcp.length; i++)
    for (let j = i + 1; j < tcp.length; j++)
      if (tcp[i]![1] === tcp[j]![1])
        return `--${tcp[i]![0]} and --${tcp[j]![0]} are both ${tcp[i]![1]}: each needs its own port`;
  // UDP: SIP and the media range.
  const { min, max } = config.rtpPorts;
  if (config.sipPort >= min && config.sipPort <= max)
    return `--rtp-ports ${min}-${max} includes the SIP port ${config.sipPort} (--sip-port)`;
  return undefined;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
function isHostName(text: string): boolean {
  if (text.length > 253 || /^[\d.]+$/.test(text)) return false;
  return text.split(".").every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}
