// Labelled form controls with the API's refusal shown beside the field it names
// ({"error": {"field"}}, web/api README). `data-field` lets tests and styles find each one.
import { html } from "htm/preact";
import type { ComponentChildren } from "preact";

interface Base {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

function Frame(props: Base & { children: ComponentChildren; inline?: boolean }) {
  return html`<label class=${`field${props.inline ? " field-inline" : ""}${props.error ? " has-error" : ""}`} data-field=${props.name}>
    <span class="field-label">${props.label}</span>
    ${props.children}
    ${props.hint && !props.error ? html`<small class="field-hint">${props.hint}</small>` : null}
    ${props.error ? html`<small class="field-error" role="alert">${props.error}</small>` : null}
  </label>`;
}

export function TextField(
  props: Base & {
    value: string | number;
    onInput: (value: string) => void;
    type?: string;
    autocomplete?: string;
    placeholder?: string;
    readOnly?: boolean;
    /** Limits the browser enforces as the user types (numbers: min/max; text: maxLength). */
    min?: number;
    max?: number;
    maxLength?: number;
    inputMode?: string;
  },
) {
  return html`<${Frame} ...${props}>
    <input
      name=${props.name}
      type=${props.type ?? "text"}
      value=${props.value}
      placeholder=${props.placeholder}
      autocomplete=${props.autocomplete ?? "off"}
      readOnly=${props.readOnly}
      min=${props.min}
      max=${props.max}
      maxLength=${props.maxLength}
      inputMode=${props.inputMode}
      aria-invalid=${props.error ? "true" : undefined}
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value)}
    />
  </${Frame}>`;
}

export interface Choice {
  value: string;
  label: string;
  /** Options with the same group are listed under that heading (an <optgroup>). */
  group?: string;
}

export function SelectField(
  props: Base & {
    value: string;
    options: readonly Choice[];
    onChange: (value: string) => void;
  },
) {
  const groups = [...new Set(props.options.map((o) => o.group))];
  const option = (o: Choice) =>
    html`<option value=${o.value} selected=${o.value === props.value}>${o.label}</option>`;
  return html`<${Frame} ...${props}>
    <select
      name=${props.name}
      value=${props.value}
      aria-invalid=${props.error ? "true" : undefined}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      ${groups.map((g) => {
        const members = props.options.filter((o) => o.group === g);
        return g === undefined
          ? members.map(option)
          : html`<optgroup label=${g}>${members.map(option)}</optgroup>`;
      })}
    </select>
  </${Frame}>`;
}

export function CheckField(
  props: Base & { checked: boolean; onChange: (checked: boolean) => void },
) {
  return html`<${Frame} ...${props} inline=${true}>
    <input
      name=${props.name}
      type="checkbox"
      checked=${props.checked}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
    />
  </${Frame}>`;
}

export function TextAreaField(
  props: Base & {
    value: string;
    onInput: (value: string) => void;
    rows?: number;
    placeholder?: string;
  },
) {
  return html`<${Frame} ...${props}>
    <textarea
      name=${props.name}
      rows=${props.rows ?? 4}
      placeholder=${props.placeholder}
      spellcheck=${false}
      aria-invalid=${props.error ? "true" : undefined}
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
    >${props.value}</textarea>
  </${Frame}>`;
}
