// The real program started in a bad environment: every failure ends the process with a
// non-zero code and one clear line on stderr (no stack trace), and nothing it opened stays
// open. The read-only cases mount a read-only file system in a private mount namespace
// (`unshare -m`, util-linux): tests run as root, and root writes through permission bits.

import { afterAll, describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ExitedPbx,
  PBX_COMMAND,
  type PbxPorts,
  pbxArgs,
  pbxPorts,
  runPbxToExit,
  startPbx,
} from "../support/pbx-process.ts";

const root = mkdtempSync(join(tmpdir(), "pbx-startup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `case-${++dirs}`);

/** One clear line: "pbx: ...", no stack trace, nothing else on stderr. */
function expectOneLine(run: ExitedPbx, says: RegExp): void {
  expect(run.timedOut).toBe(false);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^pbx: /);
  expect(lines[0]).toMatch(says);
  expect(run.stderr).not.toMatch(/\n\s+at |\.ts:\d+/);
}

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });
}
async function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function run(extra: string[], prepare?: (ports: PbxPorts, dir: string) => void) {
  const ports = await pbxPorts();
  const dir = freshDir();
  prepare?.(ports, dir);
  const result = await runPbxToExit([...PBX_COMMAND, ...pbxArgs(ports, dir), ...extra]);
  return { ports, dir, result };
}

/** Runs the box with `dir` mounted read-only just for it (mount namespace of its own). */
function readOnlyRun(dir: string, mount: string, ports: PbxPorts) {
  return runPbxToExit([
    "unshare",
    "-m",
    "sh",
    "-c",
    `${mount} && exec "$@"`,
    dir,
    ...PBX_COMMAND,
    ...pbxArgs(ports, dir),
  ]);
}

