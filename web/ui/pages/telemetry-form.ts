// SPEC DEV-6: the settings page's card for MQTT telemetry to the vendor's broker: where to
// send, how to log in (the password and the client key are write-only), and whether the link
// is up, with what it last said and how many messages wait on the box.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormActions, useSaveForm } from "../components/form-actions.ts";
import { CheckField, TextAreaField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

interface TelemetryView {
  enabled: boolean;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  passwordSet: boolean;
  caCertificate: string;
  boxId: string;
  healthIntervalS: number;
  remoteCommands: boolean;
  status: { connected: boolean; lastError: string | null; queued: number; dropped: number };
}

// The link's state changes on its own (a broker going away): read again while the page is open.
const STATUS_REFRESH_MS = 5_000;

export function TelemetryCard() {
  const { api } = useApp();
  const [view, setView] = useState<TelemetryView | null>(null);
  useEffect(() => {
    let closed = false;
    const load = () =>
      void api.get<TelemetryView>("/settings/telemetry").then((r) => {
        if (!closed && r.ok) setView(r.data);
      });
    load();
    const timer = setInterval(load, STATUS_REFRESH_MS);
    return () => {
      closed = true;
      clearInterval(timer);
    };
  }, [api]);
  if (!view) return null;
  return html`<${TelemetryForm} view=${view} onSaved=${setView} />`;
}

function TelemetryForm(props: { view: TelemetryView; onSaved: (v: TelemetryView) => void }) {
  const { t, api } = useApp();
  const s = props.view;
  const form = useForm(
    {
      enabled: s.enabled,
      host: s.host,
      port: s.port,
      tls: s.tls,
      username: s.username,
      password: "",
      caCertificate: s.caCertificate,
      boxId: s.boxId,
      healthIntervalS: s.healthIntervalS,
      remoteCommands: s.remoteCommands,
    },
    t,
  );
  const v = form.values;
  const { formRef, onSubmit, busy, refusal, saved } = useSaveForm(
    form,
    t,
    ({ password, ...rest }) =>
      api.put<TelemetryView>("/settings/telemetry", password ? { ...rest, password } : rest),
    props.onSaved,
  );
  const link = s.status;
  const state = !s.enabled ? "off" : link.connected ? "connected" : "disconnected";
  return html`<form class="card form" ref=${formRef} onSubmit=${onSubmit} noValidate data-section="telemetry">
    <h2>${t("set.telemetry")}</h2>
    <p class="muted" data-telemetry-state=${state}>
      ${t(`set.telemetry.${state}`)}${link.lastError && state === "disconnected" ? `: ${link.lastError}` : ""}
      ${link.queued > 0 ? ` · ${t("set.telemetry.queued", { count: link.queued })}` : ""}
      ${link.dropped > 0 ? ` · ${t("set.telemetry.dropped", { count: link.dropped })}` : ""}
    </p>
    <${CheckField} name="enabled" label=${t("set.telemetry.enabled")} checked=${v.enabled} onChange=${(x: boolean) => form.set("enabled", x)} />
    <${TextField} name="host" label=${t("set.telemetry.host")} value=${v.host} placeholder="mqtt.example.com" error=${form.errors.host} onInput=${(x: string) => form.set("host", x)} />
    <${TextField} name="port" type="number" label=${t("set.telemetry.port")} value=${v.port} min=${1} max=${65535} hint=${t("form.range", { min: 1, max: 65535 })} error=${form.errors.port} onInput=${(x: string) => form.set("port", Number(x))} />
    <${CheckField} name="tls" label=${t("set.telemetry.tls")} checked=${v.tls} onChange=${(x: boolean) => form.set("tls", x)} />
    <${TextField} name="username" label=${t("set.telemetry.username")} value=${v.username} error=${form.errors.username} onInput=${(x: string) => form.set("username", x)} />
    <${TextField} name="password" type="password" label=${t("set.telemetry.password")} hint=${s.passwordSet ? t("set.smtpPasswordSet") : undefined} value=${v.password} autocomplete="new-password" error=${form.errors.password} onInput=${(x: string) => form.set("password", x)} />
    <${TextAreaField} name="caCertificate" label=${t("set.telemetry.ca")} value=${v.caCertificate} placeholder="-----BEGIN CERTIFICATE-----" hint=${t("set.telemetry.caHint")} error=${form.errors.caCertificate} onInput=${(x: string) => form.set("caCertificate", x)} />
    <${TextField} name="boxId" label=${t("set.telemetry.boxId")} value=${v.boxId} hint=${t("set.telemetry.boxIdHint")} error=${form.errors.boxId} onInput=${(x: string) => form.set("boxId", x)} />
    <${TextField} name="healthIntervalS" type="number" label=${t("set.telemetry.interval")} value=${v.healthIntervalS} min=${1} max=${86400} hint=${t("form.range", { min: 1, max: 86400 })} error=${form.errors.healthIntervalS} onInput=${(x: string) => form.set("healthIntervalS", Number(x))} />
    <${CheckField} name="remoteCommands" label=${t("set.telemetry.commands")} hint=${t("set.telemetry.commandsHint")} checked=${v.remoteCommands} onChange=${(x: boolean) => form.set("remoteCommands", x)} />
    ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
  </form>`;
}
