// DESIGN "Interfaces": the pages talk to the box only through /api/v1, with the session cookie
// and the X-PBX-CSRF header the API requires on changes made with a cookie (web/api README).

export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  field?: string;
  /** Values for the translated message (i18n/error-text.ts). */
  params?: Record<string, unknown>;
  retryAfterS?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | ({ ok: false } & ApiFailure);

export const API_BASE = "/api/v1";

/** A client bound to one session's CSRF token; onSessionLost runs on any 401. */
export class ApiClient {
  constructor(
    private readonly csrfToken: string,
    private readonly onSessionLost: () => void = () => {},
  ) {}

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.send<T>("GET", path);
  }
  post<T>(path: string, body?: unknown): Promise<ApiResult<T>> {
    return this.send<T>("POST", path, body);
  }
  patch<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.send<T>("PATCH", path, body);
  }
  put<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.send<T>("PUT", path, body);
  }
  delete(path: string): Promise<ApiResult<null>> {
    return this.send<null>("DELETE", path);
  }

  /**
   * POSTs a file as the body with its own media type (the phonebook sheet), or a multipart form
   * (an audio upload), reporting the share of it sent so far (0..1): fetch() cannot tell upload
   * progress, XMLHttpRequest can.
   */
  upload<T>(
    path: string,
    body: Blob | FormData,
    onProgress: (sent: number) => void = () => {},
  ): Promise<ApiResult<T>> {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${API_BASE}${path}`);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-PBX-CSRF", this.csrfToken);
      // A form sets its own multipart boundary; a file says what it is.
      if (body instanceof Blob)
        xhr.setRequestHeader("Content-Type", body.type || "application/octet-stream");
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        const json = xhr.responseText === "" ? null : safeJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          resolve({ ok: true, status: xhr.status, data: json as T });
          return;
        }
        if (xhr.status === 401) this.onSessionLost();
        const error = (json as { error?: ApiFailure } | null)?.error;
        resolve({
          ok: false,
          status: xhr.status,
          code: error?.code ?? "http",
          message: error?.message ?? xhr.statusText,
          field: error?.field,
          params: error?.params,
        });
      };
      xhr.onerror = () =>
        resolve({ ok: false, status: 0, code: "network", message: "network error" });
      xhr.send(body);
    });
  }

  async send<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (method !== "GET") headers["X-PBX-CSRF"] = this.csrfToken;
    if (body instanceof Blob) headers["Content-Type"] = body.type || "application/octet-stream";
    else if (body !== undefined) headers["Content-Type"] = "application/json";
    const result = await request<T>(method, path, headers, body);
    if (!result.ok && result.status === 401) this.onSessionLost();
    return result;
  }
}

/** One request without a session (login, and reading the session back after a reload). */
export async function request<T>(
  method: string,
  path: string,
  headers: Record<string, string> = { Accept: "application/json" },
  body?: unknown,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers:
        body === undefined || body instanceof Blob
          ? headers
          : { ...headers, "Content-Type": "application/json" },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (error) {
    return { ok: false, status: 0, code: "network", message: String(error) };
  }
  const text = await response.text();
  const json = text === "" ? null : safeJson(text);
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  const error = (json as { error?: ApiFailure } | null)?.error;
  const retry = response.headers.get("Retry-After");
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? "http",
    message: error?.message ?? response.statusText,
    field: error?.field,
    params: error?.params,
    retryAfterS: retry === null ? undefined : Number(retry),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
