// SPEC CALL-13 call queues (manual 呼叫队列): admins and operators make queues (number, name,
// strategy, static and dynamic agents, ring time per agent, maximum wait and where the caller
// goes after it, music class) and watch them live: waiting callers and each agent's state,
// read again whenever the event stream says a queue or an extension (an agent's phone) changed.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";

const STRATEGIES = ["ring-all", "round-robin", "least-recent", "fewest-calls", "random"] as const;

interface Queue {
  id: number;
  number: string;
  name: string;
  strategy: string;
  staticAgents: string[];
  dynamicAgents: string[];
  ringTimeS: number;
  maxWaitS: number;
  destination: string;
  mohClass: string;
  announceEveryS: number;
  waiting: { position: number; caller: string; callerName: string; waitedS: number }[];
  agents: { number: string; kind: string; state: string }[];
}

interface Values {
  number: string;
  name: string;
  strategy: string;
  staticAgents: string;
  dynamicAgents: string;
  ringTimeS: string;
  maxWaitS: string;
  destination: string;
  mohClass: string;
  announceEveryS: string;
}

const EMPTY: Values = {
  number: "",
  name: "",
  strategy: "ring-all",
  staticAgents: "",
  dynamicAgents: "",
  ringTimeS: "20",
  maxWaitS: "300",
  destination: "hangup",
  mohClass: "default",
  announceEveryS: "30",
};

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");

