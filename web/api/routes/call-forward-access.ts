// Who may change which extension's forwarding and DND (SPEC CALL-2, CALL-14; manual: "您可在
// 接线员界面，管理员界面，分机用户界面以及在话机上使用功能码设置"): admins and operators any
// extension, an extension user only its own.
import type { Context } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden, notFound } from "../api-error.ts";
import type { ApiServices, CallFeaturesFacade } from "../services.ts";

export const FORWARD_READERS = ["admin", "operator", "extension"] as const;

export function callFeaturesOf(services: ApiServices): CallFeaturesFacade {
  if (!services.callFeatures)
    throw new ApiError(503, "unavailable", "call forwarding is not ready");
  return services.callFeatures;
}

/** The extension user's own number, or undefined for staff. */
export function ownNumber(c: Context<ApiEnv>): string | undefined {
  const principal = c.get("auth")!.principal;
  return principal.kind === "extension" ? principal.number : undefined;
}

/** The extension in the path, if it exists and the caller may change it. */
export function extensionParam(c: Context<ApiEnv>, services: ApiServices): string {
  const number = c.req.param("extension") ?? "";
  const own = ownNumber(c);
  if (own !== undefined && own !== number)
    throw forbidden("extension users change only their own extension");
  const exists =
    services.extensions.get(number) !== undefined ||
    (services.analogExtensions?.list() ?? []).some((a) => a.number === number);
  if (!exists) throw notFound("such extension");
  return number;
}
