// What the billing pages (SPEC BILL) share: the billing settings (currency and its decimals)
// and the account shape the API lists.
import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { refusalText } from "../i18n/error-text.ts";
import type { Translate } from "../i18n/translate.ts";

export interface BillingSettings {
  enabled: boolean;
  currency: string;
  minorDigits: number;
}

export interface BillingAccount {
  extension: string;
  name: string;
  billingEnabled: boolean;
  paymentMethod: "prepaid" | "postpaid";
  balanceMinor: number;
  creditLimitMinor: number;
  locked: boolean;
  totalTopUpMinor: number;
  reservedMinor: number;
}

/** The billing settings, loaded once per page (null while loading). */
export function useBillingSettings(): BillingSettings | null {
  const { api } = useApp();
  const [settings, setSettings] = useState<BillingSettings | null>(null);
  useEffect(() => {
    void api.get<BillingSettings>("/billing/settings").then((r) => {
      setSettings(r.ok ? r.data : { enabled: false, currency: "CNY", minorDigits: 2 });
    });
  }, [api]);
  return settings;
}

/** A refusal in the page's language, or the API's own words. */
export function refusalOf(t: Translate, failure: ApiFailure): string {
  return refusalText(failure, t) ?? t("app.error", { message: failure.message });
}
