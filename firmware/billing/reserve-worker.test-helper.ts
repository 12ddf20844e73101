// Test support: a worker thread with its own connection to the database file, reserving first
// charges for one extension as fast as it can, so reservations race on separate connections.
import { openDatabase } from "../db/open-database.ts";
import { ChargeLedger } from "./charge-ledger.ts";
import type { RateRule } from "./rate-rule.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent) => {
  const { path, rule, tries, tag } = event.data as {
    path: string;
    rule: RateRule;
    tries: number;
    tag: string;
  };
  const open = openDatabase(path);
  const ledger = new ChargeLedger(open.db);
  let granted = 0;
  for (let i = 0; i < tries; i++) {
    const r = ledger.reserve({
      callId: `${tag}-${i}`,
      extension: "101",
      number: "9123",
      rule,
      atMs: i,
    });
    if (r.ok) {
      granted++;
      // Every other call also takes a second period while the others race.
      if (i % 2 === 0) ledger.extend(r.value.id);
    }
  }
  open.close();
  self.postMessage({ granted });
};
