// SPEC ROUTE-4: inbound routes: calls from a trunk (or any), to a DID pattern and from a caller
// pattern, go to an extension, a department, an IVR or a time condition.
import { html } from "htm/preact";
import { type ResourceConfig, ResourcePage } from "../components/resource-page.ts";

const CONFIG: ResourceConfig = {
  path: "/inbound-routes",
  kind: "inbound-route",
  title: "in.title",
  add: "in.add",
  empty: "in.empty",
  columns: [
    { label: "in.name", value: (i) => String(i.name) },
    { label: "in.trunk", value: (i) => String(i.trunk || "*") },
    { label: "in.did", value: (i) => String(i.didPattern || "*") },
    { label: "in.caller", value: (i) => String(i.callerPattern || "*") },
    { label: "rt.destination", value: (i) => String(i.destination) },
  ],
  fields: [
    { name: "name", label: "in.name", kind: "text" },
    { name: "enabled", label: "in.enabled", kind: "check" },
    { name: "trunk", label: "in.trunk", kind: "text", hint: "in.trunkHint" },
    { name: "didPattern", label: "in.did", kind: "text", hint: "in.anyHint" },
    { name: "callerPattern", label: "in.caller", kind: "text", hint: "in.anyHint" },
    { name: "destination", label: "rt.destination", kind: "text", hint: "rt.destinationHint" },
  ],
  defaults: {
    name: "",
    enabled: true,
    trunk: "",
    didPattern: "",
    callerPattern: "",
    destination: "extension:",
  },
};

export function InboundRoutesPage() {
  return html`<${ResourcePage} config=${CONFIG} />`;
}
