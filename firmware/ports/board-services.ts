// Everything that runs on the board, started in one place for firmware/main.ts (SPEC DEV-2,
// EXT-5, STAT-3): picks the board, builds it (simulated or Linux backends), gives the FXS ports
// their analog extensions, puts a line on every port, starts the ports (a port that fails is
// faulty and the rest run), shows states on the LEDs and the event bus, and turns a 6 s press
// of the reset button into a pending factory reset.
import type { Board, BoardStartReport } from "../../board/board.ts";
import { loadLibcSyscalls } from "../../board/linux/syscalls.ts";
import type { SimBoard } from "../../board/sim/sim-board.ts";
import type { BoardDefinition } from "../../bsp/board-definition.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { PbxEvent } from "../events/event-bus.ts";
import {
  AnalogExtensionService,
  type AnalogExtensionView,
} from "../lines/analog-extension-service.ts";
import { AnalogLines, type PortView } from "../lines/analog-lines.ts";
import type { CallerIdMode } from "../lines/caller-id-audio.ts";
import type { Clock } from "../lines/clock.ts";
import { numberDialPlan } from "../lines/dial-plan.ts";
import { DEFAULT_FXO_SETTINGS } from "../lines/fxo-line.ts";
import { DEFAULT_FXS_SETTINGS, type FxsLine, type FxsLineSettings } from "../lines/fxs-line.ts";
import { boardClockOf } from "./board-clock.ts";
import { FactoryReset } from "./factory-reset.ts";
import { LedPanel } from "./led-panel.ts";
import { mediaPhoneDsp } from "./media-phone-dsp.ts";
import { PortDiagnostics } from "./port-diagnostics.ts";
import { buildBoard, selectBoard } from "./select-board.ts";
import { simFacade } from "./sim-facade.ts";

export interface BoardLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface BoardServicesOptions {
  /** --board: a bsp name, or "auto" for the devicetree. */
  readonly boardName: string;
  readonly readCompatible: () => string | undefined;
  readonly clock: Clock;
  readonly db: PbxDatabase;
  readonly settings: { get<T>(key: string, fallback: T): T };
  readonly events: {
    emit(event: PbxEvent): void;
    on(type: "registration", listener: () => void): () => void;
  };
  /** Extensions with at least one registered contact (the SIP LED). */
  readonly registeredExtensions: () => number;
  /** Numbers dialable inside the box besides the analog extensions (dial plan). */
  readonly numbers: () => Iterable<string>;
  readonly log: BoardLogger;
  /** Wipes the data and restarts; the factory reset was confirmed. */
  readonly onFactoryReset: (source: "api" | "button") => void;
  /** Where the simulated USB stick keeps its files. */
  readonly simUsbDir?: string;
  /** The simulated RTC's battery file. */
  readonly simRtcFile?: string;
  /** New voicemail waits in `extension`'s mailbox: its handset hears stutter dial tone. */
  readonly messageWaiting?: (extension: string) => boolean;
}

export type DialHandler = (line: FxsLine, number: string) => void;

export interface BoardServices {
  readonly definition: BoardDefinition;
  readonly board: Board;
  /** The simulated board, or null on real hardware. */
  readonly sim: SimBoard | null;
  readonly simControl: ReturnType<typeof simFacade> | null;
  readonly lines: AnalogLines;
  readonly analogExtensions: AnalogExtensionService;
  readonly leds: LedPanel;
  readonly factoryReset: FactoryReset;
  readonly report: BoardStartReport;
  /** Line figures, hints and the installer's tests per port (/api/v1/ports/{port}/...). */
  readonly diagnostics: PortDiagnostics;
  /** The ports with the analog extension numbers (GET /api/v1/ports). */
  ports(): Array<PortView & { extension?: string }>;
  /** Who routes a number dialled on an FXS line (the call engine); congestion tone until set. */
  setDialHandler(handler: DialHandler | null): void;
  stop(): void;
}

