// Remote commands to a box in the field (SPEC DEV-6): a short JSON command signed with the
// vendor's Ed25519 key, the same key that signs update bundles. The envelope carries the
// command's exact bytes as a string, so the signature covers exactly what the box parses,
// whatever a broker or a tool does to whitespace around it. Whether a command is fresh and
// meant for this box is the box's decision (firmware/telemetry/remote-commands.ts).
import { verifyManifest } from "./bundle-signature.ts";

export type RemoteCommand =
  | { command: "reboot"; box: string; issuedAtMs: number }
  | { command: "fetch-update"; box: string; issuedAtMs: number; url: string };

export const REMOTE_COMMANDS = ["reboot", "fetch-update"] as const;

/** Longer envelopes are refused unread: a command is a few hundred bytes. */
export const MAX_ENVELOPE_BYTES = 4096;

export type OpenedCommand = { ok: true; command: RemoteCommand } | { ok: false; reason: string };

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** The envelope `{payload, signature}` for `command`, as the text to publish. */
export async function signCommand(privateKey: CryptoKey, command: RemoteCommand): Promise<string> {
  const payload = JSON.stringify(command);
  const bytes = new TextEncoder().encode(payload);
  const signature = new Uint8Array(
    await crypto.subtle.sign("Ed25519", privateKey, bytes as Uint8Array<ArrayBuffer>),
  );
  return JSON.stringify({ payload, signature: toBase64(signature) });
}

/** The command in `envelope` when its signature is the vendor's and its shape is known. */
export async function openCommand(
  publicKey: CryptoKey,
  envelope: Uint8Array,
): Promise<OpenedCommand> {
  if (envelope.length > MAX_ENVELOPE_BYTES) return { ok: false, reason: "too long" };
  let outer: unknown;
  try {
    outer = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(envelope));
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const { payload, signature } = (outer ?? {}) as Record<string, unknown>;
  if (typeof payload !== "string" || typeof signature !== "string")
    return { ok: false, reason: "no payload and signature" };
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  } catch {
    return { ok: false, reason: "signature is not base64" };
  }
  const signed = await verifyManifest(publicKey, new TextEncoder().encode(payload), signatureBytes);
  if (!signed) return { ok: false, reason: "bad signature" };
  let inner: Record<string, unknown>;
  try {
    inner = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  return commandOf(inner);
}

function commandOf(inner: Record<string, unknown>): OpenedCommand {
  const { command, box, issuedAtMs, url } = inner ?? {};
  if (typeof box !== "string" || box === "") return { ok: false, reason: "no box named" };
  if (typeof issuedAtMs !== "number" || !Number.isFinite(issuedAtMs))
    return { ok: false, reason: "no issue time" };
  if (command === "reboot") return { ok: true, command: { command, box, issuedAtMs } };
  if (command === "fetch-update") {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url))
      return { ok: false, reason: "fetch-update needs an http(s) url" };
    return { ok: true, command: { command, box, issuedAtMs, url } };
  }
  return { ok: false, reason: `unknown command ${JSON.stringify(command)}` };
}
