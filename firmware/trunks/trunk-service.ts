// SPEC ROUTE-1: trunks as the admin configures them. The password is a client secret: kept
// so the box can answer a provider's challenge, given out only by `credentials()` to the trunk
// manager, never listed (the view says only whether one is set) and never logged.
import { asc, eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import {
  TRUNK_DTMF_MODES,
  TRUNK_KINDS,
  TRUNK_TRANSPORTS,
  type TrunkDtmfMode,
  type TrunkKind,
  type TrunkTransport,
  trunks,
} from "../db/schema/trunks.ts";

export { TRUNK_DTMF_MODES, TRUNK_KINDS, TRUNK_TRANSPORTS, type TrunkKind, type TrunkTransport };

/** A trunk as the API and the pages see it: everything but the password. */
export interface TrunkView {
  id: number;
  name: string;
  kind: TrunkKind;
  enabled: boolean;
  host: string;
  port: number;
  transport: TrunkTransport;
  /** TLS only: verify the server's certificate chain and name (default on). */
  verifyCertificate: boolean;
  username: string;
  authUsername: string;
  hasPassword: boolean;
  fromUser: string;
  fromDomain: string;
  codecs: string[];
  dtmfMode: TrunkDtmfMode;
  maxCalls: number;
  registerExpiryS: number;
  fxoPorts: number[];
}

export type TrunkInput = Omit<TrunkView, "id" | "hasPassword"> & { password: string };

export interface TrunkError {
  code: "invalid" | "taken" | "not_found";
  field?: string;
  message: string;
}

export type TrunkResult<T> = { ok: true; value: T } | { ok: false; error: TrunkError };

export type TrunkChange = { kind: "saved"; id: number } | { kind: "deleted"; id: number };

const CODECS = ["PCMU", "PCMA", "G722", "opus", "G729"];
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$|^\[?[0-9A-Fa-f:.]+\]?$/;
const USER = /^[A-Za-z0-9._+*#-]{0,64}$/;

const invalid = (field: string, message: string) =>
  ({ ok: false, error: { code: "invalid", field, message } }) as const;

/** Creates, lists, changes and deletes trunks; tells listeners about every change. */
export class TrunkService {
  readonly #listeners = new Set<(change: TrunkChange) => void>();

  /** Prepared once: every INVITE from outside the extensions is matched against the peer
   * trunks, and building this wide select each time cost more than the rest of the match. */
  readonly #all;
  /**
   * The enabled peer trunks' hosts and ports, kept until a trunk changes (every write emits).
   * Only these: a view handed out is the caller's (a call takes its codec list), so a match
   * is read anew.
   */
  #peers: { host: string; port: number; id: number }[] | undefined;

  constructor(private readonly db: PbxDatabase) {
    this.#all = db.select().from(trunks).orderBy(asc(trunks.id)).prepare();
  }

  list(): TrunkView[] {
    return this.#all.all().map(viewOf);
  }

  get(id: number): TrunkView | undefined {
    const row = this.db.select().from(trunks).where(eq(trunks.id, id)).get();
    return row && viewOf(row);
  }

  /** The stored client secret, for the trunk manager only. */
  credentials(id: number): { password: string } | undefined {
    const row = this.db
      .select({ password: trunks.password })
      .from(trunks)
      .where(eq(trunks.id, id))
      .get();
    return row;
  }

  create(input: Partial<TrunkInput>): TrunkResult<TrunkView> {
    if (!input.name) return invalid("name", "is required");
    if (!input.kind) return invalid("kind", "is required");
    const merged = { ...DEFAULTS, ...input } as TrunkInput;
    const error = this.#check(merged, undefined);
    if (error) return { ok: false, error };
    const row = this.db.insert(trunks).values(rowOf(merged)).returning().get();
    this.#emit({ kind: "saved", id: row.id });
    return { ok: true, value: viewOf(row) };
  }

  /** Changes the given fields; a missing password keeps the stored one. */
  update(id: number, patch: Partial<TrunkInput>): TrunkResult<TrunkView> {
    const row = this.db.select().from(trunks).where(eq(trunks.id, id)).get();
    if (!row) return { ok: false, error: { code: "not_found", message: "no such trunk" } };
    if (patch.kind !== undefined && patch.kind !== row.kind)
      return invalid("kind", "cannot be changed; create another trunk");
    const merged = { ...viewOf(row), password: row.password, ...patch } as TrunkInput;
    const error = this.#check(merged, id);
    if (error) return { ok: false, error };
    const saved = this.db
      .update(trunks)
      .set(rowOf(merged))
      .where(eq(trunks.id, id))
      .returning()
      .get();
    this.#emit({ kind: "saved", id });
    return { ok: true, value: viewOf(saved) };
  }

  delete(id: number): boolean {
    const gone = this.db.delete(trunks).where(eq(trunks.id, id)).returning().all().length > 0;
    if (gone) this.#emit({ kind: "deleted", id });
    return gone;
  }

  /**
   * SPEC ROUTE-1 site-to-site: the enabled peer trunk whose host is this source address. Several
   * peers may share one address (boxes behind one NAT, or on one host): the one whose port is
   * the source port is taken first, as a peer over UDP sends from the port it listens on; else
   * the first on the address (TCP and TLS come from a passing port, NAT may change it).
   */
  matchPeer(sourceAddress: string, sourcePort?: number): TrunkView | undefined {
    const address = sourceAddress.replace(/^\[|\]$/g, "").toLowerCase();
    // Asked for every incoming INVITE: the peers are kept rather than read each time.
    this.#peers ??= this.list()
      .filter((t) => t.kind === "peer" && t.enabled)
      .map((t) => ({ host: t.host.replace(/^\[|\]$/g, "").toLowerCase(), port: t.port, id: t.id }));
    const peers = this.#peers.filter((p) => p.host === address);
    const match = peers.find((p) => p.port === sourcePort) ?? peers[0];
    return match && this.get(match.id);
  }

  onChange(listener: (change: TrunkChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: TrunkChange): void {
    this.#peers = undefined;
    for (const listener of this.#listeners) listener(change);
  }

  #check(t: TrunkInput, id: number | undefined): TrunkError | undefined {
    const bad = (field: string, message: string): TrunkError => ({
      code: "invalid",
      field,
      message,
    });
    if (t.name.trim() === "" || t.name.length > 40)
      return bad("name", "must be 1 to 40 characters");
    const other = this.db
      .select({ id: trunks.id })
      .from(trunks)
      .where(eq(trunks.name, t.name))
      .get();
    if (other && other.id !== id) return { code: "taken", field: "name", message: "is taken" };
    if (!TRUNK_KINDS.includes(t.kind))
      return bad("kind", `must be one of ${TRUNK_KINDS.join(", ")}`);
    if (!Number.isInteger(t.maxCalls) || t.maxCalls < 0 || t.maxCalls > 1000)
      return bad("maxCalls", "must be 0 (no limit) to 1000");
    if (t.kind === "analog") {
      if (t.fxoPorts.length === 0) return bad("fxoPorts", "needs at least one FXO port");
      if (t.fxoPorts.some((p) => !Number.isInteger(p) || p < 1 || p > 64))
        return bad("fxoPorts", "must be FXO port numbers");
      const taken = this.list().find(
        (o) => o.id !== id && o.kind === "analog" && o.fxoPorts.some((p) => t.fxoPorts.includes(p)),
      );
      if (taken)
        return { code: "taken", field: "fxoPorts", message: `a port is in trunk ${taken.name}` };
      return undefined;
    }
    if (!HOST.test(t.host)) return bad("host", "must be a host name or IP address");
    if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)
      return bad("port", "must be 1 to 65535");
    if (!TRUNK_TRANSPORTS.includes(t.transport)) return bad("transport", "must be UDP, TCP or TLS");
    if (typeof t.verifyCertificate !== "boolean")
      return bad("verifyCertificate", "must be true or false");
    if (!TRUNK_DTMF_MODES.includes(t.dtmfMode))
      return bad("dtmfMode", `must be one of ${TRUNK_DTMF_MODES.join(", ")}`);
    if (t.codecs.length === 0 || t.codecs.some((c) => !CODECS.includes(c)))
      return bad("codecs", `must list codecs from ${CODECS.join(", ")}`);
    for (const field of ["username", "authUsername", "fromUser"] as const)
      if (!USER.test(t[field])) return bad(field, "has characters a SIP user name cannot have");
    if (t.fromDomain !== "" && !HOST.test(t.fromDomain))
      return bad("fromDomain", "must be a host name");
    if (t.kind === "register") {
      if (t.username === "") return bad("username", "is required to register");
      if (t.password === "") return bad("password", "is required to register");
      if (
        !Number.isInteger(t.registerExpiryS) ||
        t.registerExpiryS < 60 ||
        t.registerExpiryS > 86_400
      )
        return bad("registerExpiryS", "must be 60 to 86400 seconds");
    }
    if (t.password.length > 128) return bad("password", "must be at most 128 characters");
    return undefined;
  }
}

const DEFAULTS: Omit<TrunkInput, "name" | "kind"> = {
  enabled: true,
  host: "",
  port: 5060,
  transport: "UDP",
  verifyCertificate: true,
  username: "",
  authUsername: "",
  password: "",
  fromUser: "",
  fromDomain: "",
  codecs: ["PCMU", "PCMA", "G722"],
  dtmfMode: "rfc4733",
  maxCalls: 0,
  registerExpiryS: 3600,
  fxoPorts: [],
};

type Row = typeof trunks.$inferSelect;

function viewOf(row: Row): TrunkView {
  const { password, codecs, fxoPorts, createdAt: _c, ...rest } = row;
  return {
    ...rest,
    hasPassword: password !== "",
    codecs: codecs === "" ? [] : codecs.split(","),
    fxoPorts: fxoPorts === "" ? [] : fxoPorts.split(",").map(Number),
  };
}

function rowOf(t: TrunkInput): Omit<Row, "id" | "createdAt"> {
  return {
    name: t.name.trim(),
    kind: t.kind,
    enabled: t.enabled,
    host: t.host,
    port: t.port,
    transport: t.transport,
    verifyCertificate: t.verifyCertificate,
    username: t.username,
    authUsername: t.authUsername,
    password: t.password,
    fromUser: t.fromUser,
    fromDomain: t.fromDomain,
    codecs: t.codecs.join(","),
    dtmfMode: t.dtmfMode,
    maxCalls: t.maxCalls,
    registerExpiryS: t.registerExpiryS,
    fxoPorts: [...new Set(t.fxoPorts)].sort((a, b) => a - b).join(","),
  };
}
