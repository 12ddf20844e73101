// SPEC CALL-11 blacklist, on calls from outside (SIP trunks and FXO lines): a blacklisted
// number is refused before anything rings (403, any inbound route, an IVR included), and the
// last outside number that rang each extension is kept for *76# ("添加上一个来电号码"). Kept in
// memory: it is what the phone just showed, and a restart forgets it as a phone does.
import type { Destination } from "../calls/routing/destination.ts";

export interface OutsideCallersOptions {
  blacklisted(number: string): boolean;
}

export class OutsideCallers {
  readonly #last = new Map<string, string>();

  constructor(private readonly o: OutsideCallersOptions) {}

  /** True when a call from `caller` may not reach the box. */
  refuses(caller: string): boolean {
    return caller !== "" && this.o.blacklisted(caller);
  }

  /** `caller` from outside is about to ring `destination`'s extensions. */
  rang(caller: string, destination: Destination): void {
    if (caller === "") return;
    const members =
      destination.kind === "department"
        ? destination.members
        : destination.kind === "extension" || destination.kind === "analog"
          ? [destination]
          : [];
    for (const m of members) this.#last.set(m.number, caller);
  }

  /** The last outside number that rang `extension`. */
  last(extension: string): string | undefined {
    return this.#last.get(extension);
  }
}
