// SPEC EXT-2 "audio codec order": the codecs in use, in order of preference, rearranged by
// drag and drop (HTML drag and drop API); the unused ones below can be dragged up to be used.
// The arrow buttons do the same from the keyboard.
import { html } from "htm/preact";
import { useState } from "preact/hooks";

export function CodecOrder(props: {
  value: readonly string[];
  known: readonly string[];
  onChange: (codecs: string[]) => void;
  unusedLabel: string;
}) {
  const [dragged, setDragged] = useState<string | null>(null);
  const used = [...props.value];
  const unused = props.known.filter((c) => !used.includes(c));

  const moveTo = (codec: string, index: number) => {
    const next = used.filter((c) => c !== codec);
    next.splice(Math.min(index, next.length), 0, codec);
    props.onChange(next);
  };
  const drop = (index: number) => (e: DragEvent) => {
    e.preventDefault();
    const codec = dragged ?? e.dataTransfer?.getData("text/plain");
    setDragged(null);
    if (codec) moveTo(codec, index);
  };
  const start = (codec: string) => (e: DragEvent) => {
    setDragged(codec);
    e.dataTransfer?.setData("text/plain", codec);
  };
  const allow = (e: DragEvent) => e.preventDefault();

  return html`<div class="codec-order">
    <ol class="codec-list" onDragOver=${allow} onDrop=${drop(used.length)}>
      ${used.map(
        (codec, i) => html`<li
          key=${codec}
          class="codec"
          draggable="true"
          data-codec=${codec}
          onDragStart=${start(codec)}
          onDragOver=${allow}
          onDrop=${(e: DragEvent) => {
            e.stopPropagation();
            drop(i)(e);
          }}
        >
          <span class="grip">⋮⋮</span> ${codec}
          <span class="codec-actions">
            <button type="button" class="icon" disabled=${i === 0} aria-label="↑" onClick=${() => moveTo(codec, i - 1)}>↑</button>
            <button type="button" class="icon" disabled=${i === used.length - 1} aria-label="↓" onClick=${() => moveTo(codec, i + 1)}>↓</button>
            <button type="button" class="icon" disabled=${used.length === 1} aria-label="−" onClick=${() => props.onChange(used.filter((c) => c !== codec))}>−</button>
          </span>
        </li>`,
      )}
    </ol>
    <div class="codec-unused" onDragOver=${allow} onDrop=${(e: DragEvent) => {
      e.preventDefault();
      if (dragged && used.length > 1) props.onChange(used.filter((c) => c !== dragged));
      setDragged(null);
    }}>
      <small>${props.unusedLabel}</small>
      ${unused.map(
        (codec) => html`<span
          key=${codec}
          class="codec codec-off"
          draggable="true"
          data-codec=${codec}
          onDragStart=${start(codec)}
          onClick=${() => moveTo(codec, used.length)}
        >${codec}</span>`,
      )}
    </div>
  </div>`;
}
