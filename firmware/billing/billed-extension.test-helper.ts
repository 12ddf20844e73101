// Test support: a real SQLite database with extension 101, billing on box-wide and for 101, and
// one rate rule of 0.10 per started minute to numbers starting `prefix`.

import { SettingsStore } from "../db/settings-store.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ExtensionService } from "../extensions/extension-service.ts";
import { BillingService } from "./billing-service.ts";

export function billedExtension101(prefix: string) {
  const open = openTestDatabase();
  const extensions = new ExtensionService(open.db, { realm: "pbx", clock: { now: () => 0 } });
  extensions.create({ number: "101", displayName: "Alice" });
  const billing = new BillingService(open.db, new SettingsStore(open.db));
  billing.updateSettings({ enabled: true });
  billing.accounts.update(["101"], { billingEnabled: true });
  billing.rates.create({ prefix, rateMinor: 10, periodS: 60 });
  return { open, billing };
}
