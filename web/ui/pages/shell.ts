// SPEC WEB-3: the frame around every page: the menu of the pages this role may see, who is
// logged in, change my password, the language switch (WEB-4) and log out (WEB-1).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { menuFor, type PageId, pageFromHash } from "../routes.ts";
import { AccountsPage } from "./accounts-page.ts";
import { AnalogPage } from "./analog-page.ts";
import { BillingPage } from "./billing-page.ts";
import { ConnectionsPage } from "./connections-page.ts";
import { DepartmentsPage } from "./departments-page.ts";
import { DialPermissionsPage } from "./dial-permissions-page.ts";
import { ExtensionsPage } from "./extensions-page.ts";
import { FeatureCodesPage } from "./feature-codes-page.ts";
import { InboundRoutesPage } from "./inbound-routes-page.ts";
import { IvrsPage } from "./ivrs-page.ts";
import { MyExtensionPage } from "./my-extension-page.ts";
import { OutboundRoutesPage } from "./outbound-routes-page.ts";
import { PasswordPage } from "./password-page.ts";
import { SettingsPage } from "./settings-page.ts";
import { StatusPage } from "./status-page.ts";
import { TimeConditionsPage } from "./time-conditions-page.ts";
import { TrunksPage } from "./trunks-page.ts";

const VIEWS: Record<PageId, () => unknown> = {
  status: StatusPage,
  connections: ConnectionsPage,
  extensions: ExtensionsPage,
  analog: AnalogPage,
  departments: DepartmentsPage,
  "feature-codes": FeatureCodesPage,
  settings: SettingsPage,
  accounts: AccountsPage,
  password: PasswordPage,
  "my-extension": MyExtensionPage,
  billing: BillingPage,
  trunks: TrunksPage,
  "outbound-routes": OutboundRoutesPage,
  "inbound-routes": InboundRoutesPage,
  ivrs: IvrsPage,
  "time-conditions": TimeConditionsPage,
  "dial-permissions": DialPermissionsPage,
};

export function Shell() {
  const { t, me, language, setLanguage, logout } = useApp();
  const [page, setPage] = useState<PageId>(() => pageFromHash(location.hash, me.role));

  useEffect(() => {
    const onHash = () => setPage(pageFromHash(location.hash, me.role));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [me.role]);

  const View = VIEWS[page];
  return html`<div class="shell">
    <nav class="menu" aria-label="menu">
      <div class="brand">${t("app.title")}</div>
      ${menuFor(me.role).map(
        (p) =>
          html`<a key=${p.id} href=${`#/${p.id}`} data-page=${p.id} class=${p.id === page ? "active" : ""}>${t(p.label)}</a>`,
      )}
    </nav>
    <div class="main">
      <header class="top">
        <span class="who">${me.username ?? me.extension} · ${t(`role.${me.role}`)}</span>
        <button type="button" class="link lang-switch" onClick=${() => setLanguage(language === "zh" ? "en" : "zh")}>${t("app.language")}</button>
        <a href="#/password" data-action="password" class=${page === "password" ? "active" : ""}>${t("nav.password")}</a>
        <button type="button" class="button" data-action="logout" onClick=${logout}>${t("app.logout")}</button>
      </header>
      <main class="content" data-view=${page}><${View} key=${page} /></main>
    </div>
  </div>`;
}
