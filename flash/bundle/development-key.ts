// Where the development signing key lives on the build machine: for development and tests only.
// Its public half is VENDOR_PUBLIC_KEY (vendor-key.ts) until a release build brings the vendor's.
import { join } from "node:path";

export const DEVELOPMENT_KEY = join(
  import.meta.dir,
  "..",
  "keys",
  "development-only-signing-key.pem",
);
