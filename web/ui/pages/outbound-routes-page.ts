// SPEC ROUTE-2: outbound routes, tried from the top: drag a row (or use the arrows) to change
// the order; the trunks of a route are ordered by drag too, as codecs are for an extension.
import { html } from "htm/preact";
import { type ResourceConfig, ResourcePage } from "../components/resource-page.ts";

const CONFIG: ResourceConfig = {
  path: "/outbound-routes",
  kind: "outbound-route",
  title: "out.title",
  add: "out.add",
  empty: "out.empty",
  reorder: true,
  columns: [
    { label: "out.name", value: (i) => String(i.name) },
    { label: "out.prefix", value: (i) => String(i.prefix) },
    { label: "out.patterns", value: (i) => (i.patterns as string[]).join(" ") },
    { label: "out.trunks", value: (i) => (i.trunks as string[]).join(" → ") },
  ],
  fields: [
    { name: "name", label: "out.name", kind: "text" },
    { name: "enabled", label: "out.enabled", kind: "check" },
    { name: "prefix", label: "out.prefix", kind: "text", hint: "out.prefixHint" },
    { name: "patterns", label: "out.patterns", kind: "lines", hint: "out.patternsHint" },
    { name: "strip", label: "out.strip", kind: "number" },
    { name: "prepend", label: "out.prepend", kind: "text" },
    {
      name: "trunks",
      label: "out.trunks",
      kind: "order",
      lookup: "trunks",
      hint: "out.trunksHint",
    },
    { name: "callerId", label: "out.callerId", kind: "text", hint: "out.callerIdHint" },
    { name: "pins", label: "out.pins", kind: "lines", hint: "out.pinsHint" },
  ],
  defaults: {
    name: "",
    enabled: true,
    prefix: "9",
    patterns: [],
    strip: 0,
    prepend: "",
    trunks: [],
    callerId: "",
    pins: [],
  },
  lookups: { trunks: ["/trunks", "name"] },
};

export function OutboundRoutesPage() {
  return html`<${ResourcePage} config=${CONFIG} />`;
}
