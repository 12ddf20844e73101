// A searched, paged list as the report pages show it (call records, recordings, billed calls):
// the filters being typed (draft) apart from the ones searched, a page of rows fetched for the
// searched filters, and the pager under the table. `shownQuery` is the search the shown rows
// answer: tests wait for it, and the page can name it on its section.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";

export interface PagedSearch<F, P> {
  draft: F;
  /** Sets one field of the draft (a text field's onInput). */
  set: (field: keyof F) => (value: string) => void;
  setDraft: (update: (draft: F) => F) => void;
  /** The filters of the rows shown. */
  filters: F;
  /** Searches the draft from the first page (a form's onSubmit). */
  search: (e: Event) => void;
  page: P | null;
  error: string;
  shownQuery: string | null;
  offset: number;
  setOffset: (offset: number) => void;
  reload: () => Promise<void>;
}

export function usePagedSearch<F, P>(options: {
  initial: F;
  /** The API path the query string is appended to ("/cdr"). */
  path: string;
  query: (filters: F) => URLSearchParams;
  pageSize: number;
  /** The refusal as the page says it. */
  failure?: (r: ApiFailure) => string;
}): PagedSearch<F, P> {
  const { t, api } = useApp();
  const [draft, setDraft] = useState<F>(options.initial);
  const [filters, setFilters] = useState<F>(options.initial);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<P | null>(null);
  const [error, setError] = useState("");
  const [shownQuery, setShownQuery] = useState<string | null>(null);
  const { path, query, pageSize, failure } = options;

  const reload = useCallback(async () => {
    const q = query(filters);
    const searched = q.toString();
    q.set("offset", String(offset));
    q.set("limit", String(pageSize));
    const r = await api.get<P>(`${path}?${q}`);
    if (r.ok) {
      setPage(r.data);
      setShownQuery(searched);
      setError("");
    } else setError(failure ? failure(r) : t("app.error", { message: r.message }));
    // `query` and `failure` are the page's own functions, the same on every render.
  }, [api, filters, offset, t, path, pageSize]);
  useEffect(() => void reload(), [reload]);

  return {
    draft,
    set: (field) => (value) => setDraft((d) => ({ ...d, [field]: value })),
    setDraft,
    filters,
    search: (e: Event) => {
      e.preventDefault();
      setFilters(draft);
      setOffset(0);
    },
    page,
    error,
    shownQuery,
    offset,
    setOffset,
    reload,
  };
}

/** Previous / "rows a-b of n" / next under a paged table. */
export function Pager(props: {
  offset: number;
  pageSize: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const { t } = useApp();
  const { offset, pageSize, total } = props;
  return html`<div class="pager">
    <button type="button" data-action="previous" disabled=${offset === 0} onClick=${() => props.onOffset(Math.max(0, offset - pageSize))}>${t("app.previous")}</button>
    <span data-range>${t("app.pageOf", { from: offset + 1, to: Math.min(offset + pageSize, total), total })}</span>
    <button type="button" data-action="next" disabled=${offset + pageSize >= total} onClick=${() => props.onOffset(offset + pageSize)}>${t("app.next")}</button>
  </div>`;
}
