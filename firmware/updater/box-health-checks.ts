// The checks a new firmware must pass before its slot is marked good (SPEC DEV-4 "health
// check"): the database opens and answers, SIP answers an OPTIONS on the box's own UDP port, the
// web server answers its health probe, and every analog port of the board is up.
import type { Database } from "bun:sqlite";
import type { Clock } from "../lines/clock.ts";
import type { HealthCheck } from "./health-check.ts";

export interface BoxHealthOptions {
  readonly sqlite: Database;
  /** Where the box's SIP over UDP listens, as reached from the box itself. */
  readonly sip: { readonly host: string; readonly port: number };
  /** The plain-HTTP health probe, e.g. http://127.0.0.1:8080/api/v1/health. */
  readonly healthUrl: string;
  /** The analog ports and their states. */
  readonly ports: () => ReadonlyArray<{ port: string; state: string }>;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

export function boxHealthChecks(o: BoxHealthOptions): Record<string, HealthCheck> {
  const timeoutMs = o.timeoutMs ?? 3000;
  return {
    database: () => {
      const row = o.sqlite.query("PRAGMA quick_check").get() as Record<string, string> | null;
      const verdict = row ? Object.values(row)[0] : undefined;
      return verdict === "ok" ? undefined : `quick_check says ${verdict ?? "nothing"}`;
    },
    sip: () => sipAnswers(o.sip.host, o.sip.port, o.clock, timeoutMs),
    web: async () => {
      try {
        const response = await fetch(o.healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        return response.status === 200 ? undefined : `the health probe answered ${response.status}`;
      } catch (error) {
        return `the health probe did not answer (${String(error)})`;
      }
    },
    board: () => {
      const faulty = o
        .ports()
        .filter((p) => p.state === "faulty")
        .map((p) => p.port);
      return faulty.length === 0 ? undefined : `ports not up: ${faulty.join(", ")}`;
    },
  };
}

/** Sends OPTIONS over UDP and waits for any final response (undefined) or says why not. */
async function sipAnswers(
  host: string,
  port: number,
  clock: Clock,
  timeoutMs: number,
): Promise<string | undefined> {
  const token = crypto.randomUUID().replaceAll("-", "");
  let answered: (status: string) => void = () => {};
  const answer = new Promise<string>((done) => {
    answered = done;
  });
  const socket = await Bun.udpSocket({
    hostname: host,
    socket: {
      data(_s, data) {
        const line = new TextDecoder().decode(data).split("\r\n", 1)[0] ?? "";
        if (/^SIP\/2\.0 [2-6]\d\d/.test(line) && !line.startsWith("SIP/2.0 1")) answered(line);
      },
    },
  });
  const local = `${host}:${socket.port}`;
  const message = [
    `OPTIONS sip:${host}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${local};branch=z9hG4bK${token};rport`,
    "Max-Forwards: 70",
    `From: <sip:health-check@${local}>;tag=${token.slice(0, 10)}`,
    `To: <sip:${host}:${port}>`,
    `Call-ID: ${token}@${host}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  socket.send(message, port, host);
  const timer = clock.setTimer(timeoutMs, () => answered(""));
  const line = await answer;
  timer.cancel();
  socket.close();
  return line === "" ? `no answer to OPTIONS on ${host}:${port} within ${timeoutMs} ms` : undefined;
}
