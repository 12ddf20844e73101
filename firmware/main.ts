// The composition root (STYLE.md 6): reads the boot configuration, chooses backends, wires
// every service together and serves. Nothing else in the program picks an implementation.

import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { importPublicKey } from "../flash/bundle/bundle-signature.ts";
import { VENDOR_PUBLIC_KEY } from "../flash/bundle/vendor-key.ts";
import { createApi } from "../web/api/create-api.ts";
import { httpsRedirect } from "../web/api/https-redirect.ts";
import { PROVISIONING_FILES_PATH } from "../web/api/routes/provisioning-files.ts";
import { readSmtp } from "../web/api/routes/settings.ts";
import { uiHandler } from "../web/ui/assets.ts";
import { AccountService } from "./accounts/account-service.ts";
import { SessionStore } from "./accounts/session-store.ts";
import { BackupService } from "./backup/backup-service.ts";
import { applyPendingRestore } from "./backup/pending-restore.ts";
import { ScheduledBackups } from "./backup/scheduled-backups.ts";
import { StoredBackups } from "./backup/stored-backups.ts";
import { BillingService } from "./billing/billing-service.ts";
import { recordInterruptedCalls } from "./billing/interrupted-calls.ts";
import { defaultRouteAddress } from "./calls/apps/default-route-address.ts";
import { promptLanguage } from "./calls/apps/info-announcement.ts";
import { callLimit } from "./calls/call-limit.ts";
import type { RecordingMode } from "./calls/call-recording.ts";
import { ConferenceRoomStore } from "./calls/conference/conference-room-store.ts";
import { CONFERENCE_APP, ConferenceRooms } from "./calls/conference/conference-rooms.ts";
import { holdMusic } from "./calls/hold-music.ts";
import { MONITOR_APP, monitoring } from "./calls/monitor/monitoring.ts";
import { PAGING_APP, PagingCalls } from "./calls/paging/paging-calls.ts";
import { PagingGroupStore } from "./calls/paging/paging-group-store.ts";
import { relayMediaPort } from "./calls/relay-media-port.ts";
import { startCalls } from "./calls/start-calls.ts";
import { CdrStore } from "./cdr/cdr-store.ts";
import {
  BOARD_DEFAULTS,
  type BootConfig,
  PC_DEFAULTS,
  parseBootConfig,
} from "./config/boot-config.ts";
import { prepareDataDirectory } from "./config/data-directory.ts";
import { helpText } from "./config/help-text.ts";
import {
  EXIT_CONFIG,
  listenError,
  StartupError,
  startupExitCode,
  startupMessage,
} from "./config/startup-error.ts";
import { Teardown } from "./config/teardown.ts";
import { migrations } from "./db/migrations/index.ts";
import { DatabaseOpenError, openDatabase } from "./db/open-database.ts";
import { SettingsStore } from "./db/settings-store.ts";
import { EventBus } from "./events/event-bus.ts";
import { DepartmentService } from "./extensions/department-service.ts";
import { ExtensionDirectory } from "./extensions/extension-directory.ts";
import { ExtensionService } from "./extensions/extension-service.ts";
import { startCallFeatures } from "./features/call-features.ts";
import { FeatureCodeTable } from "./features/feature-code-table.ts";
import { followMeHook } from "./features/follow-me-hook.ts";
import { FOLLOW_ME_NAME_APP, FollowMeNames } from "./features/follow-me-names.ts";
import { FollowMeStore } from "./features/follow-me-store.ts";
import { startWakeupCalls } from "./features/wakeup-calls.ts";
import { isWallTime, utcOf, wallTimeAt } from "./features/wakeup-time.ts";
import { startLamps } from "./lamps/start-lamps.ts";
import { LdapServer } from "./ldap/ldap-server.ts";
import { JsonLogger } from "./log/json-logger.ts";
import { LogFile } from "./log/log-file.ts";
import { LogOutput } from "./log/log-output.ts";
import { boxNumberProviders } from "./numbering/box-numbering.ts";
import { DEFAULT_OUTBOUND_PREFIXES } from "./numbering/manual-numbers.ts";
import { NumberRegistry } from "./numbering/number-registry.ts";
import { callerNameOf } from "./phonebook/caller-names.ts";
import { ContactStore } from "./phonebook/contact-store.ts";
import { allPages, Phonebook, sipPasswordMatches } from "./phonebook/phonebook.ts";
import { phonebookSheetRows, readPhonebookSheet } from "./phonebook/phonebook-sheet.ts";
import { startBoardServices } from "./ports/board-services.ts";
import { EXIT_RESTART, wipeDataDirectory } from "./ports/factory-reset.ts";
import { startProvisioning } from "./provisioning/start-provisioning.ts";
import { QUEUE_APP } from "./queues/call-queues.ts";
import { startQueues } from "./queues/start-queues.ts";
import { RecordingStore } from "./recordings/recording-store.ts";
import { BanList } from "./registrar/ban-list.ts";
import { digestAuthenticator } from "./registrar/digest-authenticator.ts";
import { DEFAULT_LAN, parseCidr } from "./registrar/networks.ts";
import { Qualifier } from "./registrar/qualifier.ts";
import { Registrar } from "./registrar/registrar.ts";
import { registrarView } from "./registrar/registrar-view.ts";
import { MediaRelay } from "./relay/media-relay.ts";
import { outboundRouteNumbers } from "./routes/outbound-route-numbers.ts";
import {
  boxSubject,
  CertificateFileError,
  loadOrMakeCertificate,
} from "./services/box-certificate.ts";
import { HostStatsReader } from "./services/host-stats.ts";
import { interfaceAddresses } from "./services/interface-addresses.ts";
import { localAddress } from "./services/local-address.ts";
import { SmtpMailer } from "./services/smtp-mailer.ts";
import { UsbStorageService } from "./services/usb-storage-service.ts";
import type { DigestAlgorithm } from "./sip/auth/digest-hash.ts";
import { DigestServer } from "./sip/auth/digest-server.ts";
import { EventPackages } from "./sip/core/event-packages.ts";
import { DEFAULT_LOAD_LIMITS, LoadShedder } from "./sip/core/load-shedder.ts";
import { optionsResponder } from "./sip/core/options-responder.ts";
import { SipStack } from "./sip/core/sip-stack.ts";
import type { ConnectionLimits } from "./sip/transport/connection-guard.ts";
import { SIP_RECEIVE_BUFFER_BYTES } from "./sip/transport/receive-buffer.ts";
import { StreamTransport } from "./sip/transport/stream-transport.ts";
import { UdpTransport } from "./sip/transport/udp-transport.ts";
import { WsTransport } from "./sip/transport/ws-transport.ts";
import { systemClock } from "./system-clock.ts";
import { dataVolume } from "./telemetry/data-volume.ts";
import { mqttConnector } from "./telemetry/mqtt-connector.ts";
import { TelemetryService } from "./telemetry/telemetry-service.ts";
import {
  DEFAULT_NTP_INTERVAL_S,
  NTP_INTERVAL_KEY,
  NTP_SERVERS_KEY,
  TimeService,
} from "./time/time-service.ts";
import { outboundCalls } from "./trunks/outbound-calls.ts";
import { startTrunks } from "./trunks/start-trunks.ts";
import { boxHealthChecks } from "./updater/box-health-checks.ts";
import { firmwareFacade } from "./updater/firmware-facade.ts";
import { startUpdater } from "./updater/start-updater.ts";
import { embeddedPromptLoader, embeddedPromptNames } from "./voice/embedded-prompt-loader.ts";
import { EMBEDDED_PROMPTS } from "./voice/embedded-prompts.ts";
import { filePromptLoader, promptNamesOf } from "./voice/prompt-files.ts";
import { SystemPrompts } from "./voice/system-prompts.ts";
import { VoiceFileStore } from "./voice/voice-file-store.ts";
import { analogMailboxes, analogMailboxOwner } from "./voicemail/analog-mailboxes.ts";
import { startVoicemail } from "./voicemail/start-voicemail.ts";
import { voicemailFacade } from "./voicemail/voicemail-facade.ts";

