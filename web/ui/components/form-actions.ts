// The end of every edit form: Cancel and Save, Save showing that it works (disabled, spinner,
// "Saving…") while the request runs, and a refused save said beside Save too, so a long form
// never fails silently below the fold. The first refused field is scrolled into view and
// focused.
import { html } from "htm/preact";
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiResult } from "../api-client.ts";
import type { Translate } from "../i18n/translate.ts";
import type { Form } from "../use-form.ts";

/** Wraps an async submit handler: busy while it runs, a second submit meanwhile ignored. */
export function useSubmit(run: () => Promise<unknown>): {
  busy: boolean;
  onSubmit: (e: Event) => void;
} {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (running.current) return;
    running.current = true;
    setBusy(true);
    void run().finally(() => {
      running.current = false;
      setBusy(false);
    });
  };
  return { busy, onSubmit };
}

/**
 * The message to show beside Save for the refusal now on the form (the first field in error,
 * by its label), after scrolling that field into view; "" when nothing is refused.
 */
export function useRefusalBesideSave(
  form: RefObject<HTMLFormElement | null>,
  errors: Partial<Record<string, string>>,
  formError: string,
  t: Translate,
): string {
  const [message, setMessage] = useState("");
  useEffect(() => {
    // A refusal naming no field is already shown as the form's error, right above Save.
    const field = form.current?.querySelector<HTMLElement>(".has-error");
    if (!field) {
      setMessage("");
      return;
    }
    field.scrollIntoView({ block: "center" });
    field.querySelector<HTMLElement>("input, select, textarea, button")?.focus({
      preventScroll: true,
    });
    const label = field.querySelector(".field-label, legend")?.textContent?.trim() ?? "";
    const reason = field.querySelector(".field-error")?.textContent?.trim() ?? "";
    setMessage(t("form.notSaved", { field: label, reason }));
  }, [errors, formError]);
  return message;
}

/**
 * A form saved in place (no dialog to close): `save` sends the values; "saved" shows after a
 * success, a refusal is pinned to its field and said beside Save. Spread `formRef` onto the
 * <form> and the rest onto `FormActions`.
 */
export function useSaveForm<T extends object, R>(
  form: Form<T>,
  t: Translate,
  save: (values: T) => Promise<ApiResult<R>>,
  onSaved?: (data: R) => void,
) {
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    setSaved(false);
    const r = await save(form.values);
    setSaved(r.ok);
    if (r.ok) onSaved?.(r.data);
    else form.fail(r);
  });
  return { formRef, onSubmit, busy, refusal, saved };
}

/** Cancel, the refusal beside Save, and Save with its busy state. */
export function FormActions(props: {
  t: Translate;
  busy: boolean;
  refusal?: string;
  saved?: boolean;
  label?: string;
  /** Save cannot be pressed yet (the form is incomplete). */
  disabled?: boolean;
  onCancel?: () => void;
}) {
  const { t } = props;
  return html`<div class="buttons">
    ${props.refusal ? html`<p class="save-refusal" role="alert" data-save-refusal>${props.refusal}</p>` : null}
    ${props.saved && !props.refusal && !props.busy ? html`<span class="note">${t("app.saved")}</span>` : null}
    ${props.onCancel ? html`<button type="button" onClick=${props.onCancel}>${t("app.cancel")}</button>` : null}
    <button type="submit" class="primary" disabled=${props.busy || props.disabled} aria-busy=${props.busy ? "true" : undefined} data-busy=${props.busy ? "true" : undefined}>
      ${props.busy ? html`<span class="spinner" aria-hidden="true"></span>${t("form.saving")}` : (props.label ?? t("app.save"))}
    </button>
  </div>`;
}
