// Test support for web/api: the real firmware services on a temporary SQLite file, a manual
// clock, an in-test registrar, and helpers to call the app as a client would.
import { AccountService } from "../../firmware/accounts/account-service.ts";
import { SessionStore } from "../../firmware/accounts/session-store.ts";
import { BillingService } from "../../firmware/billing/billing-service.ts";
import { ConferenceRoomStore } from "../../firmware/calls/conference/conference-room-store.ts";
import { ConferenceRooms } from "../../firmware/calls/conference/conference-rooms.ts";
import { PagingGroupStore } from "../../firmware/calls/paging/paging-group-store.ts";
import { SettingsStore } from "../../firmware/db/settings-store.ts";
import { openTestDatabase } from "../../firmware/db/test-database.ts";
import { EventBus } from "../../firmware/events/event-bus.ts";
import { DepartmentService } from "../../firmware/extensions/department-service.ts";
import { ExtensionService } from "../../firmware/extensions/extension-service.ts";
import { BlacklistStore } from "../../firmware/features/blacklist-store.ts";
import { FeatureCodeTable } from "../../firmware/features/feature-code-table.ts";
import { FollowMeStore } from "../../firmware/features/follow-me-store.ts";
import { ForwardingStore } from "../../firmware/features/forwarding-store.ts";
import { WakeupStore } from "../../firmware/features/wakeup-store.ts";
import { isWallTime, utcOf, wallTimeAt } from "../../firmware/features/wakeup-time.ts";
import { boxNumberProviders } from "../../firmware/numbering/box-numbering.ts";
import { DEFAULT_OUTBOUND_PREFIXES } from "../../firmware/numbering/manual-numbers.ts";
import { NumberRegistry } from "../../firmware/numbering/number-registry.ts";
import { ContactStore } from "../../firmware/phonebook/contact-store.ts";
import { allPages, Phonebook, sipPasswordMatches } from "../../firmware/phonebook/phonebook.ts";
import {
  phonebookSheetRows,
  readPhonebookSheet,
} from "../../firmware/phonebook/phonebook-sheet.ts";
import { PhoneService } from "../../firmware/provisioning/phone-service.ts";
import { VENDOR_IDS } from "../../firmware/provisioning/phone-vendors.ts";
import { ProvisioningFiles } from "../../firmware/provisioning/provisioning-files.ts";
import { CallQueues } from "../../firmware/queues/call-queues.ts";
import { QueueStore } from "../../firmware/queues/queue-store.ts";
import { DialPermissionService } from "../../firmware/routes/dial-permission-service.ts";
import { InboundRouteService } from "../../firmware/routes/inbound-route-service.ts";
import { IvrService } from "../../firmware/routes/ivr-service.ts";
import { outboundRouteNumbers } from "../../firmware/routes/outbound-route-numbers.ts";
import { OutboundRouteService } from "../../firmware/routes/outbound-route-service.ts";
import { TimeConditionService } from "../../firmware/routes/time-condition-service.ts";
import type { TrunkStatus } from "../../firmware/trunks/trunk-manager.ts";
import { TrunkService } from "../../firmware/trunks/trunk-service.ts";
import type { ErrorBody } from "./api-error.ts";
import { createApi } from "./create-api.ts";
import type {
  AnalogMailboxView,
  ApiServices,
  BanView,
  HealthView,
  MailMessage,
  Outcome,
  RegistrationView,
} from "./services.ts";

export const ADMIN_PASSWORD = "admin password";
export const START_MS = Date.UTC(2025, 2, 1, 8, 0, 0);

/** Options of one request. */
export interface Call {
  token?: string;
  cookie?: string;
  csrf?: string;
  body?: unknown;
  rawBody?: string;
  address?: string;
  https?: boolean;
}

/** What a test may choose about the box it talks to. */
export interface TestApiOptions {
  /** Numbers of the analog extensions, FXS port 1 first (8001... on the simulated board). */
  analogNumbers?: readonly string[];
}

