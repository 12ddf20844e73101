// DESIGN "Interfaces that tests and tools rely on": the REST API under /api/v1, one sub-app per
// resource joined with app.route() (STYLE 6), one error handler turning ApiError into
// {"error": {...}} (STYLE 8). Start reading here.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "./api-env.ts";
import { ApiError } from "./api-error.ts";
import { HashWorkLimit } from "./auth/hash-work-limit.ts";
import { jsonKeyGuard } from "./auth/json-key-guard.ts";
import { LoginRateLimiter, type LoginRateLimitOptions } from "./auth/login-rate-limiter.ts";
import { securityHeaders } from "./auth/security-headers.ts";
import { sessionMiddleware } from "./auth/session-middleware.ts";
import { diskFullError, isDiskFull } from "./disk-full.ts";
import { API_BASE, openApiDocument } from "./openapi-document.ts";
import type { RouteDoc } from "./route-doc.ts";
import { accountDocs, accountRoutes } from "./routes/accounts.ts";
import { analogExtensionDocs, analogExtensionRoutes } from "./routes/analog-extensions.ts";
import { authDocs, authRoutes } from "./routes/auth.ts";
import { backupDocs, backupRoutes, isBackupUploadPath } from "./routes/backup.ts";
import { billingAccountDocs, billingAccountRoutes } from "./routes/billing-accounts.ts";
import {
  billingRateDocs,
  billingRateRoutes,
  isRateSheetImportPath,
} from "./routes/billing-rates.ts";
import { billingReportDocs, billingReportRoutes } from "./routes/billing-reports.ts";
import { blacklistDocs, blacklistRoutes } from "./routes/blacklist.ts";
import { callForwardDocs, callForwardRoutes } from "./routes/call-forwards.ts";
import { callDocs, callRoutes } from "./routes/calls.ts";
import { cdrDocs, cdrRoutes } from "./routes/cdr.ts";
import { conferenceRoomDocs, conferenceRoomRoutes } from "./routes/conference-rooms.ts";
import { connectionDocs, connectionRoutes } from "./routes/connections.ts";
import { contactDocs, contactRoutes, isContactImportPath } from "./routes/contacts.ts";
import { departmentDocs, departmentRoutes } from "./routes/departments.ts";
import { dialPermissionDocs, dialPermissionRoutes } from "./routes/dial-permissions.ts";
import { dndDocs, dndRoutes } from "./routes/dnd.ts";
import { eventDocs, eventRoutes } from "./routes/events.ts";
import { extensionBulkEditDocs, extensionBulkEditRoutes } from "./routes/extension-bulk-edit.ts";
import { extensionExportDocs, extensionExportRoutes } from "./routes/extension-exports.ts";
import { extensionDocs, extensionRoutes } from "./routes/extensions.ts";
import { factoryResetDocs, factoryResetRoutes } from "./routes/factory-reset.ts";
import { featureCodeDocs, featureCodeRoutes } from "./routes/feature-codes.ts";
import { firmwareDocs, firmwareRoutes, isFirmwareUploadPath } from "./routes/firmware.ts";
import { followMeDocs, followMeRoutes } from "./routes/follow-me.ts";
import { healthDocs, healthRoutes } from "./routes/health.ts";
import { inboundRouteDocs, inboundRouteRoutes } from "./routes/inbound-routes.ts";
import { ivrDocs, ivrRoutes } from "./routes/ivrs.ts";
import { logDocs, logRoutes } from "./routes/logs.ts";
import { outboundRouteDocs, outboundRouteRoutes } from "./routes/outbound-routes.ts";
import { pagingGroupDocs, pagingGroupRoutes } from "./routes/paging-groups.ts";
import { phonebookXmlDocs, phonebookXmlRoutes } from "./routes/phonebook-xml.ts";
import { phoneDocs, phoneRoutes, provisioningSettingsRoutes } from "./routes/phones.ts";
import { portDocs, portRoutes } from "./routes/ports.ts";
import { provisioningFileDocs, provisioningFileRoutes } from "./routes/provisioning-files.ts";
import { queueDocs, queueRoutes } from "./routes/queues.ts";
import { recordingDocs, recordingRoutes } from "./routes/recordings.ts";
import { registrarDocs, registrarRoutes } from "./routes/registrar.ts";
import { settingsDocs, settingsRoutes } from "./routes/settings.ts";
import { simDocs, simRoutes } from "./routes/sim.ts";
import { statusDocs, statusRoutes } from "./routes/status.ts";
import { storageDocs, storageRoutes } from "./routes/storage.ts";
import { storedBackupDocs, storedBackupRoutes } from "./routes/stored-backups.ts";
import { telemetrySettingsDocs, telemetrySettingsRoutes } from "./routes/telemetry-settings.ts";
import { timeDocs, timeRoutes } from "./routes/time.ts";
import { timeConditionDocs, timeConditionRoutes } from "./routes/time-conditions.ts";
import { trunkDocs, trunkRoutes } from "./routes/trunks.ts";
import {
  isVoiceUploadPath,
  mohClassRoutes,
  promptRoutes,
  voiceFileDocs,
} from "./routes/voice-files.ts";
import { voicemailDocs, voicemailRoutes } from "./routes/voicemail.ts";
import { wakeupDocs, wakeupRoutes } from "./routes/wakeup-calls.ts";
import type { ApiServices } from "./services.ts";