export const FIRMWARE_VERSION = "0.1.0";
const REALM = "pbx";
const INSTALLED_PROMPTS = "/usr/share/pbx/prompts";
const SUPPORTED = ["path", "outbound", "replaces", "timer", "100rel"];

async function main(): Promise<number> {
  const startedMs = performance.now();
  const onBoard = existsSync("/proc/device-tree/compatible") && process.env.PBX_BOARD !== "sim";
  const defaults = onBoard ? BOARD_DEFAULTS : PC_DEFAULTS;
  const parsed = parseBootConfig(process.argv.slice(2), process.env, defaults);
  if (!parsed.ok) {
    console.error(`pbx: ${parsed.error}`);
    return EXIT_CONFIG;
  }
  if ("help" in parsed) {
    console.log(helpText(defaults));
    return 0;
  }
  const config = parsed.config;
  const logOutput = new LogOutput(config.logLevel, (line) => console.log(line));
  const log = new JsonLogger("main", logOutput, () => systemClock.now());
  // Whatever start-up opened is closed again when it fails half-way, and the failure is one
  // line on stderr: a service manager's log shows the cause, and the process really ends.
  const teardown = new Teardown();
  try {
    return await serve(config, log, logOutput, teardown, startedMs);
  } catch (error) {
    console.error(`pbx: ${startupMessage(error, [DatabaseOpenError, CertificateFileError])}`);
    await teardown.closeAll((name, closeError) =>
      log.warn("not closed cleanly", { what: name, error: String(closeError) }),
    );
    // A worker or socket that did not close must not keep a failed box alive.
    setTimeout(() => process.exit(startupExitCode(error)), 2000).unref();
    return startupExitCode(error);
  }
}

