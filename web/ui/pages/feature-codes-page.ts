// SPEC WEB-3 feature-code help: the table of codes with what each does; the admin may change
// a code or turn it off, the operator only reads.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { FeatureCode } from "../../../firmware/features/feature-code-table.ts";
import type { ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import type { MessageKey } from "../i18n/en.ts";
import { refusalText } from "../i18n/error-text.ts";

export function FeatureCodesPage() {
  const { t, api, me } = useApp();
  const [items, setItems] = useState<FeatureCode[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const admin = me.role === "admin";
  const load = useCallback(async () => {
    const r = await api.get<{ items: FeatureCode[] }>("/feature-codes");
    if (r.ok) setItems(r.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  const change = async (f: FeatureCode, patch: { code?: string; enabled?: boolean }) => {
    const r = await api.patch<FeatureCode>(`/feature-codes/${f.id}`, patch);
    const text = (failure: ApiFailure) =>
      refusalText(failure, t) ?? t("app.invalid", { message: failure.message });
    setErrors((e) => ({ ...e, [f.id]: r.ok ? "" : text(r) }));
    await load();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page">
    <h1>${t("fc.title")}</h1>
    ${admin ? null : html`<p class="muted">${t("fc.readOnly")}</p>`}
    <div class="table-wrap"><table class="table">
      <thead><tr><th>${t("fc.code")}</th><th>${t("fc.feature")}</th><th>${t("fc.usage")}</th>${admin ? html`<th>${t("fc.enabled")}</th>` : null}</tr></thead>
      <tbody>
        ${items.map(
          (f) => html`<tr key=${f.id} data-feature=${f.id} class=${f.enabled ? "" : "disabled"}>
            <td class="mono">
              ${
                admin
                  ? html`<input class="code-input" name=${f.id} value=${f.code} size="6" onChange=${(e: Event) => change(f, { code: (e.currentTarget as HTMLInputElement).value })} />
                    ${f.code !== f.defaultCode ? html`<small class="muted"> ${t("fc.default", { code: f.defaultCode })}</small>` : null}
                    ${errors[f.id] ? html`<small class="field-error" role="alert">${errors[f.id]}</small>` : null}`
                  : f.code
              }
            </td>
            <td>${t(`fc.${f.id}` as MessageKey)}${f.available ? null : html` <small class="muted" data-unavailable>(${t("fc.notYet")})</small>`}</td>
            <td class="mono">${f.takesArgument ? t("fc.then", { code: f.code }) : t("fc.plain", { code: f.code })}${f.inCall ? html` <small class="muted">(${t("fc.inCall")})</small>` : null}</td>
            ${admin ? html`<td><input type="checkbox" aria-label=${t("fc.enabled")} checked=${f.enabled} onChange=${(e: Event) => change(f, { enabled: (e.currentTarget as HTMLInputElement).checked })} /></td>` : null}
          </tr>`,
        )}
      </tbody>
    </table></div>
  </section>`;
}
