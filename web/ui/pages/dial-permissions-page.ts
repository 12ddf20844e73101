// SPEC ROUTE-3: dial permission classes: the four built-in levels, and custom classes that add
// allowed and denied dial patterns to a level. The admin's emergency numbers always go through.
import { html } from "htm/preact";
import { useApp } from "../app-context.ts";
import { type ResourceConfig, ResourcePage } from "../components/resource-page.ts";
import type { MessageKey } from "../i18n/en.ts";
import { EmergencyNumbersForm } from "./emergency-numbers-form.ts";

const LEVELS = ["internal", "local", "national", "international"];

export function DialPermissionsPage() {
  const { t } = useApp();
  const config: ResourceConfig = {
    path: "/dial-permissions",
    kind: "dial-permission",
    title: "perm.title",
    add: "perm.add",
    empty: "perm.empty",
    columns: [
      {
        label: "perm.name",
        value: (i) => (i.builtin ? t(`perm.${i.name}` as MessageKey) : String(i.name)),
      },
      { label: "perm.level", value: (i) => t(`perm.${i.level}` as MessageKey) },
      { label: "perm.allow", value: (i) => (i.allow as string[]).join(" ") },
      { label: "perm.deny", value: (i) => (i.deny as string[]).join(" ") },
    ],
    fields: [
      { name: "name", label: "perm.name", kind: "text" },
      { name: "level", label: "perm.level", kind: "select", options: LEVELS, optionLabel: "perm" },
      { name: "allow", label: "perm.allow", kind: "lines", hint: "perm.patternsHint" },
      { name: "deny", label: "perm.deny", kind: "lines", hint: "perm.patternsHint" },
    ],
    defaults: { name: "", level: "local", allow: [], deny: [] },
    readOnly: (i) => i.builtin === true,
  };
  return html`<${ResourcePage} config=${config} />
    <${EmergencyNumbersForm} />`;
}
