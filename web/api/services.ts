// DESIGN "Folders": web/api receives the services it needs as one object. The method sets are
// declared here, by their consumer; firmware classes (AccountService, SessionStore,
// ExtensionService, DepartmentService) satisfy them structurally, and the SIP side implements
// the registrar facade. Only record types are imported from the firmware.

import type { AccountRecord, AccountRole } from "../../firmware/accounts/account-service.ts";
import type { Principal } from "../../firmware/accounts/session-store.ts";
import type { BackupContents } from "../../firmware/backup/backup-manifest.ts";
import type { BackupSchedule } from "../../firmware/backup/backup-schedule.ts";
import type {
  BackupDownload,
  BackupOutcome,
  RestoreCheck,
} from "../../firmware/backup/backup-service.ts";
import type { BackupResult } from "../../firmware/backup/scheduled-backups.ts";
import type { BackupPlace, StoredBackup } from "../../firmware/backup/stored-backups.ts";
import type { BillingService } from "../../firmware/billing/billing-service.ts";
import type { CallView } from "../../firmware/calls/call.ts";
import type { RoomStatus } from "../../firmware/calls/conference/conference-rooms.ts";
import type { CallRecord, CdrQuery } from "../../firmware/cdr/cdr-store.ts";
import type {
  DepartmentInput,
  DepartmentRecord,
} from "../../firmware/extensions/department-service.ts";
import type {
  BulkAddRequest,
  ExtensionRecord,
  ExtensionSettings,
  NewExtension,
} from "../../firmware/extensions/extension-types.ts";
import type { BlacklistStore } from "../../firmware/features/blacklist-store.ts";
import type { FollowMe } from "../../firmware/features/follow-me-store.ts";
import type { ForwardingStore } from "../../firmware/features/forwarding-store.ts";
import type { WakeupStore } from "../../firmware/features/wakeup-store.ts";
import type { WallTime } from "../../firmware/features/wakeup-time.ts";
import type {
  AnalogExtensionPatch,
  AnalogExtensionView,
} from "../../firmware/lines/analog-extension-service.ts";
import type { LogLevel, LogQuery, LogRecord } from "../../firmware/log/log-output.ts";
import type { ContactStore } from "../../firmware/phonebook/contact-store.ts";
import type { PhonebookEntry, PhonebookViewer } from "../../firmware/phonebook/phonebook.ts";
import type {
  phonebookSheetRows,
  readPhonebookSheet,
} from "../../firmware/phonebook/phonebook-sheet.ts";
import type { PhoneService } from "../../firmware/provisioning/phone-service.ts";
import type { ProvisioningFiles } from "../../firmware/provisioning/provisioning-files.ts";
import type { RecordingQuery, RecordingRecord } from "../../firmware/recordings/recording-store.ts";
import type { DialPermissionService } from "../../firmware/routes/dial-permission-service.ts";
import type { InboundRouteService } from "../../firmware/routes/inbound-route-service.ts";
import type { IvrService } from "../../firmware/routes/ivr-service.ts";
import type { OutboundRouteService } from "../../firmware/routes/outbound-route-service.ts";
import type { TimeConditionService } from "../../firmware/routes/time-condition-service.ts";
import type { TelemetryStatus } from "../../firmware/telemetry/telemetry-publisher.ts";
import type {
  TelemetrySettings,
  TelemetrySettingsView,
} from "../../firmware/telemetry/telemetry-settings.ts";
import type { TrunkStatus } from "../../firmware/trunks/trunk-manager.ts";
import type { TrunkService, TrunkView } from "../../firmware/trunks/trunk-service.ts";
import type { FirmwareFacade, FirmwareOutcome } from "../../firmware/updater/firmware-facade.ts";
import type { CustomPromptRecord } from "../../firmware/voice/custom-prompt-library.ts";
import type {
  AudioUpload,
  MohClassRecord,
  MohFileRecord,
} from "../../firmware/voice/moh-library.ts";
import type { UploadLimits } from "../../firmware/voice/upload-audio.ts";
import type {
  AnalogMailboxPatch,
  AnalogMailboxView,
} from "../../firmware/voicemail/analog-mailboxes.ts";
import type { VoicemailFacade } from "../../firmware/voicemail/voicemail-facade.ts";
import type { FactoryResetFacade, PortsFacade, SimFacade } from "./board-facades.ts";
import type { PagingGroupsFacade } from "./routes/paging-groups.ts";

