// SPEC ROUTE-1, ROUTE-2: the `trunk` channel kind. Opening it takes one of the trunk's channels
// (its max concurrent calls) and places an INVITE toward the trunk's host, port and transport,
// on relay side b, offering the trunk's codecs in its order. From carries the account (the
// trunk's From user and domain: providers check it) and answers a challenge with the trunk's
// credentials; the route's caller ID goes in P-Asserted-Identity (RFC 3325), and a peer
// trunk (another PBX, no account) gets it in From. The channel is given back when the leg ends.

import { isIP } from "node:net";
import type { ChannelOpener } from "./call-engine.ts";
import { LegMedia } from "./leg-media.ts";
import { SipCalleeLeg } from "./sip-callee-leg.ts";

/** A trunk as its channel needs it (firmware/trunks' `TrunkView`). */
export interface ChannelTrunk {
  name: string;
  kind: "register" | "peer" | "analog";
  host: string;
  port: number;
  transport: "UDP" | "TCP" | "TLS";
  /** TLS: check the far end's certificate chain and name (absent: checked). */
  verifyCertificate?: boolean;
  username: string;
  authUsername: string;
  fromUser: string;
  fromDomain: string;
  codecs: readonly string[];
  dtmfMode: string;
}

export interface TrunkChannelSource {
  trunk(id: number): ChannelTrunk | undefined;
  credentials(id: number): { password: string } | undefined;
  acquire(
    id: number,
  ):
    | { ok: true; release: () => void }
    | { ok: false; reason: "unknown-trunk" | "disabled" | "all-busy" };
  /** The trunk host's address when it is a name (undefined: not resolved). */
  resolve?(host: string): string | undefined;
}

/** Opens calls on SIP trunks (register and peer); analog trunks are FXO candidates instead. */
export function trunkChannel(source: TrunkChannelSource): ChannelOpener {
  return (candidate, opening) => {
    if (candidate.channel.kind !== "trunk") return { status: 404 };
    const id = Number(candidate.channel.trunk);
    const trunk = source.trunk(id);
    if (!trunk || trunk.kind === "analog") return { status: 404 };
    const address = isIP(trunk.host) ? trunk.host : source.resolve?.(trunk.host);
    if (address === undefined) return { status: 503 };
    const channel = source.acquire(id);
    if (!channel.ok) return { status: channel.reason === "all-busy" ? 503 : 404 };
    const host = trunk.host.includes(":") ? `[${trunk.host}]` : trunk.host;
    const domain = trunk.fromDomain || host;
    const account = trunk.fromUser || trunk.username;
    const callerId = candidate.callerId;
    const fromUser = trunk.kind === "peer" ? callerId || account || opening.caller.number : account;
    const password = source.credentials(id)?.password;
    const transport =
      trunk.transport === "UDP" ? "" : `;transport=${trunk.transport.toLowerCase()}`;
    const media = new LegMedia(opening.media.session.b, opening.media.address, trunk.codecs);
    const leg = new SipCalleeLeg(
      opening.id,
      {
        uri: `sip:${candidate.digits}@${host}:${trunk.port}${transport}`,
        flow: {
          protocol: trunk.transport,
          address,
          port: trunk.port,
          ...(trunk.transport === "TLS"
            ? { tls: { serverName: trunk.host, verify: trunk.verifyCertificate !== false } }
            : {}),
        },
        number: candidate.digits,
        domain,
        toUri: `sip:${candidate.digits}@${domain}`,
        fromUri: `sip:${fromUser}@${domain}`,
        ...(password
          ? { credentials: { username: trunk.authUsername || trunk.username, password } }
          : {}),
        ...(callerId && callerId !== fromUser
          ? { headers: [["p-asserted-identity", `<sip:${callerId}@${domain}>`]] as const }
          : {}),
      },
      media,
      trunk.dtmfMode,
      opening.sip,
      media.offer(),
      { side: "b", internal: false },
    );
    return { leg, release: channel.release, trunk: trunk.name };
  };
}