export function QueuesPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<Queue[] | null>(null);
  const [editing, setEditing] = useState<number | undefined>(undefined);
  const form = useForm<Values>(EMPTY, t);
  const load = useCallback(async () => {
    const r = await api.get<{ items: Queue[] }>("/queues");
    if (r.ok) setItems(r.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);
  // Live: the event stream says which queue or extension changed; the list is read again.
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`${API_BASE}/events`);
    let reload: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(reload);
      reload = setTimeout(() => void load(), 200);
    };
    source.addEventListener("queue", later);
    // An agent's state also follows its phone: registered or not, in a call or free again.
    source.addEventListener("extension", later);
    source.addEventListener("ready", later);
    return () => {
      clearTimeout(reload);
      source.close();
    };
  }, [load]);

  const edit = (q: Queue) => {
    setEditing(q.id);
    const v: Values = {
      number: q.number,
      name: q.name,
      strategy: q.strategy,
      staticAgents: q.staticAgents.join(", "),
      dynamicAgents: q.dynamicAgents.join(", "),
      ringTimeS: String(q.ringTimeS),
      maxWaitS: String(q.maxWaitS),
      destination: q.destination,
      mohClass: q.mohClass,
      announceEveryS: String(q.announceEveryS),
    };
    for (const key of Object.keys(v) as (keyof Values)[]) form.set(key, v[key]);
    form.clear();
  };
  const reset = () => {
    setEditing(undefined);
    for (const key of Object.keys(EMPTY) as (keyof Values)[]) form.set(key, EMPTY[key]);
    form.clear();
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const v = form.values;
    const body = {
      number: v.number.trim(),
      name: v.name.trim(),
      strategy: v.strategy,
      staticAgents: list(v.staticAgents),
      dynamicAgents: list(v.dynamicAgents),
      ringTimeS: Number(v.ringTimeS),
      maxWaitS: Number(v.maxWaitS),
      destination: v.destination.trim(),
      mohClass: v.mohClass.trim(),
      announceEveryS: Number(v.announceEveryS),
    };
    const r =
      editing === undefined
        ? await api.post("/queues", body)
        : await api.put(`/queues/${editing}`, body);
    if (!r.ok) {
      form.fail(r);
      return;
    }
    reset();
    await load();
  };
  const remove = async (q: Queue) => {
    const r = await api.delete(`/queues/${q.id}`);
    if (r.ok) await load();
  };
  const strategyLabel = (s: string) => t(`queue.strategy.${s}` as MessageKey);

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-page="queues">
    <h1>${t("queue.title")}</h1>
    <p class="muted">${t("queue.hint")}</p>
    ${
      items.length === 0
        ? html`<p class="muted">${t("queue.empty")}</p>`
        : html`<div class="table-wrap"><table class="table stack">
          <thead><tr><th>${t("queue.number")}</th><th>${t("queue.name")}</th><th>${t("queue.strategy")}</th><th>${t("queue.agents")}</th><th>${t("queue.waiting")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (q) => html`<tr key=${q.id} data-item=${q.number}>
                <td class="lead mono" data-label=${t("queue.number")}>${q.number}</td>
                <td data-label=${t("queue.name")}>${q.name}</td>
                <td data-label=${t("queue.strategy")}>${strategyLabel(q.strategy)}</td>
                <td data-label=${t("queue.agents")}>${q.agents.map(
                  (a) =>
                    html`<span class="chip" data-agent=${a.number} data-state=${a.state}>${a.number}: ${t(`queue.agent.${a.state}` as MessageKey)}</span> `,
                )}</td>
                <td data-label=${t("queue.waiting")} data-waiting=${q.waiting.length}>${
                  q.waiting.length === 0
                    ? "0"
                    : q.waiting.map(
                        (w) =>
                          html`<div data-caller=${w.caller}>${t("queue.waitingCaller", {
                            position: w.position,
                            caller: w.callerName ? `${w.callerName} <${w.caller}>` : w.caller,
                            seconds: w.waitedS,
                          })}</div>`,
                      )
                }</td>
                <td class="actions">
                  <button type="button" class="link" onClick=${() => edit(q)}>${t("app.edit")}</button>
                  <button type="button" class="link danger" onClick=${() => remove(q)}>${t("app.delete")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    <form class="card form" onSubmit=${save} noValidate data-form="queue">
      <h2>${editing === undefined ? t("queue.add") : t("queue.change")}</h2>
      <${TextField} name="number" label=${t("queue.number")} value=${form.values.number} inputMode="tel" error=${form.errors.number} onInput=${(x: string) => form.set("number", x)} />
      <${TextField} name="name" label=${t("queue.name")} value=${form.values.name} error=${form.errors.name} onInput=${(x: string) => form.set("name", x)} />
      <${SelectField} name="strategy" label=${t("queue.strategy")} value=${form.values.strategy} error=${form.errors.strategy} options=${STRATEGIES.map(
        (s) => ({ value: s, label: strategyLabel(s) }),
      )} onChange=${(x: string) => form.set("strategy", x)} />
      <${TextField} name="staticAgents" label=${t("queue.staticAgents")} hint=${t("queue.agentsHint")} value=${form.values.staticAgents} error=${form.errors.staticAgents} onInput=${(x: string) => form.set("staticAgents", x)} />
      <${TextField} name="dynamicAgents" label=${t("queue.dynamicAgents")} hint=${t("queue.dynamicHint")} value=${form.values.dynamicAgents} error=${form.errors.dynamicAgents} onInput=${(x: string) => form.set("dynamicAgents", x)} />
      <${TextField} name="ringTimeS" type="number" min=${5} max=${300} label=${t("queue.ringTimeS")} value=${form.values.ringTimeS} error=${form.errors.ringTimeS} onInput=${(x: string) => form.set("ringTimeS", x)} />
      <${TextField} name="maxWaitS" type="number" min=${10} max=${7200} label=${t("queue.maxWaitS")} value=${form.values.maxWaitS} error=${form.errors.maxWaitS} onInput=${(x: string) => form.set("maxWaitS", x)} />
      <${TextField} name="destination" label=${t("queue.destination")} hint=${t("queue.destinationHint")} value=${form.values.destination} error=${form.errors.destination} onInput=${(x: string) => form.set("destination", x)} />
      <${TextField} name="mohClass" label=${t("queue.mohClass")} value=${form.values.mohClass} error=${form.errors.mohClass} onInput=${(x: string) => form.set("mohClass", x)} />
      <${TextField} name="announceEveryS" type="number" min=${0} max=${600} label=${t("queue.announceEveryS")} value=${form.values.announceEveryS} error=${form.errors.announceEveryS} onInput=${(x: string) => form.set("announceEveryS", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <div class="buttons">
        ${editing === undefined ? null : html`<button type="button" onClick=${reset}>${t("app.cancel")}</button>`}
        <button type="submit" class="primary">${t("app.save")}</button>
      </div>
    </form>
  </section>`;
}
