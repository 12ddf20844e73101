// The box's wall clock (issue "the appliance's life": time). At start the battery-backed RTC
// is read: when it holds a plausible time that the system clock does not agree with (a board
// whose kernel did not take the RTC's time, or no network yet), the box's clock takes the
// RTC's. Then the NTP servers of the settings are asked in order, every `time.ntpIntervalS`
// (a minute after a failed round): the first good answer steps the clock when it is off by
// more than NTP's step threshold, and the RTC is set from it, so the next boot without a
// network still starts on time. Records, schedules and pages all read this one clock.
import type { Rtc } from "../../board/rtc/rtc.ts";
import type { Logger } from "../sip/logger.ts";
import { type NtpResult, parseServer, queryNtp } from "./sntp.ts";

/** Settings: the NTP servers in order ("host" or "host:port"; none: NTP off) and how often. */
export const NTP_SERVERS_KEY = "time.ntpServers";
export const NTP_INTERVAL_KEY = "time.ntpIntervalS";
export const DEFAULT_NTP_INTERVAL_S = 3600;

/** Before this the clock was never set (the firmware is newer): neither RTC nor system. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2026, 0, 1);
/** RFC 5905 §10: offsets below 128 ms are slewed, not stepped; the box leaves them be. */
export const STEP_THRESHOLD_MS = 128;
/** The RTC counts whole seconds; a smaller disagreement at boot is not one. */
const RTC_AGREEMENT_MS = 2000;
const RETRY_AFTER_FAILURE_MS = 60_000;

export type TimeSource = "system" | "rtc" | "ntp";

export interface TimeStatus {
  now: number;
  source: TimeSource;
  /** The server of the last good answer. */
  server: string | null;
  lastSyncAt: number | null;
  /** The last good answer's offset before it was applied (ms). */
  offsetMs: number | null;
  /** Why the last round found no good answer ("" after a good one). */
  lastError: string;
}

/** The box's clock, which the time service may step. */
export interface SteppableClock {
  now(): number;
  step(deltaMs: number): void;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
}

export interface TimeServiceOptions {
  clock: SteppableClock;
  /** The board's RTC (absent: no RTC to read or set). */
  rtc?: Rtc;
  servers(): string[];
  intervalS(): number;
  log: Logger;
  /** One server asked once (SNTP over UDP unless a test gives its own transport). */
  query?: (server: { host: string; port: number }, now: () => number) => Promise<NtpResult>;
}

export class TimeService {
  readonly #o: TimeServiceOptions;
  #source: TimeSource = "system";
  #server: string | null = null;
  #lastSyncAt: number | null = null;
  #offsetMs: number | null = null;
  #lastError = "";
  #timer: { cancel(): void } | undefined;
  #round: Promise<TimeStatus> | undefined;
  #stopped = false;

  constructor(options: TimeServiceOptions) {
    this.#o = options;
  }

  /** Takes the RTC's time when it should, then syncs in the background. */
  start(): void {
    this.#fromRtc();
    void this.sync();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  status(): TimeStatus {
    return {
      now: this.#o.clock.now(),
      source: this.#source,
      server: this.#server,
      lastSyncAt: this.#lastSyncAt,
      offsetMs: this.#offsetMs,
      lastError: this.#lastError,
    };
  }

  /** One round over the servers now (a round under way is joined, not doubled). */
  sync(): Promise<TimeStatus> {
    this.#round ??= this.#syncRound().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  async #syncRound(): Promise<TimeStatus> {
    this.#timer?.cancel();
    const { clock, log } = this.#o;
    const servers = this.#o.servers();
    const errors: string[] = [];
    for (const text of servers) {
      const server = parseServer(text);
      if (!server) {
        errors.push(`${text}: not a server name`);
        continue;
      }
      const result = await (this.#o.query ?? queryNtp)(server, () => clock.now());
      if (this.#stopped) return this.status();
      if (!result.ok) {
        errors.push(`${text}: ${result.error}`);
        continue;
      }
      const { offsetMs } = result.sample;
      if (Math.abs(offsetMs) > STEP_THRESHOLD_MS) {
        clock.step(offsetMs);
        log.info("clock stepped by NTP", { server: text, offsetMs: Math.round(offsetMs) });
      }
      this.#source = "ntp";
      this.#server = text;
      this.#offsetMs = offsetMs;
      this.#lastSyncAt = clock.now();
      this.#lastError = "";
      this.#setRtc(clock.now());
      this.#schedule(Math.max(64, this.#o.intervalS()) * 1000);
      return this.status();
    }
    if (servers.length > 0) {
      this.#lastError = errors.join("; ");
      log.warn("no NTP server answered", { errors: this.#lastError });
      this.#schedule(RETRY_AFTER_FAILURE_MS);
    } else {
      this.#lastError = "";
    }
    return this.status();
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = this.#o.clock.setTimer(delayMs, () => void this.sync());
  }

  #fromRtc(): void {
    const { clock, rtc, log } = this.#o;
    if (!rtc) return;
    let rtcMs: number;
    try {
      rtcMs = rtc.readEpochMs();
    } catch (error) {
      log.warn("RTC not readable", { error: String(error) });
      return;
    }
    const systemMs = clock.now();
    if (rtcMs >= EARLIEST_PLAUSIBLE_MS) {
      if (Math.abs(rtcMs - systemMs) <= RTC_AGREEMENT_MS) return;
      clock.step(rtcMs - systemMs);
      this.#source = "rtc";
      // The same time back: a chip counting on the stepped clock stays with it.
      this.#setRtc(clock.now());
      log.info("clock taken from the RTC", { rtc: new Date(rtcMs).toISOString() });
    } else if (systemMs >= EARLIEST_PLAUSIBLE_MS) {
      // The RTC lost its battery: the system's time is better than none.
      this.#setRtc(systemMs);
    }
  }

  #setRtc(epochMs: number): void {
    try {
      this.#o.rtc?.setEpochMs(epochMs);
    } catch (error) {
      this.#o.log.warn("RTC not set", { error: String(error) });
    }
  }
}
