import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { inflateSync } from "node:zlib";
import { qrModules } from "../export/qr-png.ts";
import { readXlsx } from "../export/xlsx-reader.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  t.services.extensions.bulkAdd({
    startNumber: "100",
    count: 3,
    settings: { sipPassword: "Pa55-word!" },
  });
  t.services.extensions.update("100", {
    displayName: "前台 Reception",
    email: "front@example.com",
  });
  t.services.extensions.update("101", { email: "sales@example.com", transport: "tls" });
});
afterEach(() => t.close());

/** Pixels of a 1-bit greyscale PNG as rows of "dark" flags. */
function pngPixels(png: Uint8Array): boolean[][] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = Math.ceil(width / 8) + 1;
  return Array.from({ length: height }, (_, y) =>
    Array.from(
      { length: width },
      (_, x) => (raw[y * rowBytes + 1 + (x >> 3)]! & (0x80 >> (x & 7))) === 0,
    ),
  );
}

describe("/api/v1/extensions quick codes and QR codes", () => {
  test("the quick-code sheet lists every extension with its 3-digit code", async () => {
    const res = await t.call("GET", "/api/v1/extensions/quick-codes.xlsx?lang=zh", {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("Content-Disposition")).toContain("quick-codes.xlsx");
    const { sheetName, rows } = readXlsx(new Uint8Array(await res.arrayBuffer()));
    expect(sheetName).toBe("快速注册码");
    expect(rows[0]).toEqual(["分机号", "名称", "快速注册码"]);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ["100", "前台 Reception"],
      ["101", ""],
      ["102", ""],
    ]);
    for (const row of rows.slice(1)) {
      expect(row[2]).toMatch(/^[1-9][0-9]{2}$/);
      expect(row[2]).toBe(t.services.extensions.get(row[0]!)!.quickCode!);
    }
    const en = readXlsx(
      new Uint8Array(
        await (
          await t.call("GET", "/api/v1/extensions/quick-codes.xlsx?lang=en", { token: admin })
        ).arrayBuffer(),
      ),
    );
    expect(en.rows[0]).toEqual(["Extension", "Name", "Quick code"]);
  });

  test("the QR code holds extension, password, SIP port, LAN IP, transport and fallback domain", async () => {
    t.services.settings.set("network.fallbackDomain", "pbx.example.com");
    const udp = await (await t.call("GET", "/api/v1/extensions/100/qr", { token: admin })).json();
    expect(JSON.parse((udp as { content: string }).content)).toEqual({
      extension: "100",
      password: "Pa55-word!",
      sipPort: 5060,
      lanIp: "192.0.2.1",
      transport: "udp",
      fallbackDomain: "pbx.example.com",
    });
    const tls = (await (
      await t.call("GET", "/api/v1/extensions/101/qr", { token: admin })
    ).json()) as { content: string };
    expect(JSON.parse(tls.content)).toMatchObject({ sipPort: 5061, transport: "tls" });
  });

  test("the PNG draws that QR code with a 4-module quiet zone", async () => {
    const res = await t.call("GET", "/api/v1/extensions/100/qr.png", { token: admin });
    expect(res.headers.get("Content-Type")).toBe("image/png");
    const pixels = pngPixels(new Uint8Array(await res.arrayBuffer()));
    const { content } = (await (
      await t.call("GET", "/api/v1/extensions/100/qr", { token: admin })
    ).json()) as { content: string };
    const modules = qrModules(content);
    const scale = pixels.length / (modules.length + 8);
    expect(Number.isInteger(scale)).toBe(true);
    for (let r = -4; r < modules.length + 4; r++) {
      for (let c = -4; c < modules.length + 4; c++) {
        const y = (r + 4) * scale + Math.floor(scale / 2);
        const x = (c + 4) * scale + Math.floor(scale / 2);
        expect(pixels[y]![x]).toBe(modules[r]?.[c] === true);
      }
    }
    // The three finder patterns: dark 7x7 squares in the corners.
    expect(modules[0]!.slice(0, 7).every(Boolean)).toBe(true);
  });

  test("QR codes are mailed to each checked extension's address; those without one are skipped", async () => {
    const res = await t.call("POST", "/api/v1/extensions/qr-mail?lang=en", {
      token: admin,
      body: { numbers: ["100", "101", "102"] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sent: ["100", "101"],
      skipped: [{ number: "102", reason: "no_email" }],
    });
    expect(t.mail.sent.map((m) => [m.to, m.subject])).toEqual([
      [["front@example.com"], "QR code of extension 100"],
      [["sales@example.com"], "QR code of extension 101"],
    ]);
    const attachment = t.mail.sent[0]!.attachments[0]!;
    expect(attachment).toMatchObject({ filename: "qr-100.png", contentType: "image/png" });
    expect([...attachment.content.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  test("without an SMTP server each extension says why it was not mailed; bad lists are 400 naming numbers", async () => {
    t.mail.answer = {
      ok: false,
      error: { code: "unconfigured", field: "smtp", message: "no SMTP server is set" },
    };
    const unset = await t.call("POST", "/api/v1/extensions/qr-mail", {
      token: admin,
      body: { numbers: ["100", "102", "101"] },
    });
    expect(unset.status).toBe(200);
    expect(await unset.json()).toEqual({
      sent: [],
      skipped: [
        { number: "100", reason: "no_smtp" },
        { number: "102", reason: "no_email" },
        { number: "101", reason: "no_smtp" },
      ],
    });
    expect(t.mail.sent).toEqual([]);
    for (const numbers of [[], ["999"], "100"]) {
      const res = await t.call("POST", "/api/v1/extensions/qr-mail", {
        token: admin,
        body: { numbers },
      });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe("numbers");
    }
  });

  test("an SMTP server's refusal is reported per extension with its own words", async () => {
    t.mail.answer = {
      ok: false,
      error: { code: "smtp_failed", message: "550 5.1.1 mailbox unavailable" },
    };
    const res = await t.call("POST", "/api/v1/extensions/qr-mail", {
      token: admin,
      body: { numbers: ["101"] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sent: [],
      skipped: [
        { number: "101", reason: "smtp_refused", message: "550 5.1.1 mailbox unavailable" },
      ],
    });
  });

  test("roles: billing 403; an extension user sees only its own QR code and cannot export or mail", async () => {
    const billing = await t.tokenFor("billing");
    expect(
      (await t.call("GET", "/api/v1/extensions/quick-codes.xlsx", { token: billing })).status,
    ).toBe(403);
    expect((await t.call("GET", "/api/v1/extensions/100/qr.png", { token: billing })).status).toBe(
      403,
    );
    t.services.extensions.update("102", { webLogin: true });
    const own = (await t.login("102", "Pa55-word!")).token;
    expect((await t.call("GET", "/api/v1/extensions/102/qr.png", { token: own })).status).toBe(200);
    expect((await t.call("GET", "/api/v1/extensions/100/qr", { token: own })).status).toBe(403);
    expect(
      (await t.call("GET", "/api/v1/extensions/quick-codes.xlsx", { token: own })).status,
    ).toBe(403);
    expect(
      (
        await t.call("POST", "/api/v1/extensions/qr-mail", {
          token: own,
          body: { numbers: ["102"] },
        })
      ).status,
    ).toBe(403);
    expect((await t.call("GET", "/api/v1/extensions/quick-codes.xlsx")).status).toBe(401);
    expect((await t.call("GET", "/api/v1/extensions/999/qr", { token: admin })).status).toBe(404);
  });
});
