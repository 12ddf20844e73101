// What the web API and status pages read of the registrar: registered contacts and bans.

import type { BanList } from "./ban-list.ts";
import type { BindingStore } from "./binding-store.ts";

export interface RegistrarView {
  registrations(): {
    extension: string;
    contact: string;
    source: string;
    transport: string;
    userAgent: string;
    expiresAtMs: number;
  }[];
  bans(): {
    address: string;
    reason: string;
    failures: number;
    bannedAtMs: number;
    expiresAtMs: number | null;
  }[];
  unban(address: string): boolean;
}

export function registrarView(bindings: BindingStore, bans: BanList): RegistrarView {
  return {
    registrations: () =>
      [...bindings.all()].map((b) => ({
        extension: b.extension,
        contact: b.uri,
        source: `${b.flow.address}:${b.flow.port}`,
        transport: b.flow.protocol,
        userAgent: b.userAgent ?? "",
        expiresAtMs: b.expiresAtMs,
      })),
    bans: () =>
      bans.list().map((b) => ({
        address: b.address,
        reason: "failed SIP authentication",
        failures: b.failures,
        bannedAtMs: b.sinceMs,
        expiresAtMs: b.untilMs,
      })),
    unban: (address) => bans.lift(address),
  };
}