export type { CallRecord, CallView, CdrQuery, FirmwareFacade, FirmwareOutcome, VoicemailFacade };

/** SPEC CALL-1: calls in progress, with their legs. */
export interface ActiveCallsFacade {
  list(): CallView[];
  /** CALL-9: the calls waiting in park slots 41-49. */
  parked?(): { slot: string; parked: string; parker: string; sinceMs: number }[];
}

/** SPEC REP-1 call records. */
export interface CdrFacade {
  search(query: CdrQuery): { items: CallRecord[]; total: number };
  csv(query: CdrQuery): string;
}

export type {
  AccountRecord,
  AccountRole,
  AudioUpload,
  CustomPromptRecord,
  DepartmentRecord,
  ExtensionRecord,
  MohClassRecord,
  MohFileRecord,
  Principal,
  RecordingQuery,
  RecordingRecord,
};

/** A domain refusal as the firmware reports it; api-error.ts maps `code` to an HTTP status. */
export interface DomainError {
  code: string;
  field?: string;
  message: string;
  /** Values the UI puts in its own wording, e.g. for "taken": {holder: {kind, number, name}}. */
  params?: Record<string, unknown>;
}

/** SPEC DEV-7: backup download, restore check (dry run) and restore. */
export interface BackupFacade {
  download(include: BackupContents): BackupDownload;
  check(writeUpload: (path: string) => Promise<void>): Promise<BackupOutcome<RestoreCheck>>;
  restore(token: string): BackupOutcome<{ contents: BackupContents }>;
}

export type { BackupContents, RestoreCheck };

