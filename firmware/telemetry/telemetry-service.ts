// SPEC DEV-6: what the box tells the vendor's broker, and when. Health on a timer; registrations,
// port states, trunk states and alarms as they happen (from the event bus); call counts inside
// health. Nothing identifies a caller: call events are only counted, phones' addresses and
// dialled numbers are left out.
import type { SettingsStore } from "../db/settings-store.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { Connect } from "./broker-link.ts";
import type { Clock } from "./clock.ts";
import { DiskQueue } from "./disk-queue.ts";
import { type RemoteActions, runRemoteCommand } from "./remote-commands.ts";
import { TelemetryPublisher, type TelemetryStatus } from "./telemetry-publisher.ts";
import {
  DEFAULT_TELEMETRY_SETTINGS,
  TELEMETRY_KEY,
  type TelemetrySettings,
  type TelemetrySettingsView,
  viewOf,
} from "./telemetry-settings.ts";

/** The figures health reports, gathered by the caller (the status page reads the same ones). */
export interface HealthSources {
  cpuPercent(): number;
  memory(): { totalBytes: number; usedBytes: number };
  temperatureC(): number | null;
  uptimeS(): number;
  storage(): { mountPoint: string; sizeBytes: number; freeBytes: number }[];
  activeCalls(): number;
}

export interface TelemetryServiceOptions {
  clock: Clock;
  settings: SettingsStore;
  events: EventBus;
  queueDirectory: string;
  maxQueued?: number;
  health: HealthSources;
  birth: () => Record<string, unknown>;
  /** The box id when the admin set none. */
  defaultBoxId: string;
  connector: (settings: TelemetrySettings, clientId: string) => Connect;
  /** How long the first reconnect waits (shorter in tests). */
  retryMs?: number;
  /** What signed remote commands may do, and the key that must have signed them. */
  remote?: { publicKey: Promise<CryptoKey>; actions: RemoteActions; now(): number };
}

/** Where the newest remote command acted on is remembered across reboots. */
const LAST_COMMAND_KEY = "telemetry.lastCommandAtMs";

const DISABLED: TelemetryStatus = { connected: false, lastError: null, queued: 0, dropped: 0 };

export class TelemetryService {
  readonly #queue: DiskQueue;
  #publisher: TelemetryPublisher | null = null;
  #healthTimer: { cancel(): void } | null = null;
  #unsubscribe: (() => void)[] = [];
  #callsStarted = 0;
  #commands: Promise<void> = Promise.resolve();

  constructor(private readonly options: TelemetryServiceOptions) {
    this.#queue = new DiskQueue(options.queueDirectory, options.maxQueued);
  }

  settings(): TelemetrySettings {
    return { ...DEFAULT_TELEMETRY_SETTINGS, ...this.options.settings.get(TELEMETRY_KEY, {}) };
  }

  view(): TelemetrySettingsView & { status: TelemetryStatus } {
    const status = this.#publisher?.status() ?? {
      ...DISABLED,
      queued: this.#queue.length,
      dropped: this.#queue.dropped,
    };
    return { ...viewOf(this.settings()), status };
  }

  /** Stores new settings (password and key kept when not given) and reconnects with them. */
  async configure(
    patch: Partial<TelemetrySettings>,
  ): Promise<TelemetrySettingsView & { status: TelemetryStatus }> {
    const next = { ...this.settings(), ...patch };
    this.options.settings.set(TELEMETRY_KEY, next);
    await this.stop();
    this.start();
    return this.view();
  }

  start(): void {
    const settings = this.settings();
    if (!settings.enabled || settings.host === "") return;
    const boxId = settings.boxId || this.options.defaultBoxId;
    const publisher = new TelemetryPublisher({
      clock: this.options.clock,
      queue: this.#queue,
      connect: this.options.connector(settings, `pbx-${boxId}`),
      boxId,
      birth: this.options.birth,
      ...(this.options.retryMs ? { retryMs: this.options.retryMs } : {}),
      ...(settings.remoteCommands && this.options.remote
        ? { onCommand: (payload: Uint8Array) => this.#command(boxId, payload) }
        : {}),
    });
    this.#publisher = publisher;
    this.#subscribe(publisher);
    publisher.start();
    const every = settings.healthIntervalS * 1000;
    const tick = () => {
      publisher.send("health", this.#health());
      this.#healthTimer = this.options.clock.setTimer(every, tick);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#healthTimer?.cancel();
    this.#healthTimer = null;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    const publisher = this.#publisher;
    this.#publisher = null;
    await publisher?.stop();
  }

  /** Commands run one after another, each answered on pbx/<box id>/command-result. */
  #command(boxId: string, payload: Uint8Array): void {
    const remote = this.options.remote;
    if (!remote) return;
    const settings = this.options.settings;
    this.#commands = this.#commands.then(async () => {
      const result = await runRemoteCommand(
        {
          publicKey: remote.publicKey,
          boxId,
          now: remote.now,
          lastIssued: {
            get: () => settings.get(LAST_COMMAND_KEY, 0),
            set: (issuedAtMs) => settings.set(LAST_COMMAND_KEY, issuedAtMs),
          },
          actions: remote.actions,
        },
        payload,
      ).catch((error: unknown) => ({
        command: "unknown",
        outcome: "failed" as const,
        reason: String(error),
        atMs: Math.round(remote.now()),
      }));
      this.#publisher?.send("command-result", { ...result });
    });
  }

  #health(): Record<string, unknown> {
    const h = this.options.health;
    const memory = h.memory();
    return {
      atMs: Math.round(this.options.clock.now()),
      uptimeS: h.uptimeS(),
      cpuPercent: h.cpuPercent(),
      memoryTotalBytes: memory.totalBytes,
      memoryUsedBytes: memory.usedBytes,
      temperatureC: h.temperatureC(),
      storage: h.storage(),
      calls: { active: h.activeCalls(), started: this.#callsStarted },
    };
  }

  #subscribe(publisher: TelemetryPublisher): void {
    const { events } = this.options;
    this.#unsubscribe = [
      events.on("call", (e) => {
        if (e.state === "ringing") this.#callsStarted += 1;
      }),
      events.on("registration", (e) =>
        publisher.send("registration", { extension: e.extension, state: e.state, atMs: e.atMs }),
      ),
      events.on("port", (e) =>
        publisher.send("port", {
          port: e.port,
          state: e.state,
          ...(e.reason ? { reason: e.reason } : {}),
          atMs: e.atMs,
        }),
      ),
      events.on("port-diagnostics", (e) =>
        publisher.send("port-diagnostics", {
          port: e.port,
          figures: e.figures,
          hints: e.hints,
          atMs: e.atMs,
        }),
      ),
      events.on("trunk", (e) =>
        publisher.send("trunk", {
          trunkId: e.trunkId,
          name: e.name,
          state: e.state,
          ...(e.reason ? { reason: e.reason } : {}),
          atMs: e.atMs,
        }),
      ),
      events.on("port", (e) => {
        if (e.state === "faulty") {
          publisher.send("alarm", { kind: "port-fault", subject: e.port, atMs: e.atMs });
        }
      }),
      // The fuse's message names the dialled number: only the kind and the extension go out.
      events.on("alarm", (e) =>
        publisher.send("alarm", { kind: e.kind, subject: e.subject, atMs: e.atMs }),
      ),
    ];
  }
}
