// SPEC DEV-6: the short list of things the vendor may ask a box to do over MQTT: reboot (after
// the calls in progress, as the firmware page's reboot does) and fetch an update from a URL
// (verified like any bundle). A command is acted on only when the vendor's key signed it, it
// names this box, it was issued within FRESH_MS of the box's clock, and it is newer than the
// last one acted on. The last issue time is kept on disk before acting, so a recorded command
// replayed later, or after the reboot it caused, is refused.
import {
  type OpenedCommand,
  openCommand,
  type RemoteCommand,
} from "../../flash/bundle/signed-command.ts";

/** How far a command's issue time may be from the box's clock. */
export const FRESH_MS = 5 * 60_000;

export interface RemoteActions {
  reboot(): { waitingForCalls: number };
  fetchUpdate(url: string): Promise<{ ok: true } | { ok: false; message: string }>;
}

export interface CommandResult {
  command: string;
  outcome: "done" | "refused" | "failed";
  reason?: string;
  /** The command's issue time, which names it for the sender. */
  issuedAtMs?: number;
  atMs: number;
}

export interface RemoteCommandsOptions {
  publicKey: Promise<CryptoKey>;
  boxId: string;
  now(): number;
  /** The newest issue time acted on, kept where a reboot does not lose it. */
  lastIssued: { get(): number; set(issuedAtMs: number): void };
  actions: RemoteActions;
}

/** Opens, checks and carries out one received command; says what became of it. */
export async function runRemoteCommand(
  options: RemoteCommandsOptions,
  envelope: Uint8Array,
): Promise<CommandResult> {
  const atMs = () => Math.round(options.now());
  const opened: OpenedCommand = await openCommand(await options.publicKey, envelope);
  if (!opened.ok)
    return { command: "unknown", outcome: "refused", reason: opened.reason, atMs: atMs() };
  const command: RemoteCommand = opened.command;
  const refused = (reason: string): CommandResult => ({
    command: command.command,
    outcome: "refused",
    reason,
    issuedAtMs: command.issuedAtMs,
    atMs: atMs(),
  });
  if (command.box !== options.boxId) return refused("meant for another box");
  if (Math.abs(options.now() - command.issuedAtMs) > FRESH_MS) return refused("not fresh");
  if (command.issuedAtMs <= options.lastIssued.get()) return refused("already seen");
  options.lastIssued.set(command.issuedAtMs);
  const done = (reason?: string): CommandResult => ({
    command: command.command,
    outcome: "done",
    ...(reason ? { reason } : {}),
    issuedAtMs: command.issuedAtMs,
    atMs: atMs(),
  });
  if (command.command === "reboot") {
    const { waitingForCalls } = options.actions.reboot();
    return done(waitingForCalls > 0 ? `waiting for ${waitingForCalls} calls` : undefined);
  }
  const fetched = await options.actions.fetchUpdate(command.url);
  if (fetched.ok) return done();
  return {
    command: command.command,
    outcome: "failed",
    reason: fetched.message,
    issuedAtMs: command.issuedAtMs,
    atMs: atMs(),
  };
}
