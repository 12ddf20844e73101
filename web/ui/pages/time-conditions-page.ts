// SPEC ROUTE-4: time conditions: weekly hours and holidays, in the box's time zone (settings),
// with a destination inside the hours and one outside.
import { html } from "htm/preact";
import { type ResourceConfig, ResourcePage } from "../components/resource-page.ts";

const CONFIG: ResourceConfig = {
  path: "/time-conditions",
  kind: "time-condition",
  title: "tc.title",
  add: "tc.add",
  empty: "tc.empty",
  columns: [
    { label: "ivr.id", value: (i) => `time-condition:${i.id}` },
    { label: "tc.name", value: (i) => String(i.name) },
    { label: "tc.weekly", value: (i) => (i.weekly as string[]).join("; ") },
    { label: "tc.matched", value: (i) => String(i.matched) },
    { label: "tc.unmatched", value: (i) => String(i.unmatched) },
  ],
  fields: [
    { name: "name", label: "tc.name", kind: "text" },
    { name: "weekly", label: "tc.weekly", kind: "lines", hint: "tc.weeklyHint" },
    { name: "holidays", label: "tc.holidays", kind: "lines", hint: "tc.holidaysHint" },
    { name: "matched", label: "tc.matched", kind: "text", hint: "rt.destinationHint" },
    { name: "unmatched", label: "tc.unmatched", kind: "text", hint: "rt.destinationHint" },
  ],
  defaults: {
    name: "",
    weekly: ["mon-fri 09:00-18:00"],
    holidays: [],
    matched: "extension:",
    unmatched: "hangup",
  },
};

export function TimeConditionsPage() {
  return html`<${ResourcePage} config=${CONFIG} />`;
}
