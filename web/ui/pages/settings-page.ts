// SPEC WEB-3: the admin's settings: the box's language (WEB-4), time zone, the fallback
// domain put in QR codes and the SMTP server they are mailed through (EXT-4), and the
// network facts phones need, and telemetry to the vendor's broker (DEV-6).
import { html } from "htm/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormActions, useSaveForm } from "../components/form-actions.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";
import { StorageCard } from "./storage-card.ts";
import { TelemetryCard } from "./telemetry-form.ts";
import { TimeCard } from "./time-card.ts";

/** The IANA zones this browser knows, grouped by region, with the current one kept. */
function timeZoneChoices(current: string) {
  const known: string[] =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ??
    [];
  const zones = known.includes(current) || current === "" ? known : [current, ...known];
  if (!zones.includes("UTC")) zones.push("UTC");
  return zones.map((zone) => ({
    value: zone,
    label: zone.replaceAll("_", " "),
    group: zone.includes("/") ? zone.slice(0, zone.indexOf("/")) : undefined,
  }));
}

interface Settings {
  language: string;
  timeZone: string;
  fallbackDomain: string;
  smtp: {
    host: string;
    port: number;
    security: string;
    username: string;
    from: string;
    passwordSet: boolean;
  };
}

interface Network {
  hostname: string;
  lanAddress: string;
  sipPort: number;
  sipTlsPort: number;
  sipWsPort: number;
  httpPort: number;
  httpsPort: number;
  rtpPorts: string;
}

export function SettingsPage() {
  const { t, api } = useApp();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [network, setNetwork] = useState<Network | null>(null);
  useEffect(() => {
    void api.get<Settings>("/settings").then((r) => r.ok && setSettings(r.data));
    void api.get<Network>("/settings/network").then((r) => r.ok && setNetwork(r.data));
  }, [api]);
  if (!settings) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page">
    <h1>${t("set.title")}</h1>
    <div class="grid">
      <${GeneralForm} settings=${settings} />
      <${SmtpForm} settings=${settings} />
      <${TelemetryCard} />
      <${StorageCard} />
      <${TimeCard} timeZone=${settings.timeZone} />
      ${
        network
          ? html`<div class="card" data-section="network">
            <h2>${t("set.network")}</h2>
            <dl class="facts">
              <dt>${t("set.hostname")}</dt><dd>${network.hostname}</dd>
              <dt>${t("set.lanAddress")}</dt><dd>${network.lanAddress}</dd>
              <dt>${t("set.sipPorts")}</dt><dd>${network.sipPort}, ${network.sipTlsPort}, ${network.sipWsPort}</dd>
              <dt>${t("set.webPorts")}</dt><dd>${network.httpPort}, ${network.httpsPort}</dd>
              <dt>${t("set.rtpPorts")}</dt><dd>${network.rtpPorts}</dd>
            </dl>
          </div>`
          : null
      }
    </div>
  </section>`;
}

function GeneralForm(props: { settings: Settings }) {
  const { t, api } = useApp();
  const s = props.settings;
  const form = useForm(
    { language: s.language, timeZone: s.timeZone, fallbackDomain: s.fallbackDomain },
    t,
  );
  const v = form.values;
  const zones = useMemo(() => timeZoneChoices(s.timeZone), [s.timeZone]);
  const { formRef, onSubmit, busy, refusal, saved } = useSaveForm(form, t, (values) =>
    api.patch("/settings", values),
  );
  return html`<form class="card form" ref=${formRef} onSubmit=${onSubmit} noValidate data-section="general">
    <h2>${t("set.general")}</h2>
    <${SelectField}
      name="language"
      label=${t("set.language")}
      value=${v.language}
      options=${[{ value: "zh", label: t("lang.zh") }, { value: "en", label: t("lang.en") }]}
      onChange=${(x: string) => form.set("language", x)}
    />
    <${SelectField} name="timeZone" label=${t("set.timeZone")} value=${v.timeZone} options=${zones} error=${form.errors.timeZone} onChange=${(x: string) => form.set("timeZone", x)} />
    <${TextField} name="fallbackDomain" label=${t("set.fallbackDomain")} value=${v.fallbackDomain} placeholder="pbx.example.com" error=${form.errors.fallbackDomain} onInput=${(x: string) => form.set("fallbackDomain", x)} />
    ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
  </form>`;
}

function SmtpForm(props: { settings: Settings }) {
  const { t, api } = useApp();
  const s = props.settings.smtp;
  const form = useForm(
    {
      host: s.host,
      port: s.port,
      security: s.security,
      username: s.username,
      password: "",
      from: s.from,
    },
    t,
  );
  const v = form.values;
  const { formRef, onSubmit, busy, refusal, saved } = useSaveForm(
    form,
    t,
    ({ password, ...rest }) => api.put("/settings/smtp", password ? { ...rest, password } : rest),
  );
  return html`<form class="card form" ref=${formRef} onSubmit=${onSubmit} noValidate data-section="smtp">
    <h2>${t("set.smtp")}</h2>
    <${TextField} name="host" label=${t("set.smtpHost")} value=${v.host} placeholder="smtp.example.com" error=${form.errors.host} onInput=${(x: string) => form.set("host", x)} />
    <${TextField} name="port" type="number" label=${t("set.smtpPort")} value=${v.port} min=${1} max=${65535} hint=${t("form.range", { min: 1, max: 65535 })} error=${form.errors.port} onInput=${(x: string) => form.set("port", Number(x))} />
    <${SelectField}
      name="security"
      label=${t("set.smtpSecurity")}
      value=${v.security}
      options=${["none", "starttls", "tls"].map((x) => ({ value: x, label: t(`set.security.${x}` as "set.security.none") }))}
      onChange=${(x: string) => form.set("security", x)}
    />
    <${TextField} name="username" label=${t("set.smtpUsername")} value=${v.username} error=${form.errors.username} onInput=${(x: string) => form.set("username", x)} />
    <${TextField} name="password" type="password" label=${t("set.smtpPassword")} hint=${s.passwordSet ? t("set.smtpPasswordSet") : undefined} value=${v.password} autocomplete="new-password" onInput=${(x: string) => form.set("password", x)} />
    <${TextField} name="from" label=${t("set.smtpFrom")} value=${v.from} placeholder="pbx@example.com" error=${form.errors.from} onInput=${(x: string) => form.set("from", x)} />
    ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
  </form>`;
}
