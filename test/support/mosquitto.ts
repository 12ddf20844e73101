// A real MQTT broker (Debian's mosquitto) on a free loopback port, with password logins and
// persistence, so a test can stop it and start it again on the same port and find its
// subscribers' sessions kept, as a vendor's broker restarting would.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { signalChild, waitExit } from "./child-exit.ts";
import { childOutput } from "./child-output.ts";
import { freePort } from "./free-port.ts";
import { requirePeer, run } from "./peers.ts";
import { tempDir } from "./temp-dir.ts";

export interface Mosquitto {
  port: number;
  /** Stops the broker cleanly (it saves its sessions); `start` brings it back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** What the broker logged so far. */
  log(): string;
}

/** Starts mosquitto accepting the given `users` (name → password) and nobody else. */
export async function startMosquitto(users: Record<string, string>): Promise<Mosquitto> {
  const broker = requirePeer("mosquitto", "mosquitto");
  const passwd = requirePeer("mosquitto_passwd", "mosquitto");
  const dir = tempDir("mosquitto-");
  const port = await freePort();
  const passwords = join(dir, "passwd");
  writeFileSync(passwords, "");
  for (const [name, password] of Object.entries(users)) {
    const made = await run([passwd, "-b", passwords, name, password]);
    if (made.code !== 0) throw new Error(`mosquitto_passwd: ${made.stderr}`);
  }
  const config = join(dir, "mosquitto.conf");
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      // Started as root, mosquitto would become user "mosquitto", who cannot read the test's
      // files: it stays whoever started it.
      process.getuid?.() === 0 ? "user root" : "",
      "allow_anonymous false",
      `password_file ${passwords}`,
      "persistence true",
      `persistence_location ${dir}/`,
      "log_dest stdout",
      "log_type error",
      "log_type warning",
      "log_type notice",
      "log_type information",
      "",
    ].join("\n"),
  );
  const printed = childOutput("mosquitto");
  let child: Subprocess | undefined;

  const start = async () => {
    child = Bun.spawn([broker, "-c", config], {
      stdin: "ignore",
      stdout: printed.stdout,
      stderr: printed.stderr,
    });
    // Listening once a connection is accepted; bounded, never slept for.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const socket = await Bun.connect({
          hostname: "127.0.0.1",
          port,
          socket: { data() {} },
        });
        socket.end();
        return;
      } catch {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`mosquitto did not start:\n${printed.text()}`);
        await Bun.sleep(50);
      }
    }
  };
  const stop = async () => {
    if (!child) return;
    signalChild(child, "SIGTERM");
    if ((await waitExit(child, 5_000)) === null) {
      signalChild(child, "SIGKILL");
      await waitExit(child, 5_000);
    }
    child = undefined;
  };
  await start();
  return { port, start, stop, log: () => printed.text() };
}
