// The Hono environment of web/api: what the session middleware leaves for the routes, and the
// Bun server passed as `env` (its requestIP gives the client address).
import type { Principal } from "./services.ts";

/** How a request proved who it is. */
export interface RequestAuth {
  principal: Principal;
  via: "bearer" | "cookie";
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ApiEnv {
  Bindings: {
    requestIP?: (request: Request) => { address: string } | null;
    /** Bun's per-request idle timeout; 0 keeps a live stream (SSE) open. */
    timeout?: (request: Request, seconds: number) => void;
  };
  Variables: {
    auth: RequestAuth | undefined;
  };
}
