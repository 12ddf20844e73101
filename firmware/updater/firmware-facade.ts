// The updater as the web API uses it (SPEC DEV-4): upload or URL in, verified, installed, and
// a reboot that waits for calls unless the admin says now. Refusals name the field at fault.
import type { FirmwareStatus, Updater } from "./updater.ts";

export interface InstallView {
  slot: "a" | "b";
  version: string;
  /** Set when the install asked for the reboot: how many calls it waits for. */
  reboot: { waitingForCalls: number } | null;
}

export type FirmwareOutcome =
  | { ok: true; value: InstallView }
  | { ok: false; error: { code: string; field: string; message: string } };

export interface InstallRequest {
  force: boolean;
  reboot: boolean;
}

export interface FirmwareFacade {
  status(): FirmwareStatus;
  upload(body: ReadableStream<Uint8Array>, o: InstallRequest): Promise<FirmwareOutcome>;
  installFromUrl(url: string, o: InstallRequest): Promise<FirmwareOutcome>;
  reboot(o: { now: boolean }): { waitingForCalls: number };
  cancelReboot(): boolean;
}

export function firmwareFacade(updater: Updater): FirmwareFacade {
  const install = async (
    body: ReadableStream<Uint8Array>,
    field: string,
    o: InstallRequest,
  ): Promise<FirmwareOutcome> => {
    const received = await updater.receive(body);
    if (!received.ok) return { ok: false, error: { ...received.error, field } };
    const installed = await updater.install(received.path, { force: o.force });
    if (!installed.ok) return { ok: false, error: { ...installed.error, field } };
    const reboot = o.reboot ? updater.reboot() : null;
    return { ok: true, value: { ...installed.value, reboot } };
  };
  return {
    status: () => updater.status(),
    upload: (body, o) => install(body, "file", o),
    async installFromUrl(url, o) {
      let response: Response;
      try {
        response = await fetch(url, { redirect: "follow" });
      } catch (error) {
        return {
          ok: false,
          error: {
            code: "unreachable",
            field: "url",
            message: `could not fetch the bundle: ${String(error)}`,
          },
        };
      }
      if (!response.ok || !response.body)
        return {
          ok: false,
          error: {
            code: "unreachable",
            field: "url",
            message: `the server answered ${response.status}`,
          },
        };
      return install(response.body, "url", o);
    },
    reboot: (o) => updater.reboot(o),
    cancelReboot: () => updater.cancelReboot(),
  };
}
