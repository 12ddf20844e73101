import { describe, expect, test } from "bun:test";
import { BOARD_DEFAULTS, BOOT_FLAGS, PC_DEFAULTS, parseBootConfig } from "./boot-config.ts";
import { helpText } from "./help-text.ts";

const parse = (argv: string[], env: Record<string, string> = {}) =>
  parseBootConfig(argv, env, PC_DEFAULTS);
const error = (argv: string[], env: Record<string, string> = {}) => {
  const result = parse(argv, env);
  return result.ok ? undefined : result.error;
};

describe("parseBootConfig", () => {
  test("a flag wins over its PBX_ variable, the variable over the default", () => {
    const result = parse(["--sip-port=5070", "--advertise", "pbx.office.lan"], {
      PBX_SIP_PORT: "5080",
      PBX_HTTPS_PORT: "9443",
      PBX_RTP_PORTS: "30000-30999",
    });
    expect(result).toEqual({
      ok: true,
      config: {
        ...PC_DEFAULTS,
        sipPort: 5070,
        httpsPort: 9443,
        rtpPorts: { min: 30000, max: 30999 },
        advertise: "pbx.office.lan",
      },
    });
  });

  test("--help is asked for whatever else is given", () => {
    expect(parse(["--sip-port", "x", "--help"])).toEqual({ ok: true, help: true });
  });

  test("each bad value names its flag or variable", () => {
    expect(error(["--sip-port", "70000"])).toBe("--sip-port 70000: not a port number (1-65535)");
    expect(error([], { PBX_HTTP_PORT: "0" })).toBe("PBX_HTTP_PORT 0: not a port number (1-65535)");
    expect(error(["--bind", "eth0"])).toContain("--bind eth0: not an IP address");
    expect(error(["--advertise", "::"])).toContain("phones cannot reach");
    expect(error(["--advertise", "a_b.lan"])).toContain("not an IP address or host name");
    expect(error(["--advertise", "1.2.3.4.5"])).toContain("not an IP address or host name");
    expect(error(["--rtp-ports", "10000:20000"])).toContain("expected a range");
    expect(error(["--rtp-ports", "80-2000"])).toContain("start at 1024");
    expect(error(["--rtp-ports", "20000-20002"])).toContain("at least 4 ports");
    expect(error(["--log-level", "loud"])).toContain("debug, info, warn or error");
    expect(error(["--sip-max-calls", "0"])).toBe("--sip-max-calls 0: a whole number from 1");
    expect(error(["--nosuch", "1"])).toBe("unknown flag --nosuch (see --help)");
    expect(error(["--data"])).toBe("--data needs a value");
  });

  test("two services on one port, or SIP inside the RTP range, are refused", () => {
    expect(error(["--https-port", "5061"])).toBe(
      "--sip-tls-port and --https-port are both 5061: each needs its own port",
    );
    expect(error(["--rtp-ports", "5000-6000"])).toBe(
      "--rtp-ports 5000-6000 includes the SIP port 5060 (--sip-port)",
    );
    // Addresses accepted: IPv4, IPv6, host names.
    for (const advertise of ["192.168.1.2", "fd00::2", "pbx-1.example.com"])
      expect(parse(["--advertise", advertise]).ok).toBe(true);
  });
});

describe("helpText", () => {
  test("every flag with its variable and this platform's default", () => {
    const text = helpText(BOARD_DEFAULTS);
    for (const { flag } of BOOT_FLAGS) expect(text).toContain(`--${flag}`);
    expect(text).toMatch(/--data\s+PBX_DATA\s+\/data\/pbx\s/);
    expect(text).toMatch(/--https-port\s+PBX_HTTPS_PORT\s+443\s/);
    expect(text).toMatch(/--board\s+PBX_BOARD\s+auto\s/);
  });
});
