// A modal dialog: a titled panel over the page; Escape or the close button dismisses it.
import { html } from "htm/preact";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") props.onClose();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [props.onClose]);
  return html`<div class="backdrop">
    <div class=${`dialog${props.wide ? " dialog-wide" : ""}`} role="dialog" aria-modal="true" aria-label=${props.title}>
      <header class="dialog-head">
        <h2>${props.title}</h2>
        <button type="button" class="icon" aria-label="×" onClick=${props.onClose}>×</button>
      </header>
      <div class="dialog-body">${props.children}</div>
    </div>
  </div>`;
}
