// The composition root (STYLE.md 6): reads the boot configuration, chooses backends, wires
// every service together and serves. Nothing else in the program picks an implementation.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { createApi } from "../web/api/create-api.ts";
import { readSmtp } from "../web/api/routes/settings.ts";
import { uiHandler } from "../web/ui/assets.ts";
import { AccountService } from "./accounts/account-service.ts";
import { SessionStore } from "./accounts/session-store.ts";
import { defaultRouteAddress } from "./calls/apps/default-route-address.ts";
import { CallEngine } from "./calls/call-engine.ts";
import { CallDialPlan } from "./calls/dial-plan.ts";
import { holdMusic } from "./calls/hold-music.ts";
import { relayMediaPort } from "./calls/relay-media-port.ts";
import { CdrStore } from "./cdr/cdr-store.ts";
import {
  BOARD_DEFAULTS,
  type BootConfig,
  PC_DEFAULTS,
  parseBootConfig,
} from "./config/boot-config.ts";
import { openDatabase } from "./db/open-database.ts";
import { SettingsStore } from "./db/settings-store.ts";
import { EventBus } from "./events/event-bus.ts";
import { DepartmentService } from "./extensions/department-service.ts";
import { ExtensionDirectory } from "./extensions/extension-directory.ts";
import { ExtensionService } from "./extensions/extension-service.ts";
import { FeatureCodeTable } from "./features/feature-code-table.ts";
import { JsonLogger } from "./log/json-logger.ts";
import { startBoardServices } from "./ports/board-services.ts";
import { EXIT_RESTART, wipeDataDirectory } from "./ports/factory-reset.ts";
import { RecordingStore } from "./recordings/recording-store.ts";
import { BanList } from "./registrar/ban-list.ts";
import { digestAuthenticator } from "./registrar/digest-authenticator.ts";
import { DEFAULT_LAN, parseCidr } from "./registrar/networks.ts";
import { Qualifier } from "./registrar/qualifier.ts";
import { Registrar } from "./registrar/registrar.ts";
import { registrarView } from "./registrar/registrar-view.ts";
import { MediaRelay } from "./relay/media-relay.ts";
import { makeSelfSignedCertificate } from "./services/certificate.ts";
import { HostStatsReader } from "./services/host-stats.ts";
import { localAddress } from "./services/local-address.ts";
import { SmtpMailer } from "./services/smtp-mailer.ts";
import type { DigestAlgorithm } from "./sip/auth/digest-hash.ts";
import { DigestServer } from "./sip/auth/digest-server.ts";
import { optionsResponder } from "./sip/core/options-responder.ts";
import { SipStack } from "./sip/core/sip-stack.ts";
import { StreamTransport } from "./sip/transport/stream-transport.ts";
import { UdpTransport } from "./sip/transport/udp-transport.ts";
import { WsTransport } from "./sip/transport/ws-transport.ts";
import { systemClock } from "./system-clock.ts";
import { startTrunks } from "./trunks/start-trunks.ts";
import { embeddedPromptLoader, embeddedPromptNames } from "./voice/embedded-prompt-loader.ts";
import { EMBEDDED_PROMPTS } from "./voice/embedded-prompts.ts";
import { filePromptLoader, promptNamesOf } from "./voice/prompt-files.ts";
import { SystemPrompts } from "./voice/system-prompts.ts";
import { VoiceFileStore } from "./voice/voice-file-store.ts";

export const FIRMWARE_VERSION = "0.1.0";
const REALM = "pbx";
const INSTALLED_PROMPTS = "/usr/share/pbx/prompts";
const SUPPORTED = ["path", "outbound", "replaces", "timer", "100rel"];