export interface ApiOptions {
  loginRateLimit?: LoginRateLimitOptions;
  /** Password checks allowed to run at once (argon2id costs 19 MiB each); default 4. */
  maxConcurrentLogins?: number;
  maxBodyBytes?: number;
}

const OPENAPI_DOC: RouteDoc = {
  method: "get",
  path: "/openapi.json",
  tag: "meta",
  summary: "This document",
  access: "public",
  responses: {
    "200": { description: "the OpenAPI 3.1 document", schema: { type: "object" } },
  },
};

/** Every documented route, for /openapi.json and its coverage test. */
export const API_DOCS: readonly RouteDoc[] = [
  ...healthDocs,
  ...authDocs,
  ...accountDocs,
  ...extensionDocs,
  ...departmentDocs,
  ...registrarDocs,
  ...voiceFileDocs,
  ...recordingDocs,
  ...callDocs,
  ...cdrDocs,
  ...portDocs,
  ...simDocs,
  ...factoryResetDocs,
  ...backupDocs,
  ...firmwareDocs,
  ...analogExtensionDocs,
  ...statusDocs,
  ...connectionDocs,
  ...eventDocs,
  ...settingsDocs,
  ...telemetrySettingsDocs,
  ...logDocs,
  ...timeDocs,
  ...storageDocs,
  ...storedBackupDocs,
  ...extensionExportDocs,
  ...extensionBulkEditDocs,
  ...featureCodeDocs,
  ...trunkDocs,
  ...outboundRouteDocs,
  ...inboundRouteDocs,
  ...ivrDocs,
  ...timeConditionDocs,
  ...dialPermissionDocs,
  ...billingAccountDocs,
  ...billingRateDocs,
  ...billingReportDocs,
  ...contactDocs,
  ...phonebookXmlDocs,
  ...callForwardDocs,
  ...conferenceRoomDocs,
  ...dndDocs,
  ...wakeupDocs,
  ...followMeDocs,
  ...queueDocs,
  ...blacklistDocs,
  ...phoneDocs,
  ...provisioningFileDocs,
  OPENAPI_DOC,
  ...voicemailDocs,
  ...pagingGroupDocs,
];