describe("a start-up failure ends the program with one clear line", () => {
  test("an unknown board, found after SIP is listening: exits, SIP port closed", async () => {
    const { ports, result } = await run(["--board", "nosuch"]);
    expect(result.code).toBe(2);
    expectOneLine(result, /unknown board "nosuch"/);
    expect(await udpFree(ports.sip)).toBe(true);
    expect(await tcpFree(ports.sip)).toBe(true);
    expect(await tcpFree(ports.sipTls)).toBe(true);
  });

  test("the SIP port taken by another program", async () => {
    let holder: ReturnType<typeof createSocket> | undefined;
    const { ports, result } = await run([], (p) => {
      holder = createSocket("udp4");
      holder.bind(p.sip, "127.0.0.1");
    });
    holder?.close();
    expect(result.code).toBe(1);
    expectOneLine(
      result,
      new RegExp(
        `SIP over UDP on 127\\.0\\.0\\.1:${ports.sip} \\(--sip-port\\): the port is in use`,
      ),
    );
  });

  test("the HTTPS port taken by another program, after SIP and the board started", async () => {
    const holder = createServer();
    const ports = await pbxPorts();
    await new Promise<void>((resolve) => holder.listen(ports.https, "127.0.0.1", resolve));
    const result = await runPbxToExit([...PBX_COMMAND, ...pbxArgs(ports, freshDir())]);
    await new Promise((resolve) => holder.close(resolve));
    expect(result.code).toBe(1);
    expectOneLine(result, new RegExp(`HTTPS\\) on 127\\.0\\.0\\.1:${ports.https} .*in use`));
    expect(await udpFree(ports.sip)).toBe(true);
    expect(await tcpFree(ports.sipWs)).toBe(true);
  });

  test("a --bind that is not an IP address, or not one of this machine's", async () => {
    const name = await run(["--bind", "pbx.example"]);
    expect(name.result.code).toBe(2);
    expectOneLine(name.result, /--bind pbx\.example: not an IP address/);

    const own = Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((e) => e.address));
    const foreign = ["192.0.2.1", "198.51.100.1", "203.0.113.1"].find((a) => !own.includes(a))!;
    const elsewhere = await run(["--bind", foreign]);
    expect(elsewhere.result.code).toBe(2);
    expectOneLine(
      elsewhere.result,
      new RegExp(`--bind ${foreign}: not an address of this machine`),
    );
  });

  test("bad --advertise and --rtp-ports values name the flag", async () => {
    const cases: [string[], RegExp][] = [
      [["--advertise", "not an address"], /--advertise not an address: not an IP address or host/],
      [["--advertise", "0.0.0.0"], /--advertise 0\.0\.0\.0: phones cannot reach/],
      [["--advertise", "10.0.0.300"], /--advertise 10\.0\.0\.300: not an IP address or host/],
      [["--rtp-ports", "20000"], /--rtp-ports 20000: expected a range like 10000-20000/],
      [["--rtp-ports", "30000-20000"], /expected a range/],
      [["--rtp-ports", "100-2000"], /RTP ports start at 1024/],
      [["--rtp-ports", "30000-30001"], /at least 4 ports/],
    ];
    for (const [flags, says] of cases) {
      const { result } = await run(flags);
      expect(result.code).toBe(2);
      expectOneLine(result, says);
    }
  });

  test("a data directory that is a file", async () => {
    const { dir, result } = await run([], (_p, d) => writeFileSync(d, "not a directory"));
    expect(result.code).toBe(1);
    expectOneLine(result, new RegExp(`data directory ${dir} \\(--data\\) is a file`));
  });

  test("a read-only data directory on first boot", async () => {
    const ports = await pbxPorts();
    const dir = freshDir();
    mkdirSync(dir);
    const result = await readOnlyRun(dir, 'mount -t tmpfs -o ro tmpfs "$0"', ports);
    expect(result.code).toBe(1);
    expectOneLine(result, /data directory .* is not writable: the file system is read-only/);
    expect(await udpFree(ports.sip)).toBe(true);
  });

  test("a data directory gone read-only after it served: no healthy start, no failed logins", async () => {
    const dir = freshDir();
    const first = await startPbx({ dataDir: dir });
    expect(await first.stop()).toBe(0);
    const before = readFileSync(join(dir, "pbx.db"));
    const result = await readOnlyRun(
      dir,
      'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"',
      await pbxPorts(),
    );
    expect(result.code).toBe(1);
    expectOneLine(result, /is not writable: the file system is read-only/);
    expect(readFileSync(join(dir, "pbx.db"))).toEqual(before);
  });

  test("an unwritable data directory (no permission for the service's user)", async () => {
    const ports = await pbxPorts();
    const dir = freshDir();
    mkdirSync(dir);
    chmodSync(root, 0o755); // the service's user may reach the directory, not write in it
    chmodSync(dir, 0o555);
    // As root, permission bits do not stop a write: run the box as "nobody" when we are root.
    const asNobody =
      process.getuid?.() === 0
        ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        : [];
    const result = await runPbxToExit([...asNobody, ...PBX_COMMAND, ...pbxArgs(ports, dir)]);
    expect(result.code).toBe(1);
    expectOneLine(
      result,
      new RegExp(`data directory ${dir} \\(--data\\) is not writable: permission denied`),
    );
  });

  test("a damaged database says how to recover and is left as it was", async () => {
    const garbage = "this file was overwritten by something else\n".repeat(300);
    const { dir, result } = await run([], (_p, d) => {
      mkdirSync(d);
      writeFileSync(join(d, "pbx.db"), garbage);
    });
    expect(result.code).toBe(1);
    const db = join(dir, "pbx.db");
    expectOneLine(result, new RegExp(`the database ${db} is damaged .*move it aside`));
    expect(readFileSync(db, "utf8")).toBe(garbage);
  });

  test("a garbage TLS certificate or key", async () => {
    const { dir, result } = await run([], (_p, d) => {
      mkdirSync(join(d, "tls"), { recursive: true });
      writeFileSync(join(d, "tls", "cert.pem"), "garbage");
      writeFileSync(join(d, "tls", "key.pem"), "garbage");
    });
    expect(result.code).toBe(1);
    expectOneLine(
      result,
      new RegExp(
        `TLS certificate ${join(dir, "tls", "cert.pem")} is not a PEM certificate: .*delete`,
      ),
    );
  });
});

describe("--help", () => {
  test("lists every flag with its PBX_ variable and default, and exits 0", async () => {
    const result = await runPbxToExit([...PBX_COMMAND, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const expected: [string, string][] = [
      ["data", "./data"],
      ["board", "sim"],
      ["bind", "0.0.0.0"],
      ["advertise", "from the interfaces"],
      ["sip-port", "5060"],
      ["sip-tls-port", "5061"],
      ["sip-ws-port", "8088"],
      ["rtp-ports", "10000-20000"],
      ["http-port", "8080"],
      ["https-port", "8443"],
      ["ldap-port", "10389"],
      ["log-level", "info"],
      ["health-check-delay-s", "60"],
      ["sip-max-transactions", "300000"],
      ["sip-max-calls", "1600"],
    ];
    for (const [flag, value] of expected) {
      const variable = `PBX_${flag.toUpperCase().replaceAll("-", "_")}`;
      expect(result.stdout).toMatch(
        new RegExp(`--${flag}\\s+${variable}\\s+${value.replaceAll(".", "\\.")}\\s`),
      );
    }
    expect(result.stdout).toContain("PBX_ADMIN_PASSWORD");
    // The README's flag list and --help name the same flags.
    const readme = readFileSync(join(import.meta.dir, "..", "..", "README.md"), "utf8");
    const listed = /^Flags: ([\s\S]*?)\.$/m.exec(readme)?.[1] ?? "";
    const readmeFlags = [...listed.matchAll(/`--([a-z-]+)/g)].map((m) => m[1]).sort();
    expect(readmeFlags).toEqual(expected.map(([flag]) => flag).sort());
  });
});