/** SPEC DEV-7: the box's own backups: the schedule, "back up now", and the kept files. */
export interface StoredBackupsFacade {
  schedule(): BackupSchedule;
  setSchedule(schedule: BackupSchedule): BackupSchedule;
  lastResult(): BackupResult | null;
  runNow(place: BackupPlace): BackupResult;
  list(): StoredBackup[];
  /** The kept file's path, or undefined. */
  pathOf(place: BackupPlace, name: string): string | undefined;
  delete(place: BackupPlace, name: string): boolean;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export interface AccountsFacade {
  list(): AccountRecord[];
  get(username: string): AccountRecord | undefined;
  create(input: {
    username: string;
    password: string;
    role: AccountRole;
  }): Promise<Outcome<AccountRecord>>;
  verifyLogin(username: string, password: string): Promise<AccountRecord | undefined>;
  changePassword(username: string, current: string, next: string): Promise<Outcome<AccountRecord>>;
  resetPassword(username: string): Promise<Outcome<string>>;
  update(
    username: string,
    patch: { role?: AccountRole; disabled?: boolean; password?: string },
  ): Promise<Outcome<AccountRecord>>;
  delete(username: string): Outcome<void>;
}

export type SessionSubject =
  | { kind: "account"; accountId: number }
  | { kind: "extension"; number: string };

export interface SessionsFacade {
  create(subject: SessionSubject): { token: string; csrfToken: string; expiresAt: Date };
  validate(token: string): { principal: Principal; csrfToken: string; expiresAt: Date } | undefined;
  revoke(token: string): boolean;
  revokeAll(subject: SessionSubject): number;
}

export interface ExtensionsFacade {
  get(number: string): ExtensionRecord | undefined;
  list(query: { search?: string; offset?: number; limit?: number }): {
    items: ExtensionRecord[];
    total: number;
  };
  create(input: NewExtension): Outcome<ExtensionRecord>;
  bulkAdd(request: BulkAddRequest): Outcome<ExtensionRecord[]>;
  update(number: string, patch: Partial<ExtensionSettings>): Outcome<ExtensionRecord>;
  delete(number: string): boolean;
  verifyWebLogin(number: string, password: string): ExtensionRecord | undefined;
}

export interface DepartmentsFacade {
  list(): DepartmentRecord[];
  get(id: number): DepartmentRecord | undefined;
  create(input: Partial<DepartmentInput>): Outcome<DepartmentRecord>;
  update(id: number, patch: Partial<DepartmentInput>): Outcome<DepartmentRecord>;
  delete(id: number): boolean;
}

/** One registered contact of an extension (RFC 3261 section 10). */
export interface RegistrationView {
  extension: string;
  contact: string;
  /** Where the REGISTER came from, "address:port". */
  source: string;
  transport: string;
  userAgent: string;
  expiresAtMs: number;
}

/** An address banned for failed authentication. */
export interface BanView {
  address: string;
  reason: string;
  failures: number;
  bannedAtMs: number;
  expiresAtMs: number | null;
}

/** How many phones watch one extension's lamps, by event package (SPEC PROV-3, CALL-7). */
export interface WatcherView {
  extension: string;
  dialog: number;
  presence: number;
  messageSummary: number;
}

export interface RegistrarFacade {
  registrations(): RegistrationView[];
  /** Subscriptions to each extension's state; absent until the lamps are wired. */
  watchers?(): WatcherView[];
  bans(): BanView[];
  unban(address: string): boolean;
}

/** SPEC VOICE-1 music-on-hold classes and their files. */
export interface MohFacade {
  listClasses(): MohClassRecord[];
  getClass(name: string): MohClassRecord | undefined;
  createClass(input: { name: string; playMode?: "random" | "in-order" }): Outcome<MohClassRecord>;
  updateClass(name: string, patch: { playMode?: "random" | "in-order" }): Outcome<MohClassRecord>;
  deleteClass(name: string): Outcome<void>;
  listFiles(className: string): Outcome<MohFileRecord[]>;
  addFile(className: string, upload: AudioUpload): Promise<Outcome<MohFileRecord>>;
  deleteFile(className: string, name: string): Outcome<void>;
  fileAudio(className: string, name: string): Blob | undefined;
}

/** SPEC VOICE-2 custom prompts. */
export interface CustomPromptsFacade {
  list(): CustomPromptRecord[];
  get(name: string): CustomPromptRecord | undefined;
  add(upload: AudioUpload): Promise<Outcome<CustomPromptRecord>>;
  delete(name: string): Outcome<void>;
  audio(name: string): Blob | undefined;
}

/** SPEC VOICE-2 "play on extension": the box calls an extension to play a custom prompt. */
export interface PromptCallsFacade {
  play(name: string, extension: string): Promise<Outcome<{ callId: string }>>;
}

export interface VoiceFilesFacade {
  moh: MohFacade;
  prompts: CustomPromptsFacade;
  uploadLimits: UploadLimits;
}

/** SPEC REP-2/3/4 recordings. */
export interface RecordingsFacade {
  search(query: RecordingQuery): { items: RecordingRecord[]; total: number };
  get(id: number): RecordingRecord | undefined;
  audio(id: number): Blob | undefined;
  delete(id: number): boolean;
}

/** "starting" answers 503; "ok" and "degraded" answer 200 (the box serves). */
export interface HealthView {
  status: "ok" | "degraded" | "starting";
  checks?: Record<string, string>;
}

export interface SystemInfo {
  model: string;
  firmwareVersion: string;
  startedAt: Date;
}

export interface Clock {
  now(): number;
}

/** Where unexpected failures are reported: never with request bodies, passwords or tokens. */
export interface ApiLogger {
  error(message: string, detail?: Record<string, unknown>): void;
  /** Audit lines (who read an extension's secrets); never a secret value. */
  info?(message: string, detail?: Record<string, unknown>): void;
}

/** The box's log: the level every logger writes at, recent lines, the kept files. */
/** The box's clock as the time card shows and sets it (NTP servers, RTC). */
export interface TimeView {
  now: number;
  source: "system" | "rtc" | "ntp";
  server: string | null;
  lastSyncAt: number | null;
  offsetMs: number | null;
  lastError: string;
}

export interface TimeFacade {
  status(): TimeView;
  settings(): { ntpServers: string[]; intervalS: number };
  /** Stores the servers and interval, then asks them at once. */
  change(settings: { ntpServers: string[]; intervalS: number }): Promise<TimeView>;
  syncNow(): Promise<TimeView>;
}

export interface LogsFacade {
  level(): LogLevel;
  setLevel(level: LogLevel): void;
  recent(query: LogQuery): LogRecord[];
  /** The kept log files, oldest first. */
  download(): string;
}

/** Host load for the status page (SPEC STAT-1). */
export interface HostStatsView {
  cpuPercent: number;
  memoryTotalBytes: number;
  memoryUsedBytes: number;
}

/** A mounted USB volume (SPEC STAT-1). */
export interface UsbVolumeView {
  device: string;
  mountPoint: string;
  sizeBytes: number;
  freeBytes: number;
  fsType: string;
}

export type StorageTarget = "usb" | "internal";

export interface StorageView {
  usb: UsbVolumeView | null;
  recordingsTo: StorageTarget;
  voicemailTo: StorageTarget;
}

/** SPEC DEV-5: the USB stick as the box uses it. */
export interface StorageFacade {
  view(): StorageView;
  /** Where new recordings and new voicemail messages go while a stick is mounted. */
  setTargets(targets: { recordingsTo?: StorageTarget; voicemailTo?: StorageTarget }): StorageView;
  eject(): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** What the live status stream needs of a registration event on the bus. */
export interface RegistrationNotice {
  type: "registration";
  extension: string;
  state: string;
}

/** What the status stream needs of a call's effect on an extension (BLF: idle, ringing, busy). */
export interface ExtensionStateNotice {
  type: "extension-state";
  extension: string;
  state: "idle" | "ringing" | "busy";
}

/** A call queue's callers or agents changed (SPEC CALL-13). */
export interface QueueNotice {
  type: "queue";
  number: string;
}

/** The event bus as the status stream subscribes to it (one type per subscription). */
export interface EventsFacade {
  on(
    type: "registration" | "extension-state" | "trunk" | "queue",
    listener: (
      event: RegistrationNotice | ExtensionStateNotice | TrunkNotice | QueueNotice,
    ) => void,
  ): () => void;
}

/** SPEC DEV-6: the telemetry broker's settings (no password or key) and the live link state. */
export type TelemetryView = TelemetrySettingsView & { status: TelemetryStatus };

export interface TelemetryFacade {
  view(): TelemetryView;
  /** Stores the settings (password and key kept when absent) and reconnects. */
  configure(patch: Partial<TelemetrySettings>): Promise<TelemetryView>;
}

/** Box-wide settings, JSON values by key (firmware SettingsStore). */
export interface SettingsFacade {
  get<T>(key: string, fallback: T): T;
  set(key: string, value: unknown): void;
}

/** How phones reach the box: for the settings page and the EXT-4 QR code. */
export interface NetworkFacts {
  hostname: string;
  lanAddress: string;
  sipPort: number;
  sipTlsPort: number;
  sipWsPort: number;
  httpPort: number;
  httpsPort: number;
  rtpPorts: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
}

export interface MailFacade {
  send(message: MailMessage): Promise<Outcome<undefined>>;
}

/** One feature code (CALL): `id` names the feature, `code` is what a phone dials. */
export interface FeatureCodeView {
  id: string;
  group: string;
  code: string;
  defaultCode: string;
  enabled: boolean;
  /** The box answers this code today. */
  available: boolean;
  takesArgument: boolean;
  inCall: boolean;
}

export interface FeatureCodesFacade {
  list(): FeatureCodeView[];
  update(id: string, patch: { code?: string; enabled?: boolean }): Outcome<FeatureCodeView>;
}

export type { AnalogExtensionPatch, AnalogExtensionView, AnalogMailboxPatch, AnalogMailboxView };

/** The analog extensions with their mailboxes' PIN (SPEC EXT-5, CALL-7). */
export interface AnalogExtensionsFacade {
  list(): AnalogMailboxView[];
  update(channel: number, patch: AnalogMailboxPatch): Outcome<AnalogMailboxView>;
}

/** Everything createApi needs. */
/** A trunk change or registration state, for the connection page's live trunk list. */
export interface TrunkNotice {
  type: "trunk";
  trunkId: number;
  name: string;
  state: string;
  reason?: string;
}

/** SPEC ROUTE-1..4: trunks with their live status, routes, IVRs, time conditions, classes. */
export interface RoutingFacade {
  trunks: Pick<TrunkService, "list" | "get" | "create" | "update" | "delete">;
  trunkStatus(trunk: TrunkView): TrunkStatus;
  outboundRoutes: Pick<
    OutboundRouteService,
    "list" | "get" | "create" | "update" | "delete" | "reorder"
  >;
  inboundRoutes: Pick<InboundRouteService, "list" | "get" | "create" | "update" | "delete">;
  ivrs: Pick<IvrService, "list" | "get" | "create" | "update" | "delete">;
  timeConditions: Pick<
    TimeConditionService,
    "list" | "get" | "create" | "update" | "delete" | "evaluate"
  >;
  dialPermissions: Pick<
    DialPermissionService,
    | "list"
    | "get"
    | "create"
    | "update"
    | "delete"
    | "fuses"
    | "setFuse"
    | "deleteFuse"
    | "emergencyNumbers"
    | "setEmergencyNumbers"
  >;
}

/**
 * SPEC BILL-1..8: accounts, top-ups, rate rules, the rule tester, the billing settings, the
 * billed calls and their statistics.
 */
export interface BillingFacade {
  settings: BillingService["settings"];
  updateSettings: BillingService["updateSettings"];
  accounts: Pick<BillingService["accounts"], "list" | "get" | "topUp" | "update" | "topUps">;
  rates: Pick<
    BillingService["rates"],
    | "list"
    | "get"
    | "create"
    | "update"
    | "delete"
    | "importCsv"
    | "importRows"
    | "exportCsv"
    | "exportRows"
  >;
  test: BillingService["test"];
  topUpsCsv: BillingService["topUpsCsv"];
  reports: Pick<BillingService["reports"], "calls" | "statistics">;
  callsCsv: BillingService["callsCsv"];
  statisticsCsv: BillingService["statisticsCsv"];
}

/** SPEC CALL-17: the phonebook as a viewer sees it, its contacts, and its sheet. */
export interface PhonebookFacade {
  entries(viewer: PhonebookViewer): PhonebookEntry[];
  contacts: Pick<ContactStore, "get" | "create" | "createMany" | "update" | "delete">;
  sheetRows: typeof phonebookSheetRows;
  /** Is `password` the extension's SIP password (what phones are provisioned with)? */
  verifyExtension(number: string, password: string): boolean;
  readSheet: typeof readPhonebookSheet;
}

/** SPEC CALL-2, CALL-11, CALL-14: forwarding and DND per extension, the blacklist. */
export interface CallFeaturesFacade {
  forwards: Pick<ForwardingStore, "list" | "set" | "remove" | "dndList" | "dnd" | "setDnd">;
  blacklist: Pick<BlacklistStore, "list" | "add" | "remove">;
  /** Box-wide option (透传主叫号码): an outside forwarding target sees the original caller. */
  passCallerId: { get(): boolean; set(on: boolean): void };
  /** Box-wide option (转移前通知主叫): the caller hears a notice before it is forwarded. */
  announce: { get(): boolean; set(on: boolean): void };
}

/** SPEC PROV-2: PnP's settings as the operator sets them. */
export interface ProvisioningSettings {
  /** Answer PnP SUBSCRIBEs (unicast to the SIP port). */
  pnp: boolean;
  /** Also listen on the PnP multicast group 224.0.1.75:5060. */
  multicast: boolean;
}

/** SPEC PROV-2: the phones the box provisions and the files it serves them. */
export interface ProvisioningFacade {
  phones: Pick<PhoneService, "list" | "get" | "claim" | "assign" | "remove">;
  files: Pick<ProvisioningFiles, "serve">;
  settings(): ProvisioningSettings;
  changeSettings(patch: Partial<ProvisioningSettings>): ProvisioningSettings;
  /** The folder URL phones are given. */
  url(): string;
  /** The vendors whose phones get files. */
  vendors: readonly string[];
}

/** SPEC CALL-5 conference rooms 90-99: settings, live participants, recording. */
export interface ConferencesFacade {
  list(): RoomStatus[];
  get(number: string): RoomStatus | undefined;
  update(
    number: string,
    change: Partial<Omit<RoomStatus, "number" | "participants" | "recording" | "started">>,
  ): { ok: true; value: RoomStatus } | { ok: false; error: DomainError };
  /** False when the participant is not in the room. */
  mute(number: string, participant: string, muted: boolean): boolean;
  kick(number: string, participant: string): boolean;
  /** Starts or stops the room's recording; false when nothing changed. */
  record(number: string, on: boolean): boolean;
}

/** SPEC CALL-4: wake-up call bookings and the zone their times are read in. */
export interface WakeupFacade {
  store: Pick<WakeupStore, "list" | "get" | "add" | "update" | "remove">;
  /** The box's time zone (system.timeZone). */
  timeZone(): string;
  /** Wall-clock arithmetic in a zone (firmware/features/wakeup-time.ts). */
  time: {
    wallTimeAt(atMs: number, timeZone: string): WallTime;
    utcOf(t: WallTime, timeZone: string): number;
    isWallTime(t: WallTime): boolean;
  };
  /** The bookings changed: the scheduler re-reads them. */
  changed(): void;
}

/** SPEC CALL-3: follow-me settings per extension. */
export interface FollowMeFacade {
  list(): FollowMe[];
  get(extension: string): FollowMe;
  set(value: FollowMe): FollowMe;
}

export interface CallLimitView {
  limit: number;
  refused: number;
}

export interface ApiServices {
  /** Absent until wired: /paging-groups then answers 503. */
  pagingGroups?: PagingGroupsFacade;
  /** Absent until wired: /queues then answers 503. */
  queues?: import("./routes/queues.ts").QueuesFacade;
  /** Absent until wired: /follow-me then answers 503. */
  followMe?: FollowMeFacade;
  /** Absent until wired: /wakeup-calls then answers 503. */
  wakeup?: WakeupFacade;
  /** Absent until wired: /conference-rooms then answers 503. */
  conferences?: ConferencesFacade;
  /** Absent until wired: forwarding, DND and blacklist routes then answer 503. */
  callFeatures?: CallFeaturesFacade;
  /** Absent until wired: the phone and provisioning routes then answer 503. */
  provisioning?: ProvisioningFacade;
  /** Absent until wired: the contact routes then answer 503. */
  phonebook?: PhonebookFacade;
  /** Absent until wired: the billing routes then answer 503. */
  billing?: BillingFacade;
  /** Absent until wired: the trunk and route routes then answer 503. */
  routing?: RoutingFacade;
  accounts: AccountsFacade;
  sessions: SessionsFacade;
  extensions: ExtensionsFacade;
  departments: DepartmentsFacade;
  registrar: RegistrarFacade;
  /** Absent until wired: the voice-file routes then answer 503. */
  voiceFiles?: VoiceFilesFacade;
  /** Absent until wired: playing a prompt on an extension answers 503. */
  promptCalls?: PromptCallsFacade;
  /** Absent until wired: the recording routes then answer 503. */
  recordings?: RecordingsFacade;
  /** Absent until wired: the voicemail routes then answer 503. */
  voicemail?: VoicemailFacade;
  health(): HealthView;
  system: SystemInfo;
  clock: Clock;
  logger?: ApiLogger;
  /** The log viewer's source (absent: the routes answer 503). */
  logs?: LogsFacade;
  time?: TimeFacade;
  /** The analog ports (SPEC STAT-3). */
  ports?: PortsFacade;
  /** The simulated board's control API; absent on a real board (the routes answer 404). */
  sim?: SimFacade;
  factoryReset?: FactoryResetFacade;
  /** Absent until wired: /backup then answers 503. */
  backup?: BackupFacade;
  /** Absent until wired: /backup/schedule and /backup/stored answer 503. */
  storedBackups?: StoredBackupsFacade;
  /** SPEC DEV-4: the updater (absent: the firmware routes answer 503). */
  firmware?: FirmwareFacade;
  analogExtensions?: AnalogExtensionsFacade;
  hostStats(): HostStatsView;
  usbStorage(): UsbVolumeView[];
  /** Absent until wired: /storage then answers 503. */
  storage?: StorageFacade;
  /** Calls in progress now (SPEC STAT-1 chart). */
  calls(): number;
  /** The limit on calls in progress and the calls refused at it since the start. */
  callLimit(): CallLimitView;
  /** Absent until wired: /calls then answers 503. */
  activeCalls?: ActiveCallsFacade;
  /** Absent until wired: /cdr then answers 503. */
  cdr?: CdrFacade;
  events: EventsFacade;
  settings: SettingsFacade;
  /** Absent until wired: /settings/telemetry then answers 503. */
  telemetry?: TelemetryFacade;
  network(): NetworkFacts;
  mailer: MailFacade;
  featureCodes: FeatureCodesFacade;
}
