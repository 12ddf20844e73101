// The start of most page tests: a box, Chromium in the Chinese interface with one page open,
// the admin's API, and the extensions the test needs (SIP password `Pass-<number>-web`).
import type { Page } from "playwright-core";
import { boxApi } from "./box-api.ts";
import { launchBrowser, type TestBrowser } from "./browser.ts";
import { type RunningPbx, startPbx } from "./pbx-process.ts";

export interface UiBox {
  pbx: RunningPbx;
  browser: TestBrowser;
  page: Page;
  api: ReturnType<typeof boxApi>;
}

/** `fields`: what else each extension is made with (e.g. `webLogin: true`). */
export async function startUiBox(
  extensions: readonly string[],
  fields: Record<string, unknown> = {},
): Promise<UiBox> {
  const [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  const api = boxApi(pbx, await pbx.adminToken());
  for (const number of extensions) {
    const made = await api("POST", "/extensions", {
      number,
      sipPassword: `Pass-${number}-web`,
      ...fields,
    });
    if (made.status !== 201)
      throw new Error(`extension ${number}: ${made.status} ${JSON.stringify(made.json)}`);
  }
  return { pbx, browser, page: await browser.browser.newPage(), api };
}

/** Closes the browser, then stops the box. */
export async function stopUiBox(ui: Partial<UiBox>): Promise<void> {
  await ui.browser?.close();
  await ui.pbx?.stop();
}
