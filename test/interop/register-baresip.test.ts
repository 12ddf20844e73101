// baresip, a real softphone, registers to the box over UDP and over TCP; the admin sees it
// online, and after it quits (un-REGISTER) it is gone.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { startBaresip } from "../support/baresip.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let token: string;

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  for (const number of ["201", "202"]) {
    const response = await pbx.api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({ number, sipPassword: `Pass-${number}!` }),
    });
    expect(response.status).toBe(201);
  }
});

afterAll(async () => {
  await pbx.stop();
});

async function registered(
  extension: string,
): Promise<{ transport: string; userAgent: string } | undefined> {
  const response = await pbx.api("/api/v1/registrations", { token });
  const body = (await response.json()) as {
    items: { extension: string; transport: string; userAgent: string }[];
  };
  return body.items.find((r) => r.extension === extension);
}

for (const [extension, transport] of [
  ["201", "udp"],
  ["202", "tcp"],
] as const) {
  test(`baresip registers over ${transport} and un-registers when it quits`, async () => {
    const phone = await startBaresip({
      extension,
      password: `Pass-${extension}!`,
      pbxPort: pbx.ports.sip,
      transport,
    });
    try {
      await phone.waitFor(/200 OK|registered successfully/i);
      const seen = await registered(extension);
      expect(seen?.transport).toBe(transport.toUpperCase());
      expect(seen?.userAgent).toContain("baresip");
    } finally {
      await phone.stop();
    }
    const deadline = Date.now() + 5000;
    while ((await registered(extension)) && Date.now() < deadline) await Bun.sleep(100);
    expect(await registered(extension)).toBeUndefined();
  });
}
