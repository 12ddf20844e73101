// SPEC PROV-2: wires provisioning for main.ts: the claim list, the file server, PnP's
// ua-profile package of the box's SUBSCRIBE dispatch and, when the operator turns it on, the multicast
// listener. Settings: `provisioning.pnp` and `provisioning.pnpMulticast` (both off at first
// boot: the manual has the operator switch PnP on).
import type { PbxDatabase } from "../db/open-database.ts";
import type { SettingsStore } from "../db/settings-store.ts";
import type { Clock } from "../sip/clock.ts";
import type { EventPackages } from "../sip/core/event-packages.ts";
import type { SipStack } from "../sip/core/sip-stack.ts";
import type { Logger } from "../sip/logger.ts";
import type { AccountSecret, BoxAddress } from "./phone-config.ts";
import { PhoneService } from "./phone-service.ts";
import { VENDOR_IDS } from "./phone-vendors.ts";
import { PnpMulticast } from "./pnp-multicast.ts";
import { PNP_EVENT, pnpResponder } from "./pnp-responder.ts";
import { ProvisioningFiles } from "./provisioning-files.ts";

export interface ProvisioningSettings {
  pnp: boolean;
  multicast: boolean;
}

export interface StartProvisioningOptions {
  db: PbxDatabase;
  settings: Pick<SettingsStore, "get" | "set">;
  clock: Clock;
  /** Wall-clock time for "assigned at". */
  now(): number;
  stack: SipStack;
  /** The box's SUBSCRIBE dispatch, where PnP serves the ua-profile package. */
  subscriptions: EventPackages;
  box(): BoxAddress & { sentBy: string };
  account(number: string): AccountSecret | undefined;
  quickCodeOwner(code: string): string | undefined;
  /** Gives the extension a new quick code once its code has served a phone. */
  renewQuickCode(number: string): void;
  /**
   * Issue 14: tells a phone whose assignment changed to fetch its file now (NOTIFY check-sync
   * to the registered contacts of its accounts, from its address when known).
   */
  checkSync?(phone: { lines: string[]; address: string }): void;
  log: Logger;
}

/** Provisioning wired onto `stack`: the facade the web API takes, and close() for the stop. */
export function startProvisioning(options: StartProvisioningOptions) {
  const { settings, log } = options;
  const phones = new PhoneService(options.db, {
    extensionExists: (number) => options.account(number) !== undefined,
    now: options.now,
    // The phone still registers with its old accounts until it has fetched the new ones.
    assigned: (before, after) =>
      options.checkSync?.({
        lines: [...new Set([...before.lines, ...after.lines])],
        address: after.address,
      }),
  });
  const read = (): ProvisioningSettings => ({
    pnp: settings.get("provisioning.pnp", false),
    multicast: settings.get("provisioning.pnpMulticast", false),
  });
  const files = new ProvisioningFiles({
    phones,
    box: options.box,
    account: options.account,
    quickCodeOwner: options.quickCodeOwner,
    quickCodeUsed: (number) => options.renewQuickCode(number),
    pnpEnabled: () => read().pnp,
    clock: options.clock,
    log,
  });
  options.subscriptions.add(
    PNP_EVENT,
    pnpResponder({
      stack: options.stack,
      enabled: () => read().pnp,
      sentBy: () => options.box().sentBy,
      provisioningUrl: () => options.box().provisioningUrl,
      discovered: (found) => phones.discovered(found),
      log,
    }),
  );
  let multicast: PnpMulticast | undefined;
  let joining: Promise<void> = Promise.resolve();
  const applyMulticast = () => {
    const want = read().pnp && read().multicast;
    joining = joining.then(async () => {
      if (want && !multicast) {
        try {
          multicast = await PnpMulticast.listen({ sink: options.stack });
          log.info("PnP multicast joined");
        } catch (error) {
          log.warn("PnP multicast not joined", { error: String(error) });
        }
      } else if (!want && multicast) {
        multicast.close();
        multicast = undefined;
      }
    });
  };
  applyMulticast();
  return {
    phones,
    files,
    settings: read,
    changeSettings(patch: Partial<ProvisioningSettings>): ProvisioningSettings {
      if (patch.pnp !== undefined) settings.set("provisioning.pnp", patch.pnp);
      if (patch.multicast !== undefined) settings.set("provisioning.pnpMulticast", patch.multicast);
      applyMulticast();
      return read();
    },
    url: () => options.box().provisioningUrl,
    vendors: VENDOR_IDS,
    /** Leaves the multicast group. */
    async close(): Promise<void> {
      await joining;
      multicast?.close();
      multicast = undefined;
    },
  };
}