/** Starts every service, serves until a signal or a factory reset, and returns the exit code. */
async function serve(
  config: BootConfig,
  log: JsonLogger,
  logOutput: LogOutput,
  teardown: Teardown,
  startedMs: number,
): Promise<number> {
  prepareDataDirectory(config.dataDir);
  // The log viewer's files live on the data volume, once it is known to be writable.
  const logFile = new LogFile(join(config.dataDir, "logs"));
  logOutput.attachFile(logFile);
  teardown.add("log file", () => logFile.close());
  checkBindAddress(config.bind);
  // SPEC DEV-7: a restore committed before the restart is put in place before anything opens.
  const restored = applyPendingRestore(config.dataDir);
  if (restored) log.info("configuration restored from a backup", { items: restored });
  const databasePath = join(config.dataDir, "pbx.db");
  const database = openDatabase(databasePath);
  teardown.add("database", () => database.close());
  const accounts = new AccountService(database.db);
  const firstAdmin = await accounts.ensureFirstAdmin(process.env.PBX_ADMIN_PASSWORD || undefined);
  if (!firstAdmin.ok)
    throw new StartupError(`cannot create the first admin account: ${firstAdmin.error.message}`);
  if (firstAdmin.value?.generatedPassword) {
    // Printed once, on the console only: the operator's first login (SPEC WEB-1).
    console.log(`First boot: web login "admin", password ${firstAdmin.value.generatedPassword}`);
  }

  // Every number the box answers (extensions, FXS ports, departments, codes, rooms, prefixes):
  // the services refuse a new one that is taken; providers are registered once the board runs.
  const numbering = new NumberRegistry();
  const extensions = new ExtensionService(database.db, { realm: REALM, numbering });
  const departments = new DepartmentService(database.db, systemClock, numbering);
  const directory = new ExtensionDirectory(extensions);
  teardown.add("extension directory", () => directory.close());
  const events = new EventBus();
  const advertise = config.advertise ?? localAddress(config.bind);
  // First boot: the certificate names every address of the box's interfaces.
  const tls = await loadOrMakeCertificate(
    join(config.dataDir, "tls"),
    () => boxSubject(hostname(), [...interfaceAddresses(), advertise]),
    new Date(),
  );

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
    // The shedder needs the registrar's bindings and the calls, made below; no request
    // arrives before the transports listen, further down still.
    shed: (request, flow) => shedder.refuses(request, flow),
    // After a registration storm the collector may wait long before a full collection: one
    // now gives the storm's memory back while the box is quiet again (issue 16).
    afterBurst: () => Bun.gc(true),
  });
  // One digest server (one nonce secret, one nc table) for REGISTER and INVITE alike.
  const digest = digestAuthenticator(
    new DigestServer({ realm: REALM, clock: systemClock, algorithms: digestAlgorithms }),
  );
  const registrar = new Registrar({
    clock: systemClock,
    directory,
    auth: digest,
    bans,
    events,
    lan: DEFAULT_LAN.map((c) => parseCidr(c)!),
  });
  directory.onChange((change) => {
    if (change.kind === "deleted") for (const number of change.numbers) registrar.forget(number);
  });
  stack.on("REGISTER", registrar);
  // Back-pressure (issue 16): 503 with Retry-After past the load, registered phones first;
  // past the limit on calls in progress a new call gets 503, emergency numbers excepted.
  const shedder: LoadShedder = new LoadShedder({
    limits: {
      ...DEFAULT_LOAD_LIMITS,
      maxTransactions: config.sipMaxTransactions,
      maxCalls: config.sipMaxCalls,
    },
    transactions: (): number => stack.transactions.serverCount,
    trusted: (flow) => registrar.bindings.hasAddress(flow.address),
    ...callLimit({
      admitted: () => calls.admitted,
      settings,
      clock: systemClock,
      log: log.child("calls"),
    }),
  });
  stack.on("OPTIONS", optionsResponder(stack, SUPPORTED));
  // SUBSCRIBE by event package (RFC 6665): PnP's ua-profile and the phones' lamps.
  const subscriptions = new EventPackages();
  stack.on("SUBSCRIBE", subscriptions);
  // Calls between extensions (SPEC CALL-1): the B2BUA, media through the relay, CDR.
  const relay = new MediaRelay({
    rtpPorts: config.rtpPorts,
    bind: config.bind,
    clock: systemClock,
  });
  teardown.add("media relay", () => relay.close());
  const cdr = new CdrStore(database.db);
  teardown.add("call records", () => cdr.flush());
  const featureCodes = new FeatureCodeTable(settings, numbering);
  const outboundPrefixes = () =>
    settings.get<string[]>("dialplan.outboundPrefixes", [...DEFAULT_OUTBOUND_PREFIXES]);
  const boxPort = (protocol: string) =>
    protocol === "TLS"
      ? config.sipTlsPort
      : protocol.startsWith("WS")
        ? config.sipWsPort
        : config.sipPort;
  events.on("registration", (e) =>
    log.info("registration", { extension: e.extension, state: e.state, source: e.source }),
  );
  events.on("ban", (e) => log.warn("address banned", { address: e.address, reason: e.reason }));

  // The board (SPEC DEV-2): a port that fails to start is faulty and the rest run.
  let requestShutdown = (_reason: string, _code: number): void => {};
  // Voicemail starts further down; a handset lifted before then hears plain dial tone.
  let messageWaiting = (_extension: string): boolean => false;
  const started = await startBoardServices({
    messageWaiting: (extension) => messageWaiting(extension),
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
    numbers: () => [
      ...extensions.list({ limit: 100_000 }).items.map((e) => e.number),
      ...departments.list().map((d) => d.number),
    ],
    log: log.child("board"),
    simUsbDir: join(config.dataDir, "sim-usb"),
    simRtcFile: join(config.dataDir, "sim-rtc.json"),
    // Answer the confirming request first, then wipe and restart (DESIGN: factory reset).
    onFactoryReset: () =>
      systemClock.setTimer(200, () => requestShutdown("factory-reset", EXIT_RESTART)),
  });
  if (!started.ok) throw new StartupError(started.error, EXIT_CONFIG);
  const onBoardPorts = started.value;
  teardown.add("board", () => onBoardPorts.stop());
  // The box's time: the RTC's at once when the system clock disagrees, then NTP's.
  const time = new TimeService({
    clock: systemClock,
    rtc: onBoardPorts.board.rtc,
    servers: () => settings.get<string[]>(NTP_SERVERS_KEY, []),
    intervalS: () => settings.get(NTP_INTERVAL_KEY, DEFAULT_NTP_INTERVAL_S),
    log: log.child("time"),
  });
  time.start();
  teardown.add("time", () => time.stop());
  const analog = onBoardPorts.analogExtensions;
  numbering.register(
    ...boxNumberProviders({ extensions, departments, analog, featureCodes, outboundPrefixes }),
  );
  // Paging groups (SPEC CALL-6): their numbers are numbers the box answers.
  const pagingGroups = new PagingGroupStore(database.db, {
    isIpExtension: (number) => extensions.get(number) !== undefined,
    numbering,
  });
  numbering.register(pagingGroups.holders());
  // A database from before the registry may hold clashes: reported, never deleted.
  for (const clash of numbering.clashes())
    log.warn("number clash", {
      number: clash.number,
      holder: clash.params.holder,
      clash: clash.message,
    });
  // Trunks and routes (SPEC ROUTE-1..4), read by calls; registering starts once SIP listens.
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
    numbering,
    log: log.child("trunks"),
  });
  // Outbound routes' prefixes join the numbers an extension may not start with.
  numbering.register(outboundRouteNumbers(trunks.routing.outboundRoutes));
  events.on("trunk", (e) => log.info("trunk", { trunk: e.name, state: e.state, reason: e.reason }));
  // Outbound routes and trunk channels (SPEC ROUTE-1..3).
  const outward = outboundCalls(
    () => trunks,
    (number) =>
      extensions.get(number) ??
      onBoardPorts.analogExtensions
        .list()
        .map((a) => ({ ...a, outboundCallerId: "" }))
        .find((a) => a.number === number) ??
      // A conference room calls out for its admin's invitations with the room's class.
      conferences.outboundCaller(number),
  );
  // Calls (SPEC CALL-1, DEV-2, ROUTE-2): one routing step and one engine for SIP phones,
  // FXS handsets, FXO lines and the box's own applications.
  const inboundLog = log.child("calls.inbound");
  // Billing (SPEC BILL): charges a stop left open are settled before any call is taken.
  const billing = new BillingService(database.db, settings);
  const closedAtMs = systemClock.now();
  const closed = billing.ledger.closeUnfinished(closedAtMs);
  if (closed.settled.length + closed.released.length > 0) {
    // Their calls ended with the stop, unrecorded: each gets its record now.
    const recorded = recordInterruptedCalls(
      [...closed.settled, ...closed.released],
      cdr,
      closedAtMs,
    );
    log.info("charges left open by a stop closed", {
      settled: closed.settled.length,
      released: closed.released.length,
      callsRecorded: recorded,
    });
  }
  // Forwarding, DND and the blacklist (SPEC CALL-2, CALL-11, CALL-14).
  const isExtension = (number: string) =>
    extensions.get(number) !== undefined ||
    onBoardPorts.analogExtensions.list().some((a) => a.number === number);
  const callFeatures = startCallFeatures({
    db: database.db,
    events,
    settings,
    isExtension,
    isInternal: (number) =>
      isExtension(number) || departments.list().some((d) => d.number === number),
    now: () => systemClock.now(),
    log: (message, fields) => log.child("calls.features").info(message, fields),
    // An extension hears its own language; an outside caller the box's (Mandarin).
    clip: (caller, name) => {
      const ip = extensions.get(caller.number)?.language;
      const analog = onBoardPorts.analogExtensions.list().find((a) => a.number === caller.number);
      return voiceFiles.promptClip(promptLanguage(ip ?? analog?.language), name);
    },
  });
  // Wake-up calls (SPEC CALL-4): bookings, the scheduler and the *55 codes.
  const languageOf = (number: string) =>
    promptLanguage(
      extensions.get(number)?.language ??
        onBoardPorts.analogExtensions.list().find((a) => a.number === number)?.language,
    );
  // Follow-me (SPEC CALL-3): settings from the web, a routing hook after forwarding's.
  const followMe = new FollowMeStore(database.db);
  const followMeNames = new FollowMeNames({
    clock: systemClock,
    clip: (number, name) => voiceFiles.promptClip(languageOf(number), name),
  });
  const wakeup = startWakeupCalls({
    db: database.db,
    clock: systemClock,
    settings,
    timeZone: () => settings.get("system.timeZone", "Asia/Shanghai"),
    isExtension,
    language: languageOf,
    clip: (lang, name) => voiceFiles.promptClip(lang, name),
    log: (message, fields) => log.child("calls.wakeup").info(message, fields),
  });
  directory.onChange((change) => {
    if (change.kind === "deleted")
      for (const number of change.numbers) {
        callFeatures.forwards.forget(number);
        wakeup.store.forget(number);
        followMe.forget(number);
      }
  });
  // Conference rooms 90-99 (SPEC CALL-5, REP-3): dialled like numbers, mixed by the box.
  // A built-in prompt in the language of `caller`, an IP or analog extension (else the box's).
  const promptClipFor = (caller: string, name: string) => {
    const ip = extensions.get(caller)?.language;
    const analog = onBoardPorts.analogExtensions.list().find((a) => a.number === caller);
    return voiceFiles.promptClip(promptLanguage(ip ?? analog?.language), name);
  };
  const conferences = new ConferenceRooms({
    clock: systemClock,
    store: new ConferenceRoomStore(database.db),
    music: () => holdMusic(voiceFiles.mohSource("default"), () => systemClock.now()),
    clip: (caller, name) => promptClipFor(caller, name),
    isExtension,
    recordings: { begin: (start) => recordings.begin(start) },
    place: (calling, from, number) => calls.placeFromBox(calling, from, number),
    log: (message, fields) => log.child("calls.conference").info(message, fields),
  });
  // Call monitoring (SPEC CALL-12): *90/*91/*92 + an extension the admin lets be monitored.
  const monitor = monitoring({
    featureCodes: () => featureCodes.list(),
    extension: (number) => {
      const ip = extensions.get(number);
      if (ip) return { mayBeMonitored: ip.mayBeMonitored };
      return isExtension(number) ? { mayBeMonitored: false } : undefined;
    },
    callOf: (extension) => calls.monitoredCall(extension),
    clip: (caller, name) => promptClipFor(caller, name),
    log: (message, fields) => log.child("calls.monitor").info(message, fields),
  });
  // DND refuses every call in (manual 免打扰): pages and intercom calls, which no hook sees, too.
  const onDnd = (number: string) => callFeatures.forwards.dnd(number);
  // Paging and intercom (SPEC CALL-6): *50 / *51 + extension and the paging groups' numbers.
  const paging = new PagingCalls({
    clock: systemClock,
    group: (number) => pagingGroups.byNumber(number),
    isIpExtension: (number) => extensions.get(number) !== undefined,
    registered: (number) => registrar.bindings.get(number).length > 0,
    refusesCalls: onDnd,
    callMember: (member, leg, from) =>
      calls.callFromBox(member, leg, settings.get<number>("calls.ringTimeoutS", 60) * 1000, from, {
        autoAnswer: true,
      }),
    log: (message, fields) => log.child("calls.paging").info(message, fields),
  });
  directory.onChange((change) => {
    if (change.kind === "deleted") for (const number of change.numbers) pagingGroups.forget(number);
  });
  // Voicemail (SPEC CALL-7): busy and no answer after forwarding, *60#/*61#, mail, counts.
  const voicemail = startVoicemail({
    db: database.db,
    dir: join(config.dataDir, "voicemail"),
    clock: systemClock,
    events,
    // Analog extensions too (their handsets hear stutter dial tone from the same counts).
    owner: (number) =>
      extensions.get(number) ?? analogMailboxOwner(onBoardPorts.analogExtensions.byNumber(number)),
    language: languageOf,
    clip: (lang, name) => voiceFiles.promptClip(lang, name),
    featureCodes: () => featureCodes.list(),
    mailer: new SmtpMailer(() => readSmtp(settings)),
    // The stick is mounted later in start-up; this is asked only when a message moves.
    usbHasRoomFor: (bytes) => usbStorage.hasRoomFor(bytes),
    log: (message, fields) => log.child("calls.voicemail").info(message, fields),
  });
  directory.onChange((change) => {
    if (change.kind === "deleted")
      for (const number of change.numbers) voicemail.store.forget(number);
  });
  messageWaiting = (extension) => voicemail.counts(extension).newMessages > 0;
  const analogVoicemail = analogMailboxes(onBoardPorts.analogExtensions, voicemail.store);
  // Call queues (SPEC CALL-13): numbers the box answers, agents rung by strategy, *62/*95.
  const queues = startQueues({
    db: database.db,
    clock: systemClock,
    events,
    numbering,
    isExtension,
    hasMohClass: (name) => name === "default" || voiceFiles.moh.getClass(name) !== undefined,
    clip: (lang, name) => voiceFiles.promptClip(lang, name),
    language: languageOf,
    engine: () => calls,
    reachable: (n) =>
      registrar.bindings.get(n).length > 0 ||
      onBoardPorts.analogExtensions.list().some((a) => a.number === n),
    log: (message, fields) => log.child("calls.queues").info(message, fields),
  });
  const calls = startCalls({
    refusesCalls: onDnd,
    hooks: [
      ...callFeatures.hooks,
      followMeHook({ get: (n) => followMe.get(n), names: followMeNames }),
      voicemail.hook,
    ],
    numberApplication: (number) =>
      conferences.application(number) ??
      voicemail.application(number) ??
      monitor.application(number) ??
      paging.application(number) ??
      queues.queues.application(number),
    features: { ...callFeatures.features, ...wakeup.features, ...queues.queues.features() },
    applications: {
      ...callFeatures.applications,
      [CONFERENCE_APP]: conferences.open,
      [MONITOR_APP]: monitor.open,
      ...voicemail.applications,
      [PAGING_APP]: paging.open,
      [FOLLOW_ME_NAME_APP]: followMeNames.opener(),
      [QUEUE_APP]: queues.queues.open,
    },
    acceptance: (accept) => followMeNames.acceptance(accept),
    inCallConference: conferences.inCall,
    billing,
    outbound: outward.outbound,
    channels: outward.channels,
    stack,
    clock: systemClock,
    sip: stack,
    directory,
    bindings: registrar.bindings,
    auth: digest,
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
    profile: (number) => {
      const ip = extensions.get(number);
      if (ip) return ip;
      const analog = onBoardPorts.analogExtensions.list().find((a) => a.number === number);
      return analog && { language: analog.language, recording: recordingMode(analog.recording) };
    },
    featureCodes,
    outboundPrefixes,
    analogExtensions: () => onBoardPorts.analogExtensions.list(),
    departments: () => departments.list(),
    log: log.child("calls"),
    board: {
      fxs: (port) => onBoardPorts.lines.fxsLine(port),
      fxo: onBoardPorts.lines.fxo,
      setDialHandler: (handler) => onBoardPorts.setDialHandler(handler),
    },
    // FXO calls no inbound route takes: the configured extension, else the first IP one,
    // else 8001.
    inboundExtension: () =>
      settings.get("fxo.inboundExtension", "") ||
      extensions.list({ limit: 1 }).items[0]?.number ||
      (onBoardPorts.analogExtensions.list()[0]?.number ?? "8001"),
    inbound: {
      trunkFrom: (address, port) => trunks.manager.trunkFrom(address, port),
      analogTrunkOf: (port) => trunks.manager.analogTrunkOf(port),
      routes: () => trunks.routing.inboundRoutes.list(),
      ivr: (id) => trunks.routing.ivrs.get(id),
      timeCondition: (id, atMs) => trunks.routing.timeConditions.evaluate(id, atMs),
      log: (message, fields) => inboundLog.info(message, fields),
      screen: callFeatures.screen,
      // Read at the call (the phonebook opens further down with the other stores).
      callerName: (number) => callerNameOf(contacts.list(), number),
    },
    voice: {
      clip: (lang, name) => voiceFiles.promptClip(lang, name),
      lanAddress: () => advertise,
      // SPEC CALL-15 **11: no WAN port here; the default route's interface stands for it.
      wanAddress: () => defaultRouteAddress(),
    },
    // Opened below with the voice files; a call is only answered once the box serves.
    recordings: { begin: (start) => recordings.begin(start) },
    onRecord: (summary) =>
      cdr.record(summary, summary.type, (error) =>
        log.error("call record not written", { error: String(error) }),
      ),
  });
  // The phones' lamps (SPEC PROV-3 BLF, CALL-7 message waiting): dialog, presence and
  // message-summary subscriptions, fed from the bus.
  const lamps = startLamps({
    stack,
    subscriptions,
    clock: systemClock,
    events,
    auth: { auth: digest, directory, bans },
    bindings: registrar.bindings,
    isExtension,
    extensionState: (number) => calls.extensionState(number),
    mailboxCounts: (extension) => voicemail.counts(extension),
    domain: () => advertise,
    sentBy: (protocol) => `${advertise}:${boxPort(protocol)}`,
    unsolicitedMwi: () => settings.get("lamps.unsolicitedMwi", true),
    limits: settings.get("lamps.limits", {}),
    log: log.child("lamps"),
  });
  directory.onChange((change) => {
    if (change.kind === "deleted") for (const number of change.numbers) lamps.forget(number);
  });
  teardown.add("lamps", () => lamps.close());
  teardown.add("SIP stack", () => stack.close());
  // Calls end (BYE) while the transports are still open.
  teardown.add("calls", () => calls.close());
  // Silent connections and connection floods count toward the same bans as bad passwords.
  stack.onAbuse = (flow, reason) => registrar.penalize(flow.address, reason);
  const streams = {
    hostname: config.bind,
    clock: systemClock,
    limits: settings.get<Partial<ConnectionLimits>>("sip.connectionLimits", {}),
  };
  const at = (port: number, flag: string) => ({ hostname: config.bind, port, flag });
  const udp = await listening("SIP over UDP", at(config.sipPort, "sip-port"), () =>
    UdpTransport.listen(config.bind, config.sipPort, stack),
  );
  stack.addTransport(udp);
  const receiveBuffer = await udp.growReceiveBuffer(SIP_RECEIVE_BUFFER_BYTES);
  if (receiveBuffer.ok) log.info("SIP over UDP: receive buffer", { bytes: receiveBuffer.bytes });
  else
    log.warn("SIP over UDP: the kernel's receive buffer stays", { reason: receiveBuffer.reason });
  stack.addTransport(
    await listening("SIP over TCP", at(config.sipPort, "sip-port"), () =>
      StreamTransport.listen({ ...streams, protocol: "TCP", port: config.sipPort }, stack),
    ),
  );
  stack.addTransport(
    await listening("SIP over TLS", at(config.sipTlsPort, "sip-tls-port"), () =>
      StreamTransport.listen({ ...streams, protocol: "TLS", port: config.sipTlsPort, tls }, stack),
    ),
  );
  stack.addTransport(
    await listening("SIP over WebSocket", at(config.sipWsPort, "sip-ws-port"), () =>
      WsTransport.listen({ ...streams, port: config.sipWsPort }, stack),
    ),
  );
  registrar.start();
  teardown.add("registrar", () => registrar.stop());
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
  teardown.add("qualifier", () => qualifier.stop());

  // Register trunks start registering once SIP listens; trunk host names are looked up ahead.
  trunks.start();
  outward.start(trunks);
  // Un-REGISTER from providers while the SIP stack still runs, for at most 2 s; the timer is
  // cancelled so it never holds a stopping process open.
  teardown.add("trunks", async () => {
    let unregistered: { cancel(): void } | undefined;
    await Promise.race([
      trunks.stop(),
      new Promise<void>((done) => {
        unregistered = systemClock.setTimer(2000, done);
      }),
    ]);
    unregistered?.cancel();
  });

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
    hasRoomFor: (volume, bytes) => volume !== "usb" || usbStorage.hasRoomFor(bytes),
  });
  // SPEC DEV-5: recordings and voicemail to the USB stick while one is mounted.
  const usbStorage = new UsbStorageService({
    usb: onBoardPorts.board.usb,
    recordings,
    voicemail: voicemail.store,
    settings,
    clock: systemClock,
    log: log.child("storage"),
  });
  usbStorage.start();
  teardown.add("usb storage", () => usbStorage.stop());
  for (const [what, report] of [
    ["voice files", voiceFiles.repairs],
    ["recordings", recordings.repairs],
  ] as const) {
    const removed = [...report.partFiles, ...report.filesWithoutRow, ...report.rowsWithoutFile];
    if (removed.length > 0)
      log.warn(`${what}: removed interrupted or orphaned entries`, { ...report });
  }
  // Bookings ring from here on (their prompts are open now); those missed while off, at once.
  wakeup.start((number, leg, ringTimeMs) => calls.callFromBox(number, leg, ringTimeMs));
  teardown.add("wake-up calls", () => wakeup.scheduler.stop());

  const hostStats = new HostStatsReader();
  const contacts = new ContactStore(database.db);
  // An extension's private contacts go with it.
  directory.onChange((change) => {
    if (change.kind === "deleted")
      for (const number of change.numbers) contacts.deleteOwnedBy(number);
  });
  const phonebook = new Phonebook({
    contacts,
    extensions: () => allPages((page) => extensions.list(page)),
    departmentName: (id) => departments.get(id)?.name,
  });
  // Phone provisioning (SPEC PROV-2): PnP answers on the SIP port, files on the web ports.
  const webHost = advertise.includes(":") ? `[${advertise}]` : advertise;
  const provisioning = startProvisioning({
    db: database.db,
    settings,
    clock: systemClock,
    now: () => systemClock.now(),
    stack,
    subscriptions,
    box: () => ({
      host: advertise,
      sipPort: config.sipPort,
      ldapPort: config.ldapPort,
      sentBy: `${webHost}:${config.sipPort}`,
      provisioningUrl: `http://${webHost}:${config.httpPort}${PROVISIONING_FILES_PATH}`,
      directPickupCode:
        featureCodes.list().find((c) => c.id === "pickup-directed" && c.enabled)?.code ?? "",
    }),
    account: (number) => extensions.get(number),
    quickCodeOwner: (code) => extensions.quickCodeOwner(code),
    renewQuickCode: (number) => extensions.renewQuickCode(number),
    checkSync: (phone) => lamps.checkSync(phone),
    log: log.child("provisioning"),
  });
  teardown.add("provisioning", () => provisioning.close());
  const startedAt = new Date();
  const model = "PBX-4S4O (simulated)";
  // SPEC DEV-7: backup and restore; a committed restore is applied by restarting, as a reset.
  const backup = new BackupService({
    sqlite: database.sqlite,
    dataDir: config.dataDir,
    databasePath,
    identity: { firmwareVersion: FIRMWARE_VERSION, board: onBoardPorts.definition.name, model },
    migrations,
    now: () => systemClock.now(),
    onRestoreCommitted: () =>
      systemClock.setTimer(200, () => requestShutdown("restore", EXIT_RESTART)),
  });
  // SPEC DEV-7: the box backs itself up on the admin's schedule, to itself or the USB stick.
  const storedBackups = new StoredBackups({
    internalDir: join(config.dataDir, "backups"),
    usbDir: () => usbStorage.folder("backups"),
  });
  const scheduledBackups = new ScheduledBackups({
    create: (include) => backup.create(include),
    stored: storedBackups,
    settings,
    timeZone: () => settings.get("system.timeZone", "Asia/Shanghai"),
    now: () => systemClock.now(),
    clock: systemClock,
    log: log.child("backup"),
  });
  scheduledBackups.start();
  teardown.add("scheduled backups", () => scheduledBackups.stop());
  // SPEC DEV-4: A/B slots where the board keeps them; a failed update is an alarm.
  const updates = startUpdater({
    firmware: onBoardPorts.definition.firmware,
    compatible: onBoardPorts.definition.compatible,
    dataDir: config.dataDir,
    kernelCommandLine: readOptional("/proc/cmdline"),
    factoryVersion: FIRMWARE_VERSION,
    clock: systemClock,
    log: log.child("updater"),
    activeCalls: () => calls.count,
    // Answer the request first, then stop; the board itself is restarted after the teardown.
    reboot: () => systemClock.setTimer(200, () => requestShutdown("reboot", EXIT_RESTART)),
    onFailure: (result) =>
      events.emit({
        type: "alarm",
        kind: "update-failed",
        subject: result.version ?? "unknown",
        message: result.message,
        atMs: result.atMs,
      }),
  });
  if (updates.ok) teardown.add("updater", () => updates.updater.stop());
  else log.warn("firmware updates unavailable", { error: updates.error });
  const firmware = updates.ok ? firmwareFacade(updates.updater) : undefined;
  // SPEC DEV-6: telemetry to the vendor's broker, configured on the settings page.
  const telemetryStats = new HostStatsReader();
  const telemetry = new TelemetryService({
    clock: systemClock,
    settings,
    events,
    queueDirectory: join(config.dataDir, "telemetry-queue"),
    defaultBoxId: hostname(),
    connector: mqttConnector,
    birth: () => ({ model, firmwareVersion: FIRMWARE_VERSION }),
    // Signed commands: the key that signs update bundles; the updater does the work.
    ...(firmware && {
      remote: {
        publicKey: importPublicKey(VENDOR_PUBLIC_KEY),
        now: () => systemClock.now(),
        actions: {
          reboot: () => firmware.reboot({ now: false }),
          fetchUpdate: async (url) => {
            const installed = await firmware.installFromUrl(url, { force: false, reboot: true });
            return installed.ok ? { ok: true } : { ok: false, message: installed.error.message };
          },
        },
      },
    }),
    health: {
      cpuPercent: () => telemetryStats.read().cpuPercent,
      memory: () => {
        const { memoryTotalBytes, memoryUsedBytes } = telemetryStats.read();
        return { totalBytes: memoryTotalBytes, usedBytes: memoryUsedBytes };
      },
      temperatureC: () => {
        try {
          return onBoardPorts.board.temperature.readCelsius();
        } catch {
          return null;
        }
      },
      uptimeS: () => Math.floor((systemClock.now() - startedAt.getTime()) / 1000),
      storage: () => [
        dataVolume(config.dataDir),
        ...onBoardPorts.board.usb
          .list()
          .map(({ mountPoint, sizeBytes, freeBytes }) => ({ mountPoint, sizeBytes, freeBytes })),
      ],
      activeCalls: () => calls.count,
    },
  });
  telemetry.start();
  teardown.add("telemetry", () => telemetry.stop());
  const api = createApi({
    callFeatures: callFeatures,
    followMe,
    wakeup: {
      store: wakeup.store,
      timeZone: () => settings.get("system.timeZone", "Asia/Shanghai"),
      time: { wallTimeAt, utcOf, isWallTime },
      changed: () => wakeup.scheduler.changed(),
    },
    conferences,
    pagingGroups,
    queues: { store: queues.store, live: queues.queues },
    voicemail: voicemailFacade({
      voicemail,
      extension: (number) =>
        extensions.get(number) ??
        analogMailboxOwner(onBoardPorts.analogExtensions.byNumber(number)),
      updateExtension: (number, patch) =>
        extensions.get(number)
          ? extensions.update(number, patch)
          : analogVoicemail.updateByNumber(number, patch),
      uploadLimits: voiceFiles.uploadLimits,
    }),
    provisioning,
    backup,
    phonebook: {
      entries: (viewer) => phonebook.entries(viewer),
      contacts,
      sheetRows: phonebookSheetRows,
      readSheet: readPhonebookSheet,
      verifyExtension: (number, password) =>
        sipPasswordMatches(extensions.get(number)?.sipPassword, password),
    },
    billing,
    routing: trunks.routing,
    accounts,
    extensions,
    sessions: new SessionStore(database.db),
    departments,
    registrar: { ...registrarView(registrar.bindings, bans), watchers: () => lamps.watchers() },
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
      model,
      firmwareVersion: FIRMWARE_VERSION,
      startedAt,
    },
    clock: systemClock,
    logger: log.child("web.api"),
    logs: {
      level: () => logOutput.level,
      setLevel: (level) => logOutput.setLevel(level),
      recent: (query) => logOutput.recent(query),
      download: () => logFile.read(),
    },
    time: {
      status: () => time.status(),
      settings: () => ({
        ntpServers: settings.get<string[]>(NTP_SERVERS_KEY, []),
        intervalS: settings.get(NTP_INTERVAL_KEY, DEFAULT_NTP_INTERVAL_S),
      }),
      change: (next) => {
        settings.set(NTP_SERVERS_KEY, next.ntpServers);
        settings.set(NTP_INTERVAL_KEY, next.intervalS);
        return time.sync();
      },
      syncNow: () => time.sync(),
    },
    hostStats: () => hostStats.read(),
    usbStorage: () => onBoardPorts.board.usb.list(),
    storage: usbStorage,
    storedBackups: {
      schedule: () => scheduledBackups.schedule(),
      setSchedule: (schedule) => scheduledBackups.setSchedule(schedule),
      lastResult: () => scheduledBackups.lastResult(),
      runNow: (place) => scheduledBackups.runNow(place),
      list: () => storedBackups.list(),
      pathOf: (place, name) => storedBackups.pathOf(place, name),
      delete: (place, name) => storedBackups.delete(place, name),
    },
    calls: () => calls.count,
    callLimit: () => shedder.callLimit,
    activeCalls: { list: () => calls.calls(), parked: () => calls.parkedCalls() },
    cdr,
    events,
    settings,
    telemetry,
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
    analogExtensions: analogVoicemail,
    ports: { list: () => onBoardPorts.ports(), diagnostics: onBoardPorts.diagnostics },
    ...(onBoardPorts.simControl ? { sim: onBoardPorts.simControl } : {}),
    factoryReset: onBoardPorts.factoryReset,
    ...(firmware ? { firmware } : {}),
  });
  const ui = uiHandler();
  const https = await listening(
    "the web interface (HTTPS)",
    at(config.httpsPort, "https-port"),
    () =>
      Bun.serve({
        hostname: config.bind,
        port: config.httpsPort,
        tls,
        fetch: async (request, server) => (await ui(request)) ?? api.fetch(request, server),
      }),
  );
  teardown.add("HTTPS", () => void https.stop(true));
  // Plain HTTP serves only the health probe and phones' files, and otherwise redirects to
  // HTTPS (SPEC WEB-2).
  const http = await listening("the web interface (HTTP)", at(config.httpPort, "http-port"), () =>
    Bun.serve({
      hostname: config.bind,
      port: config.httpPort,
      fetch(request, server) {
        const url = new URL(request.url);
        // Phones at first boot fetch their files over plain HTTP (SPEC PROV-2).
        if (url.pathname === "/api/v1/health" || url.pathname.startsWith(PROVISIONING_FILES_PATH))
          return api.fetch(request, server);
        return httpsRedirect(request, {
          httpsPort: config.httpsPort,
          ownAddress: advertise,
          extraNames: [config.bind],
        });
      },
    }),
  );
  teardown.add("HTTP", () => void http.stop(true));
  // The LDAP phonebook (SPEC CALL-17): failed binds are banned like failed SIP logins.
  const ldapBans = new BanList(() => systemClock.now(), {
    maxFailures: banSettings.maxFailures,
    windowMs: banSettings.windowS * 1000,
    banMs: banSettings.banS * 1000,
    whitelist: banSettings.whitelist.flatMap((cidr) => parseCidr(cidr) ?? []),
  });
  const ldap = await listening("the LDAP phonebook", at(config.ldapPort, "ldap-port"), () =>
    LdapServer.listen({
      hostname: config.bind,
      port: config.ldapPort,
      backend: {
        entries: (viewer) => phonebook.entries(viewer),
        sipPassword: (number) => extensions.get(number)?.sipPassword,
        isBanned: (address) => ldapBans.isBanned(address),
        bindFailed: (address) => void ldapBans.recordFailure(address),
      },
    }),
  );
  teardown.add("LDAP", () => ldap.close());

  log.info("serving", {
    sip: `${advertise}:${config.sipPort}`,
    web: `https://${advertise}:${config.httpsPort}/`,
    startupMs: Math.round(performance.now() - startedMs),
  });
  console.log(
    `pbx ${FIRMWARE_VERSION} on board "${config.board}": open https://${advertise}:${config.httpsPort}/`,
  );
  // A slot on trial marks itself good only once it has served a while and every check passes.
  if (updates.ok && updates.onTrial) {
    const { updater } = updates;
    const self = config.bind === "0.0.0.0" || config.bind === "::" ? "127.0.0.1" : config.bind;
    log.info("firmware on trial: health check scheduled", { delayS: config.healthCheckDelayS });
    const check = systemClock.setTimer(config.healthCheckDelayS * 1000, () => {
      void updater.checkHealth(
        boxHealthChecks({
          sqlite: database.sqlite,
          sip: { host: self, port: config.sipPort },
          healthUrl: `http://${self}:${config.httpPort}/api/v1/health`,
          ports: () => onBoardPorts.ports(),
          clock: systemClock,
        }),
      );
    });
    teardown.add("health check", () => check.cancel());
  }

  return new Promise((resolve) => {
    const stop = async (signal: string, code = 0) => {
      log.info("stopping", { signal });
      // A close that never finishes, or a handle left open after teardown, must not keep a
      // stopping box alive: a service manager waiting for it would have to kill it.
      setTimeout(() => {
        log.warn("still running 10 s after the stop; exiting", { signal });
        process.exit(code);
      }, 10_000).unref();
      // Newest first: web, board, registrar, calls, SIP, then the relay (its workers are
      // threads: awaited, so the process never exits while one is being torn down), database.
      await teardown.closeAll((name, error) =>
        log.warn("not closed cleanly", { what: name, error: String(error) }),
      );
      // A restore's restart keeps the data: the next start puts the restored files in place.
      if (signal === "factory-reset") wipeDataDirectory(config.dataDir);
      // The board definition says whether a reboot restarts the board (U-Boot picks the slot)
      // or only the program (its exit status asks whoever runs it to start it again).
      if (signal === "reboot" && onBoardPorts.definition.firmware.reboot === "board")
        Bun.spawnSync(["/sbin/reboot"]);
      resolve(code);
    };
    requestShutdown = (reason, code) => void stop(reason, code);
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  });
}

/** A file's text, or undefined when it cannot be read. */
function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** An analog extension's recording setting as the call engine reads it (CALL-16). */
function recordingMode(value: string): RecordingMode {
  return (["inbound", "outbound", "all"] as const).find((m) => m === value) ?? "none";
}

/** Runs `open`, turning a socket error into one line naming the service, address and flag. */
async function listening<T>(
  service: string,
  address: { hostname: string; port: number; flag: string },
  open: () => T | Promise<T>,
): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw listenError(service, address, error);
  }
}

/** A concrete --bind must be one of this machine's addresses (Bun's own error misleads). */
function checkBindAddress(bind: string): void {
  if (bind === "0.0.0.0" || bind === "::") return;
  const own = interfaceAddresses();
  if (!own.includes(bind))
    throw new StartupError(
      `--bind ${bind}: not an address of this machine (it has ${own.join(", ")})`,
      EXIT_CONFIG,
    );
}

process.exitCode = await main();
