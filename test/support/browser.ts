// A real browser for end-to-end UI tests: Debian's Chromium (/usr/bin/chromium, installed by
// .ci/run) driven by playwright-core, headless, with a fresh profile and no background
// networking (this machine has no network but loopback).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { requirePeer } from "./peers.ts";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** How long one Chromium launch may take before it is tried again. */
const LAUNCH_BOUND_MS = 30_000;

/** How long Chromium may take to close before its processes are killed. */
const CLOSE_BOUND_MS = 5_000;

/** Where screenshots go (git-ignored). */
export const OUTPUT_DIR = join(import.meta.dir, "..", "output");

export interface TestBrowser {
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh --user-data-dir; accepts the box's self-signed certificate.
 * `microphone`: a WAV file Chromium plays as the microphone, which pages may use unasked.
 */
export async function launchBrowser(
  options: { locale?: string; microphone?: string } = {},
): Promise<TestBrowser> {
  const executablePath = requirePeer("chromium", "chromium");
  const profile = mkdtempSync(join(tmpdir(), "pbx-chromium-"));
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: options.microphone
        ? [
            ...CHROMIUM_FLAGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            `--use-file-for-fake-audio-capture=${options.microphone}`,
          ]
        : CHROMIUM_FLAGS,
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
      locale: options.locale ?? "zh-CN",
      viewport: { width: 1280, height: 800 },
      // Chromium's start is slow on a loaded machine; it is awaited, not slept for.
      timeout: 60_000,
    });
  // Bun's spawn can fail to set up the pipes Playwright talks over when another process is
  // being spawned at the same moment (the box beside it), or a pipe read can stall: a launch
  // that fails so or says nothing for LAUNCH_BOUND_MS gets one more try, then the error.
  const bounded = () =>
    Promise.race([
      launch(),
      Bun.sleep(LAUNCH_BOUND_MS).then(() => {
        throw new Error(`chromium did not start within ${LAUNCH_BOUND_MS} ms`);
      }),
    ]);
  const context = await bounded().catch(async (error: unknown) => {
    const text = String(error);
    if (!text.includes("Failed to connect") && !text.includes("did not start")) throw error;
    await Bun.sleep(500);
    return bounded();
  });
  // A script error in a page is a defect the test's own failure may hide: said on stderr, as
  // are refused API calls and failed requests, which explain a page that stopped responding.
  context.on("page", (page) => {
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && url.pathname.startsWith("/api/"))
        console.error(
          `page got ${response.status()} for ${response.request().method()} ${url.pathname}`,
        );
    });
    page.on("requestfailed", (request) => {
      const why = request.failure()?.errorText ?? "";
      if (!why.includes("ERR_ABORTED"))
        console.error(`page request failed: ${request.method()} ${request.url()} ${why}`);
    });
  });
  return {
    browser: context,
    async close() {
      // Playwright closes Chromium over its pipe; a stalled pipe must not hang the test's end.
      await Promise.race([context.close().catch(() => undefined), Bun.sleep(CLOSE_BOUND_MS)]);
      killProcessesUsing(profile);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** SIGKILL to every process whose command line names `profile` (Chromium and its helpers). */
function killProcessesUsing(profile: string): void {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(profile))
        process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
}

/**
 * Logs in on the box's login page at `origin` and waits for the page a role lands on: the
 * status page for staff (`home` otherwise, e.g. "my-extension").
 */
export async function logIn(
  page: Page,
  origin: string,
  username: string,
  password: string,
  home = "status",
): Promise<void> {
  await page.goto(`${origin}/`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector(`main[data-view="${home}"]`);
  // The status page says when its figures are in.
  if (home === "status") await page.waitForSelector("section[data-ready]");
}

/** The seconds of audio the browser decoded for the page's `<audio>` at `selector` (muted). */
export async function audioSeconds(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, async (audio: HTMLAudioElement) => {
    audio.muted = true;
    if (audio.readyState < 1)
      await new Promise((resolve, reject) => {
        audio.addEventListener("loadedmetadata", resolve, { once: true });
        audio.addEventListener("error", () => reject(new Error("audio error")), { once: true });
      });
    return audio.duration;
  });
}