/** The methods the documented routes answer at a concrete request path (HEAD with GET). */
function allowedMethods(docs: readonly RouteDoc[]): (path: string) => string[] {
  const routes = docs.map((doc) => ({
    method: doc.method.toUpperCase(),
    pattern: new RegExp(
      `^${API_BASE}${doc.path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}/?$`,
    ),
  }));
  return (path) => {
    const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}

/** The Hono app serving /api/v1 from `services`. */
export function createApi(services: ApiServices, options: ApiOptions = {}): Hono<ApiEnv> {
  const limiter = new LoginRateLimiter(services.clock, options.loginRateLimit);
  const hashWork = new HashWorkLimit(options.maxConcurrentLogins ?? 4);
  // Built when first asked for, not at every boot: it is read by tools, seldom by the box's
  // users, and converting every body schema to JSON Schema is a fair part of start-up's work.
  let document: Record<string, unknown> | undefined;

  const api = new Hono<ApiEnv>();
  const jsonLimit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 1024 * 1024,
    onError: () => {
      throw new ApiError(413, "too_large", "the request body is too large");
    },
  });
  // Audio, backup and firmware uploads carry their own, larger limits (voice-files.ts,
  // backup.ts; firmware bundles are streamed to disk under the updater's limit, firmware.ts).
  const isUpload = (path: string) =>
    isVoiceUploadPath(path) || isBackupUploadPath(path) || isFirmwareUploadPath(path);
  api.use("*", (c, next) => (isUpload(c.req.path) ? next() : jsonLimit(c, next)));
  api.use("*", sessionMiddleware(services.sessions));
  // Uploads are never JSON; their body is left for the upload limit (or the sheet reader).
  const keyGuard = jsonKeyGuard();
  api.use("*", (c, next) =>
    isUpload(c.req.path) || isContactImportPath(c.req.path) || isRateSheetImportPath(c.req.path)
      ? next()
      : keyGuard(c, next),
  );
  api.route("/", healthRoutes(services));
  api.route("/auth", authRoutes(services, limiter, hashWork));
  api.route("/accounts", accountRoutes(services));
  api.route("/extensions", extensionExportRoutes(services)); // before /extensions/{number}
  api.route("/extensions", extensionBulkEditRoutes(services));
  api.route("/extensions", extensionRoutes(services));
  api.route("/departments", departmentRoutes(services));
  api.route("/", registrarRoutes(services));
  api.route("/moh-classes", mohClassRoutes(services));
  api.route("/prompts", promptRoutes(services));
  api.route("/recordings", recordingRoutes(services));
  api.route("/calls", callRoutes(services));
  api.route("/cdr", cdrRoutes(services));
  api.route("/ports", portRoutes(services));
  api.route("/sim", simRoutes(services));
  api.route("/system/factory-reset", factoryResetRoutes(services));
  api.route("/backup", backupRoutes(services));
  api.route("/backup", storedBackupRoutes(services));
  api.route("/firmware", firmwareRoutes(services));
  api.route("/analog-extensions", analogExtensionRoutes(services));
  api.route("/", statusRoutes(services));
  api.route("/", connectionRoutes(services));
  api.route("/", eventRoutes(services));
  api.route("/settings/telemetry", telemetrySettingsRoutes(services));
  api.route("/logs", logRoutes(services));
  api.route("/time", timeRoutes(services));
  api.route("/storage", storageRoutes(services));
  api.route("/settings", settingsRoutes(services));
  api.route("/feature-codes", featureCodeRoutes(services));
  api.route("/trunks", trunkRoutes(services));
  api.route("/outbound-routes", outboundRouteRoutes(services));
  api.route("/inbound-routes", inboundRouteRoutes(services));
  api.route("/ivrs", ivrRoutes(services));
  api.route("/time-conditions", timeConditionRoutes(services));
  api.route("/dial-permissions", dialPermissionRoutes(services));
  api.route("/billing", billingAccountRoutes(services));
  api.route("/billing", billingRateRoutes(services));
  api.route("/billing", billingReportRoutes(services));
  api.route("/contacts", contactRoutes(services));
  api.route("/", phonebookXmlRoutes(services, limiter));
  api.route("/call-forwards", callForwardRoutes(services));
  api.route("/conference-rooms", conferenceRoomRoutes(services));
  api.route("/dnd", dndRoutes(services));
  api.route("/wakeup-calls", wakeupRoutes(services));
  api.route("/follow-me", followMeRoutes(services));
  api.route("/queues", queueRoutes(services));
  api.route("/blacklist", blacklistRoutes(services));
  api.route("/phones", phoneRoutes(services));
  api.route("/provisioning/settings", provisioningSettingsRoutes(services));
  api.route("/provisioning/files", provisioningFileRoutes(services, limiter));
  api.route("/voicemail", voicemailRoutes(services));
  api.route("/paging-groups", pagingGroupRoutes(services));
  api.get("/openapi.json", (c) => {
    document ??= openApiDocument(API_DOCS, services.system.firmwareVersion);
    return c.json(document);
  });

  const app = new Hono<ApiEnv>();
  app.use("*", securityHeaders());
  app.route(API_BASE, api);
  // RFC 9110 15.5.6: a path that exists but not with this method is 405 with Allow.
  const methodsAt = allowedMethods(API_DOCS);
  app.notFound((c) => {
    const allowed = methodsAt(c.req.path);
    if (allowed.length > 0) {
      const message = `${c.req.method} is not allowed here; use ${allowed.join(", ")}`;
      c.header("Allow", allowed.join(", "));
      return c.json(new ApiError(405, "method_not_allowed", message).body(), 405);
    }
    return c.json(new ApiError(404, "not_found", "no such route").body(), 404);
  });
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      return c.json(err.body(), err.status);
    }
    if (isDiskFull(err)) {
      services.logger?.error("api: storage full", { method: c.req.method, path: c.req.path });
      return c.json(diskFullError().body(), 507);
    }
    services.logger?.error("api: unexpected failure", {
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return c.json(new ApiError(500, "internal", "internal error").body(), 500);
  });
  return app;
}
