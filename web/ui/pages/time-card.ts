// The settings page's card for the box's time: the time now and where it comes from (NTP, the
// RTC, the system clock), the last sync or why none answered, and the NTP servers the admin
// sets (in order; none turns NTP off) with how often they are asked. Saving asks them at once.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { ApiResult } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { FormActions, useSaveForm } from "../components/form-actions.ts";
import { TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

interface TimeView {
  now: string;
  source: "system" | "rtc" | "ntp";
  server: string | null;
  lastSyncAt: string | null;
  offsetMs: number | null;
  lastError: string;
  ntpServers: string[];
  intervalS: number;
}

const serversOf = (text: string) => text.split(/[\s,]+/).filter((s) => s !== "");

export function TimeCard(props: { timeZone: string }) {
  const { api } = useApp();
  const [view, setView] = useState<TimeView | null>(null);
  useEffect(() => {
    void api.get<TimeView>("/time").then((r) => r.ok && setView(r.data));
  }, [api]);
  if (!view) return null;
  return html`<${TimeForm} view=${view} timeZone=${props.timeZone} onView=${setView} />`;
}

function TimeForm(props: { view: TimeView; timeZone: string; onView: (v: TimeView) => void }) {
  const { t, api } = useApp();
  const v0 = props.view;
  const form = useForm({ ntpServers: v0.ntpServers.join(", "), intervalS: v0.intervalS }, t);
  const v = form.values;
  const { formRef, onSubmit, busy, refusal, saved } = useSaveForm(
    form,
    t,
    async (values) => {
      const r: ApiResult<TimeView> = await api.put<TimeView>("/time", {
        ntpServers: serversOf(values.ntpServers),
        intervalS: values.intervalS,
      });
      // "ntpServers.1" names one server of the list: the message goes beside the one field.
      return r.ok || !r.field?.startsWith("ntpServers") ? r : { ...r, field: "ntpServers" };
    },
    props.onView,
  );
  const view = props.view;
  const when = (iso: string) =>
    new Date(iso).toLocaleString(undefined, { timeZone: props.timeZone });
  return html`<form class="card form" ref=${formRef} onSubmit=${onSubmit} noValidate data-section="time">
    <h2>${t("set.time")}</h2>
    <dl class="facts">
      <dt>${t("set.time.now")}</dt><dd data-time-now>${when(view.now)}</dd>
      <dt>${t("set.time.source")}</dt><dd data-time-source=${view.source}>${t(`set.time.source.${view.source}` as "set.time.source.ntp")}</dd>
      ${
        view.lastSyncAt
          ? html`<dt>${t("set.time.lastSync")}</dt><dd data-last-sync>${t("set.time.synced", {
              server: view.server ?? "",
              when: when(view.lastSyncAt),
              offset: ((view.offsetMs ?? 0) / 1000).toFixed(3),
            })}</dd>`
          : null
      }
    </dl>
    ${view.lastError ? html`<p class="form-error" role="alert" data-time-error>${t("set.time.noAnswer", { errors: view.lastError })}</p>` : null}
    <${TextField} name="ntpServers" label=${t("set.time.servers")} hint=${t("set.time.serversHint")} value=${v.ntpServers} placeholder="cn.pool.ntp.org, ntp.aliyun.com" error=${form.errors.ntpServers} onInput=${(x: string) => form.set("ntpServers", x)} />
    <${TextField} name="intervalS" type="number" label=${t("set.time.interval")} value=${v.intervalS} min=${64} max=${86400} hint=${t("form.range", { min: 64, max: 86400 })} error=${form.errors.intervalS} onInput=${(x: string) => form.set("intervalS", Number(x))} />
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} label=${t("set.time.saveSync")} />
  </form>`;
}
