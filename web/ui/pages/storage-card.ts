// SPEC DEV-5: the settings page's card for the USB stick: whether one is mounted with its size
// and free space, whether new recordings and voicemail messages go to it, and the safe eject (the box finishes moving
// what it writes to the stick, then unmounts it and says it may be pulled).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { SelectField } from "../components/form-fields.ts";
import { formatBytes } from "../format.ts";

interface StorageView {
  usb: { device: string; sizeBytes: number; freeBytes: number; fsType: string } | null;
  recordingsTo: "usb" | "internal";
  voicemailTo: "usb" | "internal";
}

// A stick comes and goes on its own: read again while the page is open.
const REFRESH_MS = 3_000;

export function StorageCard() {
  const { t, api } = useApp();
  const [view, setView] = useState<StorageView | null>(null);
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let closed = false;
    const load = () =>
      void api.get<StorageView>("/storage").then((r) => {
        if (!closed && r.ok) setView(r.data);
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      closed = true;
      clearInterval(timer);
    };
  }, [api]);
  if (!view) return null;

  const choose = async (change: Partial<StorageView>) => {
    const saved = await api.put<StorageView>("/storage", change);
    if (saved.ok) setView(saved.data);
    setNote(
      saved.ok ? { kind: "ok", text: t("app.saved") } : { kind: "error", text: saved.message },
    );
  };
  const eject = async () => {
    setBusy(true);
    const ejected = await api.post<StorageView>("/storage/usb/eject");
    setBusy(false);
    if (ejected.ok) setView(ejected.data);
    setNote(
      ejected.ok
        ? { kind: "ok", text: t("set.storage.ejected") }
        : { kind: "error", text: ejected.message },
    );
  };
  const stick = view.usb;
  const targets = [
    { value: "usb", label: t("set.storage.toUsb") },
    { value: "internal", label: t("set.storage.toInternal") },
  ];
  return html`<div class="card form" data-section="storage">
    <h2>${t("set.storage")}</h2>
    <p data-usb-state=${stick ? "mounted" : "none"}>
      ${
        stick
          ? t("set.storage.stick", {
              device: stick.device,
              free: formatBytes(stick.freeBytes),
              size: formatBytes(stick.sizeBytes),
              fs: stick.fsType,
            })
          : t("status.usbNone")
      }
    </p>
    <${SelectField}
      name="recordingsTo"
      label=${t("set.storage.recordingsTo")}
      value=${view.recordingsTo}
      options=${targets}
      onChange=${(x: "usb" | "internal") => void choose({ recordingsTo: x })}
    />
    <${SelectField}
      name="voicemailTo"
      label=${t("set.storage.voicemailTo")}
      value=${view.voicemailTo}
      options=${targets}
      onChange=${(x: "usb" | "internal") => void choose({ voicemailTo: x })}
    />
    <div class="buttons">
      ${note?.kind === "error" ? html`<p class="save-refusal" role="alert">${note.text}</p>` : null}
      ${note?.kind === "ok" ? html`<span class="note" role="status">${note.text}</span>` : null}
      <button type="button" name="eject" disabled=${!stick || busy} aria-busy=${busy ? "true" : undefined} onClick=${eject}>${t("set.storage.eject")}</button>
    </div>
  </div>`;
}
