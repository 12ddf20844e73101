// The box's REST API as end-to-end tests call it: one admin (or other) token, JSON in and out.

import type { RunningPbx } from "./pbx-process.ts";

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the route returned
  json: any;
}

/** `(method, path, body?)` against `/api/v1` of `pbx` with `token`. */
export function boxApi(pbx: RunningPbx, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const res = await pbx.api(`/api/v1${path}`, {
      method,
      token,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

/** Reads until `done` holds; past `ms` it throws with the last value read. */
export async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await Bun.sleep(100);
    value = await read();
  }
  return value;
}

/** Makes a web account with `role` through the admin's `api` and gives its own API. */
export async function accountApi(
  pbx: RunningPbx,
  api: ReturnType<typeof boxApi>,
  account: { username: string; password: string; role: string },
): Promise<ReturnType<typeof boxApi>> {
  const made = await api("POST", "/accounts", account);
  if (made.status !== 201) throw new Error(`account not made: ${made.status}`);
  const login = await pbx.api("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  return boxApi(pbx, ((await login.json()) as { token: string }).token);
}
