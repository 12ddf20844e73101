// SPEC STAT-1: the system status dashboard: CPU and memory use, model and firmware version,
// USB storage, uptime, and concurrent calls over the last 12 seconds (sampled each second).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CallsChart, CHART_SECONDS } from "../components/calls-chart.ts";
import { formatBytes, formatUptime } from "../format.ts";

interface Status {
  model: string;
  firmwareVersion: string;
  uptimeS: number;
  cpuPercent: number;
  memoryTotalBytes: number;
  memoryUsedBytes: number;
  usb: {
    device: string;
    mountPoint: string;
    sizeBytes: number;
    freeBytes: number;
    fsType: string;
  }[];
  calls: number;
  callLimit: { limit: number; refused: number };
}

const SAMPLE_MS = 1000;

function Meter(props: { label: string; percent: number; detail?: string; name: string }) {
  const level = props.percent >= 90 ? "high" : props.percent >= 70 ? "mid" : "low";
  return html`<div class="meter" data-stat=${props.name}>
    <div class="meter-head"><span>${props.label}</span><strong>${props.percent.toFixed(1)}%</strong></div>
    <div class="meter-bar"><div class=${`meter-fill ${level}`} style=${{ width: `${Math.min(100, props.percent)}%` }}></div></div>
    ${props.detail ? html`<small>${props.detail}</small>` : null}
  </div>`;
}

export function StatusPage() {
  const { t, api } = useApp();
  const [status, setStatus] = useState<Status | null>(null);
  const [samples, setSamples] = useState<number[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      const r = await api.get<Status>("/status");
      if (stopped) return;
      if (!r.ok) {
        setError(r.message);
        return;
      }
      setError("");
      setStatus(r.data);
      setSamples((s) => [...s, r.data.calls].slice(-CHART_SECONDS));
    };
    void poll();
    const timer = setInterval(poll, SAMPLE_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api]);

  useEffect(() => {
    if (status) performance.mark("pbx:status-rendered");
  }, [status !== null]);

  if (!status) return html`<p>${error ? t("app.error", { message: error }) : t("app.loading")}</p>`;
  const memPercent = (status.memoryUsedBytes / Math.max(1, status.memoryTotalBytes)) * 100;
  return html`<section class="page" data-ready="true">
    <h1>${t("status.title")}</h1>
    <div class="grid">
      <div class="card">
        <${Meter} name="cpu" label=${t("status.cpu")} percent=${status.cpuPercent} />
        <${Meter}
          name="memory"
          label=${t("status.memory")}
          percent=${memPercent}
          detail=${`${formatBytes(status.memoryUsedBytes)} / ${formatBytes(status.memoryTotalBytes)}`}
        />
      </div>
      <div class="card">
        <dl class="facts">
          <dt>${t("status.model")}</dt><dd data-stat="model">${status.model}</dd>
          <dt>${t("status.firmware")}</dt><dd data-stat="firmware">${status.firmwareVersion}</dd>
          <dt>${t("status.uptime")}</dt><dd data-stat="uptime">${formatUptime(t, status.uptimeS)}</dd>
          <dt>${t("status.usb")}</dt>
          <dd data-stat="usb">
            ${
              status.usb.length === 0
                ? t("status.usbNone")
                : status.usb.map(
                    (u) =>
                      html`<div key=${u.device}>${u.device}: ${t("status.usbFree", {
                        free: formatBytes(u.freeBytes),
                        size: formatBytes(u.sizeBytes),
                        fs: u.fsType,
                        mount: u.mountPoint,
                      })}</div>`,
                  )
            }
          </dd>
        </dl>
      </div>
      <div class="card wide">
        <div class="card-head"><h2>${t("status.calls")}</h2><span data-stat="calls">${t("status.callsNow", { count: status.calls })}</span></div>
        <${CallsChart} samples=${samples} label=${t("status.calls")} />
        ${
          status.callLimit.refused > 0
            ? html`<p class="notice" role="status" data-stat="calls-refused">${t("status.callsRefused", status.callLimit)}</p>`
            : null
        }
      </div>
    </div>
  </section>`;
}
