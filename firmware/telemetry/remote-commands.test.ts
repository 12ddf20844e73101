import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { importPrivateKeyPem, importPublicKey } from "../../flash/bundle/bundle-signature.ts";
import { DEVELOPMENT_KEY } from "../../flash/bundle/development-key.ts";
import { type RemoteCommand, signCommand } from "../../flash/bundle/signed-command.ts";
import { VENDOR_PUBLIC_KEY } from "../../flash/bundle/vendor-key.ts";
import { FRESH_MS, runRemoteCommand } from "./remote-commands.ts";

const vendorPrivate = await importPrivateKeyPem(readFileSync(DEVELOPMENT_KEY, "utf8"));
const NOW = 1_800_000_000_000;

function box(o: { fetchFails?: string; calls?: number } = {}) {
  let last = 0;
  const did: string[] = [];
  const options = {
    publicKey: importPublicKey(VENDOR_PUBLIC_KEY),
    boxId: "office-1",
    now: () => NOW,
    lastIssued: {
      get: () => last,
      set: (at: number) => {
        did.push(`remembered ${at}`);
        last = at;
      },
    },
    actions: {
      reboot: () => {
        did.push("reboot");
        return { waitingForCalls: o.calls ?? 0 };
      },
      fetchUpdate: async (url: string) => {
        did.push(`fetch ${url}`);
        return o.fetchFails ? { ok: false as const, message: o.fetchFails } : { ok: true as const };
      },
    },
  };
  const send = async (command: RemoteCommand) =>
    runRemoteCommand(options, new TextEncoder().encode(await signCommand(vendorPrivate, command)));
  return { send, did };
}

describe("remote commands (SPEC DEV-6)", () => {
  test("a fresh signed reboot for this box reboots it, remembered before it acts", async () => {
    const b = box({ calls: 2 });
    const result = await b.send({ command: "reboot", box: "office-1", issuedAtMs: NOW - 1000 });
    expect(result).toMatchObject({
      command: "reboot",
      outcome: "done",
      reason: "waiting for 2 calls",
    });
    expect(b.did).toEqual([`remembered ${NOW - 1000}`, "reboot"]);
  });

  test("a command for another box, a stale one and a replayed one do nothing", async () => {
    const b = box();
    const other = await b.send({ command: "reboot", box: "office-2", issuedAtMs: NOW });
    expect(other).toMatchObject({ outcome: "refused", reason: "meant for another box" });
    const stale = await b.send({
      command: "reboot",
      box: "office-1",
      issuedAtMs: NOW - FRESH_MS - 1,
    });
    expect(stale).toMatchObject({ outcome: "refused", reason: "not fresh" });
    const ahead = await b.send({
      command: "reboot",
      box: "office-1",
      issuedAtMs: NOW + FRESH_MS + 1,
    });
    expect(ahead).toMatchObject({ outcome: "refused", reason: "not fresh" });
    expect(b.did).toEqual([]);

    const first = await b.send({ command: "reboot", box: "office-1", issuedAtMs: NOW });
    expect(first.outcome).toBe("done");
    const again = await b.send({ command: "reboot", box: "office-1", issuedAtMs: NOW });
    const older = await b.send({ command: "reboot", box: "office-1", issuedAtMs: NOW - 5 });
    expect([again.reason, older.reason]).toEqual(["already seen", "already seen"]);
    expect(b.did.filter((d) => d === "reboot")).toHaveLength(1);
  });

  test("an update that cannot be fetched is reported failed with the updater's reason", async () => {
    const b = box({ fetchFails: "the server answered 404" });
    const url = "https://vendor.example/pbx.bundle";
    const result = await b.send({ command: "fetch-update", box: "office-1", issuedAtMs: NOW, url });
    expect(result).toMatchObject({ outcome: "failed", reason: "the server answered 404" });
    expect(b.did).toContain(`fetch ${url}`);
  });
});
