// SPEC DEV-2, EXT-5: diagnostics of one analog port (#/port-diagnostics?port=fxs1): the figures
// its SLIC or DAA measures, refreshed every second, a hint in words for each value out of range,
// and on FXS ports the installer's tests: ring, caller ID, and DTMF keys shown as they arrive.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { PortDiagnosticsView } from "../../../firmware/ports/port-diagnostics.ts";
import type { ApiResult } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import type { MessageKey } from "../i18n/en.ts";

const PORT = /^(fxs|fxo)[1-9][0-9]?$/;
const REFRESH_MS = 1000;

/** The port named in the hash's query, "fxs1" when none. */
function portFromHash(): string {
  const query = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const port = query.get("port") ?? "";
  return PORT.test(port) ? port : "fxs1";
}

export function PortDiagnosticsPage() {
  const { t, api } = useApp();
  const [port, setPort] = useState(portFromHash);
  const [ports, setPorts] = useState<string[]>([]);
  const [view, setView] = useState<PortDiagnosticsView | null>(null);
  const [missing, setMissing] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [number, setNumber] = useState("13800138000");

  const load = useCallback(async () => {
    const r = await api.get<PortDiagnosticsView>(`/ports/${port}/diagnostics`);
    setMissing(!r.ok && r.status === 404);
    if (r.ok) setView(r.data);
  }, [api, port]);

  useEffect(() => {
    void api.get<{ items: { port: string }[] }>("/ports").then((r) => {
      if (r.ok) setPorts(r.data.items.map((p) => p.port));
    });
  }, [api]);
  useEffect(() => {
    const onHash = () => setPort(portFromHash());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    setView(null);
    setRefusal(null);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (send: () => Promise<ApiResult<PortDiagnosticsView>>) => {
    setRefusal(null);
    const r = await send();
    if (r.ok) {
      setView(r.data);
      return;
    }
    const reason = (r.params as { reason?: string } | undefined)?.reason;
    if (r.field === "number") setRefusal(t("diag.badNumber"));
    else setRefusal(reason ? t(`diag.refused.${reason}` as MessageKey) : r.message);
  };

  const figure = (value: number | null | undefined, unit: string) =>
    value === null || value === undefined ? "—" : `${value} ${unit}`;
  const polarity = (p: "normal" | "reversed" | null) =>
    p === null ? "—" : t(p === "normal" ? "diag.polarity.normal" : "diag.polarity.reversed");
  const row = (label: MessageKey, value: string, name: string) =>
    html`<tr data-figure=${name}><th>${t(label)}</th><td>${value}</td></tr>`;

  return html`<section class="page" data-port=${port}>
    <h1>${t("diag.title")} · ${port.toUpperCase()}</h1>
    <p class="port-picker">
      ${ports.map(
        (p) =>
          html`<a key=${p} href=${`#/port-diagnostics?port=${p}`} data-port-link=${p} class=${p === port ? "active" : ""}>${p.toUpperCase()}</a> `,
      )}
    </p>
    ${missing ? html`<p class="muted">${t("diag.noPort")}</p>` : null}
    ${!view && !missing ? html`<p>${t("app.loading")}</p>` : null}
    ${
      view
        ? html`
      <p data-state=${view.state}>${t("diag.state")}: ${t(`port.${view.state}` as MessageKey)}</p>
      ${
        view.hints.length > 0
          ? html`<ul class="hints" role="alert">${view.hints.map(
              (h) =>
                html`<li key=${h.code} data-hint=${h.code}>⚠ ${t(`diag.hint.${view.type}.${h.code}` as MessageKey)}</li>`,
            )}</ul>`
          : html`<p class="note" data-hint="none">${t("diag.allGood")}</p>`
      }
      <div class="table-wrap"><table class="table figures"><tbody>
        ${
          view.type === "fxs"
            ? html`
          ${row("diag.hook", t(view.hook === "off" ? "diag.hook.off" : "diag.hook.on"), "hook")}
          ${row("diag.lineVoltage", figure(view.lineVoltageV, "V"), "lineVoltageV")}
          ${row("diag.loopCurrent", figure(view.loopCurrentMa, "mA"), "loopCurrentMa")}
          ${row("diag.onHookVoltage", figure(view.onHookVoltageV, "V"), "onHookVoltageV")}
          ${row("diag.offHookVoltage", figure(view.offHookVoltageV, "V"), "offHookVoltageV")}
          ${row("diag.offHookCurrent", figure(view.offHookLoopCurrentMa, "mA"), "offHookLoopCurrentMa")}
          ${row("diag.polarity", polarity(view.polarity), "polarity")}`
            : html`
          ${row("diag.linePresent", t(view.lineConnected ? "app.yes" : "app.no"), "lineConnected")}
          ${row("diag.lineVoltage", figure(view.lineVoltageV, "V"), "lineVoltageV")}
          ${row("diag.polarity", polarity(view.polarity), "polarity")}
          ${row("diag.seizedCurrent", figure(view.loopCurrentMa, "mA"), "loopCurrentMa")}
          ${row("diag.ringCount", String(view.ringCount), "ringCount")}
          ${row("diag.ringCadence", view.ringCadenceMs.length > 0 ? view.ringCadenceMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(" / ") : "—", "ringCadenceMs")}
          ${row("diag.lastCallerId", view.lastCallerId?.number ?? "—", "lastCallerId")}`
        }
      </tbody></table></div>
      ${
        view.type === "fxs"
          ? html`<div class="tests">
        <h2>${t("diag.tests")}</h2>
        <p>
          <button type="button" class="button" data-action="ring-test" onClick=${() => act(() => api.post(`/ports/${port}/tests/ring`))}>${t("diag.ringTest")}</button>
        </p>
        <p>
          <label>${t("diag.callerIdNumber")} <input name="callerIdNumber" value=${number} onInput=${(e: Event) => setNumber((e.target as HTMLInputElement).value)} /></label>
          <button type="button" class="button" data-action="caller-id-test" onClick=${() => act(() => api.post(`/ports/${port}/tests/caller-id`, { number }))}>${t("diag.callerIdTest")}</button>
        </p>
        <p>
          <button type="button" class="button" data-action="dtmf-test" onClick=${() => act(() => api.post(`/ports/${port}/tests/dtmf`))}>${t("diag.dtmfTest")}</button>
          ${view.test ? html` <button type="button" class="link" data-action="stop-test" onClick=${() => act(() => api.delete(`/ports/${port}/tests`) as unknown as Promise<ApiResult<PortDiagnosticsView>>)}>${t("diag.stopTest")}</button>` : null}
        </p>
        ${refusal ? html`<p class="error" role="alert" data-refusal>${refusal}</p>` : null}
        ${
          view.test
            ? html`<p class="note" data-test=${view.test.kind}>${
                view.test.kind === "dtmf"
                  ? html`${t("diag.dtmfRunning")} <strong data-digits>${view.test.digits || "…"}</strong>`
                  : t(view.test.kind === "ring" ? "diag.ringRunning" : "diag.callerIdRunning")
              }</p>`
            : null
        }
      </div>`
          : null
      }`
        : null
    }
  </section>`;
}