/** A running API with its services, clock and helpers. */
export async function startTestApi(options: TestApiOptions = {}) {
  const open = openTestDatabase();
  const clock = { ms: START_MS, now: () => clock.ms };
  const hashCost = { memoryCostKiB: 256, timeCost: 1 };
  const accounts = new AccountService(open.db, { hashCost, clock });
  const sessions = new SessionStore(open.db, { clock });
  const numbering = new NumberRegistry();
  const extensions = new ExtensionService(open.db, { realm: "pbx", clock, numbering });
  const departments = new DepartmentService(open.db, clock, numbering);
  const registrations: RegistrationView[] = [];
  const bans: BanView[] = [];
  const health: HealthView = { status: "ok", checks: { database: "ok" } };
  const logged: string[] = [];
  const settings = new SettingsStore(open.db);
  const events = new EventBus();
  const mail: { sent: MailMessage[]; answer: Outcome<undefined> } = {
    sent: [],
    answer: { ok: true, value: undefined },
  };
  const live = { calls: 0, refusedCalls: 0 };
  const analogNumbers = options.analogNumbers ?? ["801", "802"];
  const analog: AnalogMailboxView[] = analogNumbers.map((number, i) => ({
    channel: i + 1,
    number,
    name: `FXS ${i + 1}`,
    alias: "",
    departmentId: null,
    recording: "none",
    language: "",
    dialPermission: "international",
    rxGainDb: 0,
    txGainDb: 0,
    voicemailEnabled: false,
    email: "",
    voicemailPinSet: false,
  }));
  // Trunk status as the trunk manager would report it; tests set it per trunk id.
  const trunkStates = new Map<number, Omit<TrunkStatus, "atMs">>();
  const trunks = new TrunkService(open.db);
  const outboundRoutes = new OutboundRouteService(open.db, trunks, numbering);
  const contacts = new ContactStore(open.db);
  const phonebook = new Phonebook({
    contacts,
    extensions: () => allPages((page) => extensions.list(page)),
    departmentName: (id) => departments.get(id)?.name,
  });
  const phones = new PhoneService(open.db, {
    extensionExists: (number) => extensions.get(number) !== undefined,
    now: () => clock.now(),
  });
  const provisioningSettings = { pnp: false, multicast: false };
  const provisioningUrl = "http://192.0.2.1/api/v1/provisioning/files/";
  const record = (message: string, detail?: unknown) =>
    logged.push(`${message} ${JSON.stringify(detail)}`);
  const wakeupChanges = { count: 0 };
  const queueStore = new QueueStore(open.db, {
    isExtension: (number) => extensions.get(number) !== undefined,
    hasMohClass: (name) => name === "default",
    numbering,
  });
  numbering.register(queueStore.numbers());
  const services: ApiServices = {
    // No call reaches a queue here: nobody waits, agents are unregistered.
    queues: {
      store: queueStore,
      live: new CallQueues({
        clock: { now: clock.now, setTimer: () => ({ cancel() {} }) },
        store: queueStore,
        clip: () => undefined,
        language: () => "zh",
        ring: async () => ({ ok: false }),
        reachable: () => false,
        extensionState: () => "idle",
        destination: () => undefined,
      }),
    },
    followMe: new FollowMeStore(open.db),
    wakeup: {
      store: new WakeupStore(open.db, () => clock.now()),
      timeZone: () => settings.get("system.timeZone", "Asia/Shanghai"),
      time: { wallTimeAt, utcOf, isWallTime },
      changed: () => {
        wakeupChanges.count++;
      },
    },
    conferences: new ConferenceRooms({
      // No call reaches a room here: its timers never run.
      clock: { now: clock.now, setTimer: () => ({ cancel() {} }) },
      store: new ConferenceRoomStore(open.db),
      music: () => ({ nextFrame: () => new Int16Array(160) }),
      clip: () => undefined,
      isExtension: (number) => extensions.get(number) !== undefined,
    }),
    callFeatures: {
      forwards: new ForwardingStore(open.db),
      blacklist: new BlacklistStore(
        open.db,
        (n) => extensions.get(n) !== undefined || analog.some((a) => a.number === n),
      ),
      passCallerId: {
        get: () => settings.get("forwarding.passCallerId", false),
        set: (on) => settings.set("forwarding.passCallerId", on),
      },
      announce: {
        get: () => settings.get("forwarding.announce", false),
        set: (on) => settings.set("forwarding.announce", on),
      },
    },
    provisioning: {
      phones,
      files: new ProvisioningFiles({
        phones,
        box: () => ({ host: "192.0.2.1", sipPort: 5060, ldapPort: 389, provisioningUrl }),
        account: (number) => extensions.get(number),
        quickCodeOwner: (code) => extensions.quickCodeOwner(code),
        quickCodeUsed: (number) => extensions.renewQuickCode(number),
        pnpEnabled: () => provisioningSettings.pnp,
        clock: { now: () => clock.now(), setTimer: () => ({ cancel() {} }) },
        log: { debug: record, info: record, warn: record, error: record },
      }),
      settings: () => ({ ...provisioningSettings }),
      changeSettings(patch) {
        Object.assign(provisioningSettings, patch);
        return { ...provisioningSettings };
      },
      url: () => provisioningUrl,
      vendors: VENDOR_IDS,
    },
    phonebook: {
      entries: (viewer) => phonebook.entries(viewer),
      contacts,
      sheetRows: phonebookSheetRows,
      readSheet: readPhonebookSheet,
      verifyExtension: (number, password) =>
        sipPasswordMatches(extensions.get(number)?.sipPassword, password),
    },
    billing: new BillingService(open.db, settings),
    routing: {
      trunks,
      trunkStatus: (t) => ({
        ...(trunkStates.get(t.id) ?? { state: "registering", calls: 0 }),
        atMs: clock.now(),
      }),
      outboundRoutes,
      inboundRoutes: new InboundRouteService(open.db, trunks),
      ivrs: new IvrService(open.db, { has: (n) => n === "welcome" || n.startsWith("custom/") }),
      timeConditions: new TimeConditionService(open.db, () =>
        settings.get("system.timeZone", "Asia/Shanghai"),
      ),
      dialPermissions: new DialPermissionService(open.db),
    },
    accounts,
    sessions,
    extensions,
    departments,
    registrar: {
      registrations: () => registrations,
      watchers: () => [{ extension: "100", dialog: 3, presence: 0, messageSummary: 1 }],
      bans: () => bans,
      unban: (address) => {
        const i = bans.findIndex((b) => b.address === address);
        if (i >= 0) bans.splice(i, 1);
        return i >= 0;
      },
    },
    health: () => health,
    system: { model: "PBX-SIM", firmwareVersion: "0.1.0", startedAt: new Date(START_MS - 90_000) },
    clock,
    logger: {
      error: (message, detail) => logged.push(`${message} ${JSON.stringify(detail)}`),
      info: (message, detail) => logged.push(`${message} ${JSON.stringify(detail)}`),
    },
    hostStats: () => ({
      cpuPercent: 12.5,
      memoryTotalBytes: 512 << 20,
      memoryUsedBytes: 200 << 20,
    }),
    usbStorage: () => [],
    calls: () => live.calls,
    callLimit: () => ({ limit: 1600, refused: live.refusedCalls }),
    events,
    settings,
    network: () => ({
      hostname: "pbx-test",
      lanAddress: "192.0.2.1",
      sipPort: 5060,
      sipTlsPort: 5061,
      sipWsPort: 8088,
      httpPort: 80,
      httpsPort: 443,
      rtpPorts: "10000-20000",
    }),
    mailer: {
      send: async (message) => {
        if (mail.answer.ok) mail.sent.push(message);
        return mail.answer;
      },
    },
    featureCodes: new FeatureCodeTable(settings, numbering),
    analogExtensions: {
      list: () => analog,
      update: (channel, patch) => {
        const a = analog.find((x) => x.channel === channel);
        if (!a) return { ok: false, error: { code: "not_found", message: "no such channel" } };
        Object.assign(a, patch);
        return { ok: true, value: a };
      },
    },
  };
  numbering.register(
    ...boxNumberProviders({
      extensions,
      departments,
      analog: { list: () => analog },
      featureCodes: services.featureCodes,
      outboundPrefixes: () =>
        settings.get<string[]>("dialplan.outboundPrefixes", [...DEFAULT_OUTBOUND_PREFIXES]),
    }),
    outboundRouteNumbers(outboundRoutes),
  );
  const pagingGroups = new PagingGroupStore(open.db, {
    isIpExtension: (number) => extensions.get(number) !== undefined,
    numbering,
  });
  numbering.register(pagingGroups.holders());
  services.pagingGroups = pagingGroups;
  await accounts.ensureFirstAdmin(ADMIN_PASSWORD);
  const app = createApi(services);

  async function call(method: string, path: string, options: Call = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.csrf) headers["X-PBX-CSRF"] = options.csrf;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const base = options.https ? "https://pbx.lan" : "http://pbx.lan";
    const env = { requestIP: () => ({ address: options.address ?? "192.0.2.10" }) };
    return app.request(`${base}${path}`, { method, headers, body }, env);
  }

  /** Logs in and returns the session's token, CSRF token and cookie. */
  async function login(username: string, password: string) {
    const res = await call("POST", "/api/v1/auth/login", { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const json = (await res.json()) as { token: string; csrfToken: string; role: string };
    const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    return { ...json, cookie };
  }

  /** Creates an account with `role` and returns its bearer token. */
  async function tokenFor(role: "admin" | "operator" | "billing"): Promise<string> {
    const username = `${role}-user`;
    if (!accounts.get(username)) {
      const created = await accounts.create({ username, password: `${role} password`, role });
      if (!created.ok) throw new Error(created.error.message);
    }
    return (await login(username, `${role} password`)).token;
  }

  return {
    app,
    call,
    login,
    tokenFor,
    clock,
    services,
    registrations,
    bans,
    health,
    logged,
    events,
    mail,
    live,
    analog,
    sqlite: open.sqlite,
    numbering,
    trunkStates,
    wakeupChanges,
    close: () => open.close(),
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;

/** The error object of a JSON error response. */
export async function errorOf(res: Response): Promise<ErrorBody["error"]> {
  const json = (await res.json()) as ErrorBody;
  return json.error;
}
