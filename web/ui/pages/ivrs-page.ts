// SPEC ROUTE-4: IVR menus: a prompt (uploaded "custom/<name>" or built in), keys 0-9 * # to
// destinations (another IVR for nested menus), direct extension dialling, timeout and repeats.
import { html } from "htm/preact";
import { type Item, type ResourceConfig, ResourcePage } from "../components/resource-page.ts";

const CONFIG: ResourceConfig = {
  path: "/ivrs",
  kind: "ivr",
  title: "ivr.title",
  add: "ivr.add",
  empty: "ivr.empty",
  columns: [
    { label: "ivr.id", value: (i) => `ivr:${i.id}` },
    { label: "ivr.name", value: (i) => String(i.name) },
    { label: "ivr.prompt", value: (i) => String(i.prompt) },
    {
      label: "ivr.keys",
      value: (i) =>
        Object.entries(i.keys as Record<string, string>)
          .map(([k, d]) => `${k}→${d}`)
          .join(", "),
    },
  ],
  fields: [
    { name: "name", label: "ivr.name", kind: "text" },
    { name: "prompt", label: "ivr.prompt", kind: "text", hint: "ivr.promptHint" },
    { name: "keys", label: "ivr.keys", kind: "lines", hint: "ivr.keysHint" },
    { name: "directDial", label: "ivr.directDial", kind: "check" },
    { name: "timeoutS", label: "ivr.timeout", kind: "number" },
    { name: "repeat", label: "ivr.repeat", kind: "number" },
    { name: "invalidDestination", label: "ivr.invalid", kind: "text", hint: "rt.destinationHint" },
    {
      name: "timeoutDestination",
      label: "ivr.timeoutDestination",
      kind: "text",
      hint: "rt.destinationHint",
    },
  ],
  defaults: {
    name: "",
    prompt: "welcome",
    keys: [],
    directDial: true,
    timeoutS: 5,
    repeat: 3,
    invalidDestination: "hangup",
    timeoutDestination: "hangup",
  },
  fromItem: (i: Item) => ({
    ...i,
    keys: Object.entries(i.keys as Record<string, string>).map(([k, d]) => `${k}=${d}`),
  }),
  toBody: (v) => v,
};

export function IvrsPage() {
  return html`<${ResourcePage} config=${CONFIG} />`;
}
