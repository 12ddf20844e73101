// A real softphone for interop tests: baresip with its own config directory and no sound card:
// its microphone is a WAV file (aufile), what it hears can be dumped to WAV files (sndfile:
// baresip 1.0's aufile module cannot play into a file), and it is controlled over ctrl_tcp.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import { terminate } from "./child-exit.ts";
import { childOutput } from "./child-output.ts";
import { freePort } from "./free-port.ts";
import { requirePeer } from "./peers.ts";
import { tempDir } from "./temp-dir.ts";
import { writeToneWav } from "./tone-audio.ts";

export interface BaresipAccount {
  extension: string;
  password: string;
  pbxPort: number;
  transport?: "udp" | "tcp";
  /** WAV file to send as the microphone (8 kHz mono). */
  sourceWav?: string;
  /** Dump what the phone decodes, one WAV per call (read them with dumps()). */
  record?: boolean;
  /** Display name in the account's address. */
  displayName?: string;
  /** Audio codecs offered, in order (default PCMU, PCMA; G.722 is "G722/16000/1"). */
  codecs?: readonly string[];
  /** Answers every call by itself (baresip 1.0 has no per-call auto-answer headers). */
  autoAnswer?: boolean;
  /** Print SIP messages (-s), so a test can read the headers the phone received. */
  sipTrace?: boolean;
}