export async function startBoardServices(
  o: BoardServicesOptions,
): Promise<{ ok: true; value: BoardServices } | { ok: false; error: string }> {
  const selected = selectBoard(o.boardName, o.readCompatible);
  if (!selected.ok) return selected;
  const definition = selected.definition;
  const country = o.settings.get("lines.country", "cn");
  const { board, sim } = await buildBoard(definition, {
    clock: boardClockOf(o.clock),
    dsp: mediaPhoneDsp({ country }),
    syscalls: loadLibcSyscalls,
    rtcEpochMs: o.clock.now(),
    ...(o.simUsbDir !== undefined ? { simUsbDir: o.simUsbDir } : {}),
    ...(o.simRtcFile !== undefined ? { simRtcFile: o.simRtcFile } : {}),
  });

  const analogExtensions = new AnalogExtensionService(
    o.db,
    o.settings.get("lines.firstAnalogNumber", "8001"),
  );
  analogExtensions.ensurePorts(board.fxs.map((p) => p.index));
  // Line settings are read every frame: keep them in memory, refreshed on each change.
  const fxsSettings = new Map<number, FxsLineSettings>();
  const callerIdMode = o.settings.get<CallerIdMode>("lines.callerIdMode", "fsk");
  const refresh = (a: AnalogExtensionView): void => {
    fxsSettings.set(a.channel, {
      ...DEFAULT_FXS_SETTINGS,
      country,
      callerIdMode,
      interDigitTimeoutMs: o.settings.get("lines.interDigitTimeoutMs", 4000),
      rxGainDb: a.rxGainDb,
      txGainDb: a.txGainDb,
    });
  };
  for (const a of analogExtensions.list()) refresh(a);
  analogExtensions.onChange(refresh);

  let leds: LedPanel | null = null;
  const lines = new AnalogLines({
    fxs: board.fxs,
    fxo: board.fxo,
    clock: o.clock,
    dialPlan: numberDialPlan({
      numbers: () => [...o.numbers(), ...analogExtensions.list().map((a) => a.number)],
      openPrefixes: () => o.settings.get<string[]>("dialplan.outboundPrefixes", ["9"]),
    }),
    fxsSettings: (index) => fxsSettings.get(index) ?? { ...DEFAULT_FXS_SETTINGS, country },
    fxoSettings: () => ({ ...DEFAULT_FXO_SETTINGS, country }),
    fxsMessageWaiting: (index) => {
      const number = analogExtensions.list().find((a) => a.channel === index)?.number;
      return number !== undefined && (o.messageWaiting?.(number) ?? false);
    },
    callTime: () => {
      const d = new Date(o.clock.now());
      return {
        month: d.getMonth() + 1,
        day: d.getDate(),
        hour: d.getHours(),
        minute: d.getMinutes(),
      };
    },
    onPortState: (c) => {
      o.events.emit({
        type: "port",
        port: c.port,
        kind: c.kind,
        index: c.index,
        state: c.state,
        ...(c.fault ? { reason: c.fault.reason } : {}),
        atMs: o.clock.now(),
      });
      leds?.portChanged(c.kind, c.index, c.state);
      if (c.state === "faulty") o.log.warn("port faulty", { port: c.port, ...c.fault });
    },
  });
  // Until a call engine takes dialled numbers (setDialHandler), they have nowhere to go.
  let dialHandler: DialHandler | null = null;
  for (const line of lines.fxs) {
    line.on((e) => {
      if (e.type !== "dial") return;
      o.log.info("analog dial", { port: `fxs${line.index}`, number: e.number });
      if (!dialHandler) line.playTone("congestion");
      else dialHandler(line, e.number);
    });
  }
  for (const line of lines.fxo) {
    line.on((e) => {
      if (e.type === "incoming")
        o.log.info("analog incoming", { port: `fxo${line.index}`, callerId: e.callerId?.number });
    });
  }

  const diagnostics = new PortDiagnostics({
    fxs: board.fxs,
    fxo: board.fxo,
    lines,
    clock: o.clock,
    country: () => country,
    emit: (event) => o.events.emit(event),
  });

  const report = await board.start();
  for (const f of report.faulty) o.log.warn("port failed to start", f);
  o.log.info("board started", { board: definition.name, ports: report.started });

  const panel = new LedPanel({
    leds: board.leds,
    definitions: definition.leds,
    registeredExtensions: o.registeredExtensions,
  });
  leds = panel;
  panel.start(lines.ports().map((p) => ({ kind: p.type, index: p.index, state: p.state })));
  const stopRegistration = o.events.on("registration", () => panel.registrationChanged());

  const factoryReset = new FactoryReset({
    clock: o.clock,
    perform: (source) => {
      o.log.warn("factory reset", { source });
      o.onFactoryReset(source);
    },
    onPendingChange: (pending) => {
      panel.setAttention(pending);
      o.log.warn(pending ? "factory reset pending confirmation" : "factory reset withdrawn");
    },
  });
  const stopButtons = board.buttons.onEvent((e) => {
    if (e.button === "reset" && e.type === "long-press") factoryReset.longPress();
  });

  return {
    ok: true,
    value: {
      definition,
      board,
      sim,
      simControl: sim ? simFacade(sim) : null,
      lines,
      analogExtensions,
      leds: panel,
      factoryReset,
      report,
      diagnostics,
      ports: () => {
        const numbers = new Map(analogExtensions.list().map((a) => [a.channel, a.number]));
        return lines
          .ports()
          .map((p) =>
            p.type === "fxs" && numbers.has(p.index)
              ? { ...p, extension: numbers.get(p.index)! }
              : p,
          );
      },
      setDialHandler: (handler) => {
        dialHandler = handler;
      },
      stop: () => {
        stopButtons();
        stopRegistration();
        diagnostics.close();
        lines.close();
        board.stop();
      },
    },
  };
}
