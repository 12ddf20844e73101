// SPEC STAT-2, STAT-3: every extension with its state colour, live: the page reads
// /connections once and then follows /events (Server-Sent Events from the event bus), so a
// phone registering turns its tile green without a reload. Trunks and analog ports below.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import type { MessageKey } from "../i18n/en.ts";
import { trunkStateText } from "./trunks-page.ts";

interface ExtensionTile {
  number: string;
  name: string;
  kind: "ip" | "analog";
  state: "online" | "ringing" | "busy" | "offline";
  /** BLF keys and presence lists watching it (SPEC PROV-3). */
  watchers?: number;
}

interface Connections {
  extensions: ExtensionTile[];
  trunks: TrunkTile[];
  ports: { port: string; channel: number; type: string; state: string }[];
  /** CALL-9: calls waiting in park slots. */
  parked: { slot: string; parked: string; parker: string; since: string }[];
}

interface TrunkTile {
  id: number;
  name: string;
  kind: string;
  host: string;
  state: string;
  reason: string | null;
}

const STATES = ["online", "ringing", "busy", "offline"] as const;
/** A trunk's state as a tile colour (SPEC STAT-3: registered or not, reachable or not). */
const TRUNK_COLOUR: Record<string, string> = {
  registered: "online",
  peer: "online",
  analog: "online",
  registering: "ringing",
  failed: "offline",
  unreachable: "offline",
  stopped: "offline",
  disabled: "offline",
};
const PORT_COLOUR: Record<string, string> = {
  idle: "online",
  ringing: "ringing",
  "off-hook": "busy",
  "in-use": "busy",
  faulty: "offline",
};

export function ConnectionsPage() {
  const { t, api } = useApp();
  const [data, setData] = useState<Connections | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    let closed = false;
    const load = async () => {
      const r = await api.get<Connections>("/connections");
      if (!closed && r.ok) setData(r.data);
    };
    const source = new EventSource(`${API_BASE}/events`);
    source.addEventListener("ready", () => {
      setLive(true);
      // Changes made while the stream was down are picked up by reading the list again.
      void load();
    });
    // A park or a retrieval changes an extension's state: the parked list is read again then.
    let reload: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("extension", () => {
      clearTimeout(reload);
      reload = setTimeout(() => void load(), 300);
    });
    source.addEventListener("extension", (e) => {
      const change = JSON.parse((e as MessageEvent<string>).data) as {
        number: string;
        state: ExtensionTile["state"];
      };
      setData(
        (d) =>
          d && {
            ...d,
            extensions: d.extensions.map((x) =>
              x.number === change.number ? { ...x, state: change.state } : x,
            ),
          },
      );
    });
    source.addEventListener("trunk", (e) => {
      const change = JSON.parse((e as MessageEvent<string>).data) as {
        id: number;
        state: string;
        reason?: string;
      };
      setData(
        (d) =>
          d && {
            ...d,
            trunks: d.trunks.map((x) =>
              x.id === change.id ? { ...x, state: change.state, reason: change.reason ?? null } : x,
            ),
          },
      );
    });
    source.onerror = () => setLive(false);
    return () => {
      closed = true;
      clearTimeout(reload);
      source.close();
    };
  }, [api]);

  if (!data) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page">
    <div class="page-head">
      <h1>${t("conn.title")}</h1>
      <span class=${`live ${live ? "on" : "off"}`} data-live=${live}>${live ? t("conn.live") : t("conn.reconnecting")}</span>
    </div>
    <div class="legend">
      ${STATES.map((s) => html`<span key=${s} class=${`dot-label state-${s}`}>${t(`state.${s}` as MessageKey)}</span>`)}
    </div>
    <h2>${t("conn.extensions")}</h2>
    ${
      data.extensions.length === 0
        ? html`<p class="muted">${t("conn.none")}</p>`
        : html`<div class="tiles">
          ${data.extensions.map(
            (
              x,
            ) => html`<div key=${x.number} class=${`tile state-${x.state}`} data-extension=${x.number} data-state=${x.state} title=${t(`state.${x.state}` as MessageKey)}>
              <strong>${x.number}</strong>
              <small>${x.name || t(`kind.${x.kind}` as MessageKey)}</small>
              ${x.watchers ? html`<small class="watchers" data-watchers=${x.watchers}>${t("conn.watchers", { count: x.watchers })}</small>` : ""}
            </div>`,
          )}
        </div>`
    }
    ${
      data.parked.length > 0
        ? html`<h2>${t("conn.parked")}</h2>
          <div class="tiles" data-section="parked">
            ${data.parked.map(
              (p) => html`<div key=${p.slot} class="tile state-ringing" data-parked-slot=${p.slot}>
                <strong>${p.slot}</strong>
                <small>${t("conn.parkedWho", { parked: p.parked, parker: p.parker })}</small>
                <small>${new Date(p.since).toLocaleTimeString()}</small>
              </div>`,
            )}
          </div>`
        : null
    }
    <h2>${t("conn.trunks")}</h2>
    ${
      data.trunks.length === 0
        ? html`<p class="muted">${t("conn.trunkNone")}</p>`
        : html`<div class="tiles">
          ${data.trunks.map(
            (
              x,
            ) => html`<div key=${x.id} class=${`tile state-${TRUNK_COLOUR[x.state] ?? "offline"}`} data-trunk=${x.name} data-state=${x.state} title=${x.reason ?? ""}>
              <strong>${x.name}</strong>
              <small>${trunkStateText(t, x.state, x.reason)}</small>
            </div>`,
          )}
        </div>`
    }
    <h2>${t("conn.ports")}</h2>
    ${
      data.ports.length === 0
        ? html`<p class="muted">${t("conn.none")}</p>`
        : html`<div class="tiles">
          ${data.ports.map(
            (
              p,
            ) => html`<div key=${p.port} class=${`tile state-${PORT_COLOUR[p.state] ?? "offline"}`} data-port=${p.port} data-state=${p.state}>
              <strong>${p.type} ${p.channel}</strong>
              <small>${t(`port.${p.state}` as MessageKey)}</small>
              <a href=${`#/port-diagnostics?port=${p.port}`} data-action="diagnostics">${t("diag.open")}</a>
            </div>`,
          )}
        </div>`
    }
  </section>`;
}
