// The feature codes of forwarding (CALL-2: *71/*72/*73 + number, *071/*072/*073), DND
// (CALL-14: *74, *074) and the blacklist (CALL-11: *76 last caller, *075 + number) as feature
// handlers keyed by the table's id (`../calls/apps/feature-handler.ts`). Each acts for the
// calling extension and answers with the manual's confirmation prompt, or `feature/failed`
// when it cannot (no number, a number that goes nowhere, nothing to add).
import type { FeatureHandler, FeatureReply } from "../calls/apps/feature-handler.ts";
import type { Destination } from "../calls/routing/destination.ts";

type Resolve = (number: string) => Destination;

import type { BlacklistStore } from "./blacklist-store.ts";
import type { ForwardingStore, ForwardType } from "./forwarding-store.ts";

export interface CallFeatureDeps {
  forwards: Pick<ForwardingStore, "set" | "disable" | "setDnd">;
  blacklist: Pick<BlacklistStore, "add" | "remove">;
  /** The last outside number that rang `extension` (*76). */
  lastOutsideCaller(extension: string): string | undefined;
  /** True for a caller that is one of the box's extensions (codes act for extensions only). */
  isExtension(number: string): boolean;
  now(): number;
  log(message: string, fields: Record<string, unknown>): void;
}

const FAILED: FeatureReply = { say: ["feature/failed"] };

/** The handlers by feature id, for `CallEngineOptions.features`. */
export function callFeatureHandlers(d: CallFeatureDeps): Record<string, FeatureHandler> {
  /** Acts only for an extension: an outside caller reaching a code changes nothing. */
  const own =
    (
      act: (extension: string, argument: string, resolve: Resolve) => FeatureReply,
    ): FeatureHandler =>
    (caller, argument, resolve) =>
      d.isExtension(caller.number) ? act(caller.number, argument, resolve) : FAILED;
  const forwardOn = (type: ForwardType) =>
    own((extension, number, resolve) => {
      if (number === "" || number === extension) return FAILED;
      // A forwarding target must go somewhere (checked as the extension dialling it).
      const kind = resolve(number).kind;
      if (kind === "unknown" || kind === "refused" || kind === "feature") return FAILED;
      const set = d.forwards.set({ extension, type, number, enabled: true });
      if (!set.ok) return FAILED;
      d.log("call forwarding set by feature code", { extension, type, number });
      return { say: ["forward/enabled"] };
    });
  const forwardOff = (type: ForwardType) =>
    own((extension) => {
      d.forwards.disable(extension, type);
      d.log("call forwarding cancelled by feature code", { extension, type });
      return { say: ["forward/disabled"] };
    });
  const dnd = (on: boolean) =>
    own((extension) => {
      d.forwards.setDnd(extension, on, d.now());
      d.log("do not disturb set by feature code", { extension, on });
      return { say: [on ? "dnd/enabled" : "dnd/disabled"] };
    });
  return {
    "forward-always": forwardOn("always"),
    "forward-always-off": forwardOff("always"),
    "forward-busy": forwardOn("busy"),
    "forward-busy-off": forwardOff("busy"),
    "forward-no-answer": forwardOn("no-answer"),
    "forward-no-answer-off": forwardOff("no-answer"),
    "dnd-on": dnd(true),
    "dnd-off": dnd(false),
    "blacklist-last-caller": own((extension) => {
      const last = d.lastOutsideCaller(extension);
      if (!last) return FAILED;
      const added = d.blacklist.add(last, extension);
      // Already listed is what the caller wanted.
      if (!added.ok && added.error.code !== "taken") return FAILED;
      d.log("blacklist: last caller added by feature code", { extension, number: last });
      return { say: ["blacklist/number-added"] };
    }),
    // *75#: "根据系统语音提示输入添加的黑名单号码" — asked for the number, then # adds it.
    "blacklist-add": own((extension) => ({
      say: ["blacklist/enter-number"],
      ask: (number) => {
        const added = d.blacklist.add(number, extension);
        if (!added.ok) return FAILED;
        d.log("blacklist: number added by feature code", { extension, number });
        return { say: ["blacklist/number-added"] };
      },
    })),
    "blacklist-remove": own((extension, number) => {
      if (!d.blacklist.remove(number)) return FAILED;
      d.log("blacklist: number removed by feature code", { extension, number });
      return { say: ["blacklist/number-removed"] };
    }),
  };
}
