// drizzle-kit configuration: `npx drizzle-kit generate --config firmware/db/drizzle.config.ts`
// then `npx bun firmware/db/generate-migration-index.ts` to embed the new file.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./firmware/db/schema/index.ts",
  out: "./firmware/db/migrations",
});
