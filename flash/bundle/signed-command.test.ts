import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { importPrivateKeyPem, importPublicKey } from "./bundle-signature.ts";
import { DEVELOPMENT_KEY } from "./development-key.ts";
import { MAX_ENVELOPE_BYTES, openCommand, signCommand } from "./signed-command.ts";
import { VENDOR_PUBLIC_KEY } from "./vendor-key.ts";

const vendorPrivate = await importPrivateKeyPem(readFileSync(DEVELOPMENT_KEY, "utf8"));
const vendorPublic = await importPublicKey(VENDOR_PUBLIC_KEY);
const bytes = (text: string) => new TextEncoder().encode(text);
const reboot = { command: "reboot" as const, box: "office-1", issuedAtMs: 1_700_000_000_000 };

describe("signed remote commands (SPEC DEV-6)", () => {
  test("a command signed with the vendor's key opens to what was signed", async () => {
    const envelope = await signCommand(vendorPrivate, reboot);
    expect(await openCommand(vendorPublic, bytes(envelope))).toEqual({ ok: true, command: reboot });
    const update = {
      ...reboot,
      command: "fetch-update" as const,
      url: "https://vendor/pbx.bundle",
    };
    const opened = await openCommand(vendorPublic, bytes(await signCommand(vendorPrivate, update)));
    expect(opened).toEqual({ ok: true, command: update });
  });

  test("a changed payload, another key's signature or a borrowed signature is refused", async () => {
    const envelope = JSON.parse(await signCommand(vendorPrivate, reboot));
    const tampered = { ...envelope, payload: envelope.payload.replace("office-1", "office-2") };
    expect(await openCommand(vendorPublic, bytes(JSON.stringify(tampered)))).toEqual({
      ok: false,
      reason: "bad signature",
    });
    const other = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const forged = await signCommand(other.privateKey, reboot);
    expect((await openCommand(vendorPublic, bytes(forged))).ok).toBe(false);
  });

  test("what is not an envelope, or names no known command, is refused with why", async () => {
    const open = async (text: string) => openCommand(vendorPublic, bytes(text));
    expect(await open("reboot")).toEqual({ ok: false, reason: "not JSON" });
    expect(await open('{"payload":"x"}')).toEqual({
      ok: false,
      reason: "no payload and signature",
    });
    expect(await open(`{"payload":"x","signature":"%%"}`)).toEqual({
      ok: false,
      reason: "signature is not base64",
    });
    const wipe = await signCommand(vendorPrivate, { ...reboot, command: "wipe" } as never);
    expect(await open(wipe)).toEqual({ ok: false, reason: 'unknown command "wipe"' });
    const noUrl = await signCommand(vendorPrivate, {
      ...reboot,
      command: "fetch-update",
      url: "file:///etc/passwd",
    });
    expect((await open(noUrl)).ok).toBe(false);
    expect(await open(" ".repeat(MAX_ENVELOPE_BYTES + 1))).toEqual({
      ok: false,
      reason: "too long",
    });
  });
});
