// SPEC WEB-3: the frame around every page: the menu of the pages this role may see, under the
// manual's headings (routes.ts), who is logged in, change my password, the language switch
// (WEB-4) and log out (WEB-1). On a phone the menu folds away behind a Menu button.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { menuSections, type PageId, pageFromHash } from "../routes.ts";
import { AccountsPage } from "./accounts-page.ts";
import { AnalogPage } from "./analog-page.ts";
import { BackupPage } from "./backup-page.ts";
import { BillingCallsPage } from "./billing-calls-page.ts";
import { BillingExtensionsPage } from "./billing-extensions-page.ts";
import { BillingRateTestPage } from "./billing-rate-test-page.ts";
import { BillingRatesPage } from "./billing-rates-page.ts";
import { BillingSettingsPage } from "./billing-settings-page.ts";
import { BillingStatisticsPage } from "./billing-statistics-page.ts";
import { BillingTopUpsPage } from "./billing-top-ups-page.ts";
import { BlacklistPage } from "./blacklist-page.ts";
import { CallForwardsPage } from "./call-forwards-page.ts";
import { CallRecordsPage } from "./call-records-page.ts";
import { ConferenceRoomsPage } from "./conference-rooms-page.ts";
import { ConnectionsPage } from "./connections-page.ts";
import { ContactsPage } from "./contacts-page.ts";
import { DepartmentsPage } from "./departments-page.ts";
import { DialPermissionsPage } from "./dial-permissions-page.ts";
import { ExtensionsPage } from "./extensions-page.ts";
import { FeatureCodesPage } from "./feature-codes-page.ts";
import { FirmwarePage } from "./firmware-page.ts";
import { FollowMePage } from "./follow-me-page.ts";
import { InboundRoutesPage } from "./inbound-routes-page.ts";
import { IvrsPage } from "./ivrs-page.ts";
import { LogsPage } from "./logs-page.ts";
import { MohPage } from "./moh-page.ts";
import { MyExtensionPage } from "./my-extension-page.ts";
import { OutboundRoutesPage } from "./outbound-routes-page.ts";
import { PagingGroupsPage } from "./paging-groups-page.ts";
import { PasswordPage } from "./password-page.ts";
import { PhonesPage } from "./phones-page.ts";
import { PortDiagnosticsPage } from "./port-diagnostics-page.ts";
import { PromptsPage } from "./prompts-page.ts";
import { QueuesPage } from "./queues-page.ts";
import { RecordingsPage } from "./recordings-page.ts";
import { SettingsPage } from "./settings-page.ts";
import { StatusPage } from "./status-page.ts";
import { TimeConditionsPage } from "./time-conditions-page.ts";
import { TrunksPage } from "./trunks-page.ts";
import { VoicemailPage } from "./voicemail-page.ts";
import { WakeupCallsPage } from "./wakeup-calls-page.ts";

const VIEWS: Record<PageId, () => unknown> = {
  status: StatusPage,
  connections: ConnectionsPage,
  extensions: ExtensionsPage,
  analog: AnalogPage,
  "port-diagnostics": PortDiagnosticsPage,
  departments: DepartmentsPage,
  "feature-codes": FeatureCodesPage,
  contacts: ContactsPage,
  "call-forwards": CallForwardsPage,
  blacklist: BlacklistPage,
  "wakeup-calls": WakeupCallsPage,
  "follow-me": FollowMePage,
  "paging-groups": PagingGroupsPage,
  queues: QueuesPage,
  "conference-rooms": ConferenceRoomsPage,
  phones: PhonesPage,
  settings: SettingsPage,
  logs: LogsPage,
  firmware: FirmwarePage,
  accounts: AccountsPage,
  backup: BackupPage,
  password: PasswordPage,
  "my-extension": MyExtensionPage,
  billing: BillingExtensionsPage,
  "billing-rates": BillingRatesPage,
  "billing-top-ups": BillingTopUpsPage,
  "billing-calls": BillingCallsPage,
  "billing-statistics": BillingStatisticsPage,
  "billing-rate-test": BillingRateTestPage,
  "billing-settings": BillingSettingsPage,
  trunks: TrunksPage,
  "outbound-routes": OutboundRoutesPage,
  "inbound-routes": InboundRoutesPage,
  ivrs: IvrsPage,
  "time-conditions": TimeConditionsPage,
  "dial-permissions": DialPermissionsPage,
  "call-records": CallRecordsPage,
  recordings: RecordingsPage,
  moh: MohPage,
  prompts: PromptsPage,
  voicemail: VoicemailPage,
};

export function Shell() {
  const { t, me, language, setLanguage, logout } = useApp();
  const [page, setPage] = useState<PageId>(() => pageFromHash(location.hash, me.role));
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    const onHash = () => {
      setPage(pageFromHash(location.hash, me.role));
      setMenuOpen(false);
    };
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [me.role]);

  const View = VIEWS[page];
  const sections = menuSections(me.role);
  return html`<div class=${`shell${menuOpen ? " menu-open" : ""}`}>
    <nav class="menu" id="menu" aria-label="menu">
      <div class="brand">${t("app.title")}</div>
      ${sections.map((section, i) => {
        const heading = section.group && sections[i - 1]?.group?.label !== section.group.label;
        return html`<div class="menu-section" key=${i}>
          ${heading ? html`<div class="menu-group">${t(section.group!.label)}</div>` : null}
          ${section.sub ? html`<div class="menu-sub">${t(section.sub)}</div>` : null}
          ${section.pages.map(
            (p) =>
              html`<a key=${p.id} href=${`#/${p.id}`} data-page=${p.id} onClick=${() => setMenuOpen(false)} class=${`${p.id === page ? "active" : ""}${section.sub ? " nested" : ""}`}>${t(p.label)}</a>`,
          )}
        </div>`;
      })}
    </nav>
    <div class="main">
      <header class="top">
        <button type="button" class="menu-toggle" data-action="menu" aria-controls="menu" aria-expanded=${menuOpen ? "true" : "false"} onClick=${() => setMenuOpen(!menuOpen)}>☰ ${t("nav.menu")}</button>
        <span class="who">${me.username ?? me.extension} · ${t(`role.${me.role}`)}</span>
        <button type="button" class="link lang-switch" onClick=${() => setLanguage(language === "zh" ? "en" : "zh")}>${t("app.language")}</button>
        <a href="#/password" data-action="password" class=${page === "password" ? "active" : ""}>${t("nav.password")}</a>
        <button type="button" class="button" data-action="logout" onClick=${logout}>${t("app.logout")}</button>
      </header>
      <main class="content" data-view=${page}><${View} key=${page} /></main>
    </div>
  </div>`;
}