async function main(): Promise<number> {
  const startedMs = performance.now();
  const onBoard = existsSync("/proc/device-tree/compatible") && process.env.PBX_BOARD !== "sim";
  const parsed = parseBootConfig(
    process.argv.slice(2),
    process.env,
    onBoard ? BOARD_DEFAULTS : PC_DEFAULTS,
  );
  if (!parsed.ok) {
    console.error(`pbx: ${parsed.error}`);
    return 2;
  }
  const config = parsed.config;
  const log = new JsonLogger("main", config.logLevel, (line) => console.log(line));
  mkdirSync(config.dataDir, { recursive: true });

  const database = openDatabase(join(config.dataDir, "pbx.db"));
  const accounts = new AccountService(database.db);
  const firstAdmin = await accounts.ensureFirstAdmin(process.env.PBX_ADMIN_PASSWORD || undefined);
  if (!firstAdmin.ok) {
    console.error(`pbx: cannot create the first admin account: ${firstAdmin.error.message}`);
    return 1;
  }
  if (firstAdmin.value?.generatedPassword) {
    // Printed once, on the console only: the operator's first login (SPEC WEB-1).
    console.log(`First boot: web login "admin", password ${firstAdmin.value.generatedPassword}`);
  }

  const extensions = new ExtensionService(database.db, { realm: REALM });
  const directory = new ExtensionDirectory(extensions);
  const events = new EventBus();
  const tls = loadOrMakeCertificate(config);
  const advertise = config.advertise ?? localAddress(config.bind);

  const settings = new SettingsStore(database.db);
  // MD5 alone by default: many phones (baresip 1.0, older desk phones) fail outright when a
  // 401 also carries an RFC 8760 SHA-256 challenge. SHA-256 is one setting away.
  const digestAlgorithms = settings.get<DigestAlgorithm[]>("sip.digestAlgorithms", ["MD5"]);
  const banSettings = settings.get("sip.bans", {
    maxFailures: 5,
    windowS: 60,
    banS: 600,
    whitelist: [] as string[],
  });
  const bans = new BanList(() => systemClock.now(), {
    maxFailures: banSettings.maxFailures,
    windowMs: banSettings.windowS * 1000,
    banMs: banSettings.banS * 1000,
    whitelist: banSettings.whitelist.flatMap((cidr) => parseCidr(cidr) ?? []),
  });
  const stack = new SipStack({
    clock: systemClock,
    logger: log.child("sip.core"),
    userAgent: `pbx/${FIRMWARE_VERSION}`,
    supported: SUPPORTED,
    admit: (flow) => !bans.isBanned(flow.address),
  });
  const registrar = new Registrar({
    clock: systemClock,
    directory,
    auth: digestAuthenticator(
      new DigestServer({ realm: REALM, clock: systemClock, algorithms: digestAlgorithms }),
    ),
    bans,
    events,
    lan: DEFAULT_LAN.map((c) => parseCidr(c)!),
  });
  directory.onChange((change) => {
    if (change.kind === "deleted") for (const number of change.numbers) registrar.forget(number);
  });
  stack.on("REGISTER", registrar);
  stack.on("OPTIONS", optionsResponder(stack, SUPPORTED));
  // Calls between extensions (SPEC CALL-1): the B2BUA, media through the relay, CDR.
  const relay = new MediaRelay({
    rtpPorts: config.rtpPorts,
    bind: config.bind,
    clock: systemClock,
  });
  const cdr = new CdrStore(database.db);
  const featureCodes = new FeatureCodeTable(settings);
  const boxPort = (protocol: string) =>
    protocol === "TLS"
      ? config.sipTlsPort
      : protocol.startsWith("WS")
        ? config.sipWsPort
        : config.sipPort;
  const calls = new CallEngine({
    clock: systemClock,
    sip: stack,
    directory,
    bindings: registrar.bindings,
    auth: digestAuthenticator(
      new DigestServer({ realm: REALM, clock: systemClock, algorithms: digestAlgorithms }),
    ),
    bans,
    events,
    media: relayMediaPort(relay, {
      address: advertise,
      noRtpTimeoutMs: () => settings.get<number>("calls.noRtpTimeoutS", 60) * 1000,
      // SPEC VOICE-1: the holding extension's class, asked for anew at each hold.
      music: (mohClass) => holdMusic(voiceFiles.mohSource(mohClass), () => systemClock.now()),
    }),
    local: (protocol) => ({
      sentBy: `${advertise}:${boxPort(protocol)}`,
      contact: `<sip:pbx@${advertise}:${boxPort(protocol)};transport=${protocol.toLowerCase()}>`,
    }),
    domain: advertise,
    ringTimeoutMs: () => settings.get<number>("calls.ringTimeoutS", 60) * 1000,
    profile: (number) => extensions.get(number),
    featureCodes,
    voice: {
      clip: (lang, name) => voiceFiles.promptClip(lang, name),
      lanAddress: () => advertise,
      // SPEC CALL-15 **11: no WAN port here; the default route's interface stands for it.
      wanAddress: () => defaultRouteAddress(),
    },
    // Opened below with the voice files; a call is only answered once the box serves.
    recordings: { begin: (start) => recordings.begin(start) },
    onRecord: (summary) => {
      try {
        cdr.write(summary, summary.type);
      } catch (error) {
        log.error("call record not written", { error: String(error) });
      }
    },
  });
  stack.on("INVITE", calls);
  for (const method of ["BYE", "INFO", "UPDATE", "PRACK"]) stack.on(method, calls.inDialog);
  stack.onAck = (ack) => calls.ack(ack);
  stack.onCancel = (invite) => calls.cancel(invite);
  events.on("registration", (e) =>
    log.info("registration", { extension: e.extension, state: e.state, source: e.source }),
  );
  events.on("ban", (e) => log.warn("address banned", { address: e.address, reason: e.reason }));

  stack.addTransport(await UdpTransport.listen(config.bind, config.sipPort, stack));
  stack.addTransport(
    StreamTransport.listen({ protocol: "TCP", hostname: config.bind, port: config.sipPort }, stack),
  );
  stack.addTransport(
    StreamTransport.listen(
      { protocol: "TLS", hostname: config.bind, port: config.sipTlsPort, tls },
      stack,
    ),
  );
  stack.addTransport(WsTransport.listen({ hostname: config.bind, port: config.sipWsPort }, stack));
  registrar.start();
  const sipPortOf = {
    UDP: config.sipPort,
    TCP: config.sipPort,
    TLS: config.sipTlsPort,
    WS: config.sipWsPort,
    WSS: config.sipWsPort,
  };
  const qualifier = new Qualifier({
    clock: systemClock,
    stack,
    bindings: registrar.bindings,
    directory,
    events,
    sentBy: (protocol) => `${advertise}:${sipPortOf[protocol]}`,
  });
  qualifier.start();

  // The board (SPEC DEV-2): a port that fails to start is faulty and the rest run.
  let requestShutdown = (_reason: string, _code: number): void => {};
  const started = await startBoardServices({
    boardName: config.board,
    readCompatible: () => {
      try {
        return readFileSync("/proc/device-tree/compatible", "latin1");
      } catch {
        return undefined;
      }
    },
    clock: systemClock,
    db: database.db,
    settings,
    events,
    registeredExtensions: () => registrar.bindings.extensionCount,
    numbers: () => extensions.list({ limit: 100_000 }).items.map((e) => e.number),
    log: log.child("board"),
    // Answer the confirming request first, then wipe and restart (DESIGN: factory reset).
    onFactoryReset: () =>
      systemClock.setTimer(200, () => requestShutdown("factory-reset", EXIT_RESTART)),
  });
  if (!started.ok) {
    console.error(`pbx: ${started.error}`);
    return 2;
  }
  const onBoardPorts = started.value;
  // Analog ports in calls (SPEC DEV-2, ROUTE-2): one dial plan for SIP and FXS callers.
  const analogOf = (match: (a: { number: string; channel: number }) => boolean) =>
    onBoardPorts.analogExtensions.list().find(match);
  const analogCalls = calls.attachAnalog({
    ports: {
      fxs: (port) => onBoardPorts.lines.fxsLine(port),
      fxsExtension: (port) => analogOf((a) => a.channel === port),
      fxo: () => onBoardPorts.lines.fxo,
    },
    dialPlan: new CallDialPlan({
      lookupIp: (number) => directory.lookup(number),
      analogPort: (number) => analogOf((a) => a.number === number)?.channel,
      outboundPrefixes: () => settings.get<string[]>("dialplan.outboundPrefixes", ["9"]),
      featureCodes: (number) => calls.featureCodeTarget(number),
    }),
    // Until inbound routes exist: the configured extension, else the first IP one, else 8001.
    inboundExtension: () =>
      settings.get("fxo.inboundExtension", "") ||
      extensions.list({ limit: 1 }).items[0]?.number ||
      (analogOf(() => true)?.number ?? "8001"),
  });
  onBoardPorts.setDialHandler((line, number) => analogCalls.dialled(line, number));
  for (const line of onBoardPorts.lines.fxo)
    line.on((e) => {
      if (e.type === "incoming") analogCalls.incoming(line, e.callerId);
    });

  // Trunks and routes (SPEC ROUTE-1..4): register trunks start registering now.
  const trunks = startTrunks({
    db: database.db,
    settings,
    clock: systemClock,
    stack,
    events,
    sentBy: (protocol) => `${advertise}:${boxPort(protocol)}`,
    prompts: {
      has: (name) =>
        name.startsWith("custom/")
          ? voiceFiles.prompts.get(name.slice("custom/".length)) !== undefined
          : systemPrompts.names.includes(name),
    },
    fxoFree: (port) => {
      const line = onBoardPorts.lines.fxo.find((l) => l.index === port);
      return line !== undefined && line.state() === "idle" && line.lineConnected();
    },
    log: log.child("trunks"),
  });
  events.on("trunk", (e) => log.info("trunk", { trunk: e.name, state: e.state, reason: e.reason }));

  // Voice files and recordings: opening each sweeps what a power cut left half written.
  // Installed prompts when the root filesystem has them, else those inside the binary.
  const installed = existsSync(INSTALLED_PROMPTS);
  const systemPrompts = new SystemPrompts({
    load: installed ? filePromptLoader(INSTALLED_PROMPTS) : embeddedPromptLoader(EMBEDDED_PROMPTS),
    names: installed ? promptNamesOf(INSTALLED_PROMPTS) : embeddedPromptNames(EMBEDDED_PROMPTS),
  });
  log.info("voice prompts", {
    source: installed ? INSTALLED_PROMPTS : "embedded",
    prompts: systemPrompts.names.length,
    goodbyeSamples: systemPrompts.clip("zh", "goodbye")?.length ?? 0,
  });
  const voiceFiles = VoiceFileStore.open({
    db: database.db,
    dataDir: config.dataDir,
    clock: systemClock,
    systemPrompts,
  });
  const recordings = RecordingStore.open({
    db: database.db,
    volumes: { data: join(config.dataDir, "recordings") },
    clock: systemClock,
  });
  for (const [what, report] of [
    ["voice files", voiceFiles.repairs],
    ["recordings", recordings.repairs],
  ] as const) {
    const removed = [...report.partFiles, ...report.filesWithoutRow, ...report.rowsWithoutFile];
    if (removed.length > 0)
      log.warn(`${what}: removed interrupted or orphaned entries`, { ...report });
  }

  const hostStats = new HostStatsReader();
  const api = createApi({
    routing: trunks.routing,
    accounts,
    extensions,
    sessions: new SessionStore(database.db),
    departments: new DepartmentService(database.db),
    registrar: registrarView(registrar.bindings, bans),
    voiceFiles,
    promptCalls: {
      async play(name, extension) {
        const clip = voiceFiles.promptClip("zh", `custom/${name}`);
        if (!clip) return { ok: false, error: { code: "not_found", message: "no such prompt" } };
        const placed = await calls.playToExtension(extension, clip);
        if (placed.ok) return { ok: true, value: { callId: placed.callId } };
        const message = {
          not_found: "no such extension",
          unavailable: "has no registered phone",
          no_ports: "no media ports free",
        }[placed.error];
        return { ok: false, error: { code: placed.error, field: "extension", message } };
      },
    },
    recordings,
    health: () => ({ status: "ok" }),
    system: {
      model: "PBX-4S4O (simulated)",
      firmwareVersion: FIRMWARE_VERSION,
      startedAt: new Date(),
    },
    clock: systemClock,
    logger: log.child("web.api"),
    hostStats: () => hostStats.read(),
    usbStorage: () => onBoardPorts.board.usb.list(),
    calls: () => calls.count,
    activeCalls: { list: () => calls.calls() },
    cdr,
    events,
    settings,
    network: () => ({
      hostname: hostname(),
      lanAddress: advertise,
      sipPort: config.sipPort,
      sipTlsPort: config.sipTlsPort,
      sipWsPort: config.sipWsPort,
      httpPort: config.httpPort,
      httpsPort: config.httpsPort,
      rtpPorts: `${config.rtpPorts.min}-${config.rtpPorts.max}`,
    }),
    mailer: new SmtpMailer(() => readSmtp(settings)),
    featureCodes,
    analogExtensions: onBoardPorts.analogExtensions,
    ports: { list: () => onBoardPorts.ports() },
    ...(onBoardPorts.simControl ? { sim: onBoardPorts.simControl } : {}),
    factoryReset: onBoardPorts.factoryReset,
  });
  const ui = uiHandler();
  const https = Bun.serve({
    hostname: config.bind,
    port: config.httpsPort,
    tls,
    fetch: async (request, server) => (await ui(request)) ?? api.fetch(request, server),
  });
  // Plain HTTP serves only the health probe and otherwise redirects to HTTPS (SPEC WEB-2).
  const http = Bun.serve({
    hostname: config.bind,
    port: config.httpPort,
    fetch(request, server) {
      const url = new URL(request.url);
      if (url.pathname === "/api/v1/health") return api.fetch(request, server);
      url.protocol = "https:";
      url.port = String(config.httpsPort);
      return Response.redirect(url.toString(), 308);
    },
  });

  log.info("serving", {
    sip: `${advertise}:${config.sipPort}`,
    web: `https://${advertise}:${config.httpsPort}/`,
    startupMs: Math.round(performance.now() - startedMs),
  });
  console.log(
    `pbx ${FIRMWARE_VERSION} on board "${config.board}": open https://${advertise}:${config.httpsPort}/`,
  );

  return new Promise((resolve) => {
    const stop = async (signal: string, code = 0) => {
      log.info("stopping", { signal });
      onBoardPorts.stop();
      // Un-REGISTER from providers while the SIP stack still runs, for at most 2 s; the timer
      // is cancelled so it never holds a stopping process open.
      let unregistered: { cancel(): void } | undefined;
      await Promise.race([
        trunks.stop(),
        new Promise<void>((done) => {
          unregistered = systemClock.setTimer(2000, done);
        }),
      ]);
      unregistered?.cancel();
      calls.close();
      // Relay workers are threads: wait until they have stopped, so the process never exits
      // while one is still being torn down.
      await relay.close();
      registrar.stop();
      qualifier.stop();
      stack.close();
      void https.stop(true);
      void http.stop(true);
      directory.close();
      database.close();
      if (code === EXIT_RESTART) wipeDataDirectory(config.dataDir);
      resolve(code);
    };
    requestShutdown = (reason, code) => void stop(reason, code);
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  });
}

/** The TLS certificate made at first boot, kept in the data directory. */
function loadOrMakeCertificate(config: BootConfig): { cert: string; key: string } {
  const dir = join(config.dataDir, "tls");
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8") };
  }
  mkdirSync(dir, { recursive: true });
  const names = [hostname(), "pbx.local", "localhost", "127.0.0.1"];
  const made = makeSelfSignedCertificate(hostname(), names, new Date());
  // Key first, each written to a temporary name and renamed, so a power cut leaves either
  // no certificate (made again) or a whole one.
  writeFileSync(`${keyPath}.tmp`, made.key, { mode: 0o600 });
  renameSync(`${keyPath}.tmp`, keyPath);
  writeFileSync(`${certPath}.tmp`, made.cert);
  renameSync(`${certPath}.tmp`, certPath);
  return made;
}

process.exitCode = await main();
