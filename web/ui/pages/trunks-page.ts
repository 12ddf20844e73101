// SPEC ROUTE-1: trunks. A register trunk logs in to a provider (or another box) and shows its
// registration state; a peer trunk links two boxes by address; an analog trunk groups FXO
// lines. The password is write-only: left empty when editing, the stored one is kept.
import { html } from "htm/preact";
import { useApp } from "../app-context.ts";
import { type Item, type ResourceConfig, ResourcePage } from "../components/resource-page.ts";
import type { MessageKey } from "../i18n/en.ts";

const voip = (v: Record<string, unknown>) => v.kind !== "analog";

/** "registered" or "failed: 403 Forbidden", in the page's language. */
export function trunkStateText(
  t: (k: MessageKey) => string,
  state: string,
  reason?: string | null,
) {
  const label = t(`trunkState.${state}` as MessageKey);
  return reason ? `${label}: ${reason}` : label;
}

export function TrunksPage() {
  const { t } = useApp();
  const config: ResourceConfig = {
    path: "/trunks",
    kind: "trunk",
    title: "trunk.title",
    add: "trunk.add",
    empty: "trunk.empty",
    columns: [
      { label: "trunk.name", value: (i) => String(i.name) },
      { label: "trunk.kind", value: (i) => t(`trunkKind.${i.kind}` as MessageKey) },
      {
        label: "trunk.host",
        value: (i) =>
          i.kind === "analog"
            ? `FXO ${(i.fxoPorts as number[]).join(", ")}`
            : `${i.host}:${i.port}`,
      },
      {
        label: "trunk.status",
        value: (i) => {
          const s = i.status as { state: string; reason?: string };
          return trunkStateText(t, s.state, s.reason);
        },
      },
    ],
    fields: [
      { name: "name", label: "trunk.name", kind: "text" },
      {
        name: "kind",
        label: "trunk.kind",
        kind: "select",
        options: ["register", "peer", "analog"],
        optionLabel: "trunkKind",
        createOnly: true,
      },
      { name: "enabled", label: "trunk.enabled", kind: "check" },
      { name: "host", label: "trunk.host", kind: "text", when: voip },
      { name: "port", label: "trunk.port", kind: "number", when: voip },
      {
        name: "transport",
        label: "trunk.transport",
        kind: "select",
        options: ["UDP", "TCP", "TLS"],
        when: voip,
      },
      {
        name: "verifyCertificate",
        label: "trunk.verifyCertificate",
        kind: "check",
        hint: "trunk.verifyCertificateHint",
        when: (v) => voip(v) && v.transport === "TLS",
      },
      { name: "username", label: "trunk.username", kind: "text", when: voip },
      {
        name: "authUsername",
        label: "trunk.authUsername",
        kind: "text",
        when: (v) => v.kind === "register",
      },
      {
        name: "password",
        label: "trunk.password",
        kind: "password",
        hint: "trunk.passwordHint",
        when: (v) => v.kind === "register",
      },
      { name: "fromUser", label: "trunk.fromUser", kind: "text", when: voip },
      { name: "fromDomain", label: "trunk.fromDomain", kind: "text", when: voip },
      { name: "codecs", label: "trunk.codecs", kind: "order", lookup: "codecs", when: voip },
      {
        name: "dtmfMode",
        label: "trunk.dtmfMode",
        kind: "select",
        options: ["rfc4733", "info", "inband"],
        when: voip,
      },
      { name: "maxCalls", label: "trunk.maxCalls", kind: "number", hint: "trunk.maxCallsHint" },
      {
        name: "registerExpiryS",
        label: "trunk.expiry",
        kind: "number",
        when: (v) => v.kind === "register",
      },
      {
        name: "fxoPorts",
        label: "trunk.fxoPorts",
        kind: "text",
        hint: "trunk.fxoPortsHint",
        when: (v) => v.kind === "analog",
      },
    ],
    defaults: {
      name: "",
      kind: "register",
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
      fxoPorts: "",
    },
    lookups: { codecs: ["PCMU", "PCMA", "G722", "opus", "G729"] },
    fromItem: (i: Item) => ({
      ...i,
      password: "",
      fxoPorts: ((i.fxoPorts as number[]) ?? []).join(","),
    }),
    toBody: (v, editing) => {
      const body: Record<string, unknown> = { ...v };
      if (editing && body.password === "") delete body.password;
      if (typeof body.fxoPorts === "string")
        body.fxoPorts = body.fxoPorts.split(/[ ,]+/).filter((p) => p !== "");
      return body;
    },
  };
  return html`<${ResourcePage} config=${config} />`;
}