export interface Baresip {
  readonly sipPort: number;
  output(): string;
  /** WAV files of what the phone decoded, one per call, oldest first (needs `record`). */
  dumps(): string[];
  /** Sends one command over ctrl_tcp (netstring JSON) and returns the response text. */
  command(command: string, params?: string): Promise<string>;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startBaresip(account: BaresipAccount): Promise<Baresip> {
  const binary = requirePeer("baresip", "baresip");
  const dir = tempDir("baresip-");
  const sipPort = await freePort();
  const ctrlPort = await freePort();
  const transport = account.transport ?? "udp";
  const config = [
    `sip_listen 127.0.0.1:${sipPort}`,
    "sip_trans_def udp",
    "module_path /usr/lib/baresip/modules",
    "module g711.so",
    ...((account.codecs ?? []).some((c) => c.startsWith("G722")) ? ["module g722.so"] : []),
    "module aufile.so",
    ...(account.record ? ["module sndfile.so", `snd_path ${dir}`] : []),
    "module account.so",
    "module menu.so",
    "module ctrl_tcp.so",
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    "audio_player aufile,/dev/null",
    `audio_source aufile,${account.sourceWav ?? "/dev/null"}`,
    "audio_alert aufile,/dev/null",
    "rtp_ports 30000-39999",
    "",
  ].join("\n");
  writeFileSync(join(dir, "config"), config);
  writeFileSync(
    join(dir, "accounts"),
    `${account.displayName ? `"${account.displayName}" ` : ""}<sip:${account.extension}@127.0.0.1:${account.pbxPort};transport=${transport}>;auth_pass=${account.password};regint=60;audio_codecs=${(account.codecs ?? ["PCMU", "PCMA"]).join(",")}${account.autoAnswer ? ";answermode=auto" : ""}\n`,
  );
  const printed = childOutput("baresip");
  const trace = account.sipTrace ? ["-s"] : [];
  const child = Bun.spawn([binary, "-f", dir, "-4", "-n", "127.0.0.1", ...trace], {
    stdout: printed.stdout,
    stderr: printed.stderr,
    stdin: "ignore",
  });

  const waitFor: Baresip["waitFor"] = async (text, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    const matches = () =>
      typeof text === "string" ? printed.text().includes(text) : text.test(printed.text());
    while (!matches()) {
      if (child.exitCode !== null) throw new Error(`baresip exited:\n${printed.text()}`);
      if (Date.now() > deadline)
        throw new Error(`baresip never printed ${text}:\n${printed.text()}`);
      await Bun.sleep(25);
    }
  };

  return {
    sipPort,
    output: () => printed.text(),
    dumps: () =>
      readdirSync(dir)
        .filter((f) => f.startsWith("dump-") && f.endsWith("-dec.wav"))
        .sort()
        .map((f) => join(dir, f)),
    waitFor,
    async command(command, params) {
      const body = JSON.stringify({ command, params, token: String(Date.now()) });
      const reply = await new Promise<string>((resolve, reject) => {
        let text = "";
        Bun.connect({
          hostname: "127.0.0.1",
          port: ctrlPort,
          socket: {
            open(socket) {
              socket.write(`${Buffer.byteLength(body)}:${body},`);
            },
            data(socket, data) {
              text += data.toString();
              if (text.includes('"response"')) {
                socket.end();
                resolve(text);
              }
            },
            error: (_s, e) => reject(e),
            connectError: (_s, e) => reject(e),
          },
        }).catch(reject);
      });
      return reply;
    },
    async stop() {
      await terminate(child, 2000);
    },
  };
}

/** A baresip phone registered with the box; started again when its random ports were taken. */
export async function startRegisteredBaresip(account: BaresipAccount): Promise<Baresip> {
  for (let attempt = 1; ; attempt++) {
    const phone = await startBaresip(account);
    try {
      await phone.waitFor(/200 OK|registered successfully/i);
      return phone;
    } catch (error) {
      await phone.stop();
      if (attempt === 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

/**
 * The line baresip prints once when an answered call ends, whoever ends it: "<own URI>: Call
 * with <peer URI> terminated (duration: N secs)". Count it to wait for a call's end; the other
 * end lines do not count calls: "session closed" comes as well, just before it, when the other
 * side ends the call (so matching both counts one call twice, the second line possibly against
 * the next call). No such line comes for a call never answered (refused, or cancelled while
 * ringing: "session closed" alone) nor for one answered less than a second before its end
 * (baresip counts the duration in whole seconds and says nothing for 0).
 */
export const CALL_ENDED = /Call with \S+ terminated/;

/**
 * A minute of silence as a phone's microphone (`sourceWav`), for phones that must answer but
 * whose audio no test listens to: baresip answers only with a source it can open.
 */
export function silentMicrophone(): string {
  const path = join(tempDir("baresip-mic-"), "silence.wav");
  writeFileSync(path, writeWav(8000, [new Int16Array(8000 * 60)]));
  return path;
}

/** How often `pattern` appears in the phone's output so far. */
export function seen(phone: Baresip, pattern: RegExp): number {
  return (phone.output().match(new RegExp(pattern, "gi")) ?? []).length;
}

/**
 * Waits until `pattern` has appeared more than `moreThan` times in the phone's output; past
 * `ms` it throws with that output and the tail of `box`'s (the box under test), when given.
 */
export async function untilSeen(
  phone: Baresip,
  pattern: RegExp,
  moreThan: number,
  ms = 15_000,
  box?: { output(): string },
): Promise<void> {
  const deadline = Date.now() + ms;
  while (seen(phone, pattern) <= moreThan) {
    if (Date.now() > deadline) {
      const boxSaw = box ? `\n--- box:\n${box.output().slice(-8000)}` : "";
      throw new Error(`no ${pattern}:\n${phone.output()}${boxSaw}`);
    }
    await Bun.sleep(50);
  }
}

/**
 * A registered phone for each number of `tones`, its microphone that number's tone (two
 * minutes, written under `dir`) and recording what it hears, so a recording says whom it heard.
 */
export async function startTonePhones(
  pbxPort: number,
  tones: Readonly<Record<string, number>>,
  password: (extension: string) => string,
  dir: string,
): Promise<Record<string, Baresip>> {
  const phones: Record<string, Baresip> = {};
  for (const [extension, hz] of Object.entries(tones)) {
    const wav = join(dir, `${extension}.wav`);
    await writeToneWav(wav, hz, 120);
    phones[extension] = await startRegisteredBaresip({
      extension,
      password: password(extension),
      pbxPort,
      sourceWav: wav,
      record: true,
    });
  }
  return phones;
}

/**
 * The phone's recording of its last call (needs `record`) and its length in seconds: the newest
 * by time written, since baresip's file names do not sort by call.
 */
export function lastRecording(
  phone: Baresip,
  name = "the phone",
): { file: string; seconds: number } {
  const file = phone
    .dumps()
    .sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs)
    .at(-1);
  if (!file) throw new Error(`${name} recorded nothing:\n${phone.output()}`);
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(wav.error);
  return { file, seconds: wav.wav.channels[0]!.length / wav.wav.sampleRateHz };
}
