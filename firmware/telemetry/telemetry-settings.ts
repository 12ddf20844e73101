// SPEC DEV-6: where telemetry goes, as the admin sets it on the settings page. Stored in the
// settings table under one key; the password and the client key are never sent back out.

export interface TelemetrySettings {
  enabled: boolean;
  /** The vendor's broker: host name or address. */
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  /** PEM: the CA the broker's certificate is checked against ("" for the system's CAs). */
  caCertificate: string;
  /** PEM: the box's client certificate and its key ("" for none). */
  clientCertificate: string;
  clientKey: string;
  /** The name in every topic, pbx/<box id>/...; "" means the host name. */
  boxId: string;
  healthIntervalS: number;
  /** Whether the box acts on signed commands from pbx/<box id>/command (reboot, fetch update). */
  remoteCommands: boolean;
}

export const TELEMETRY_KEY = "telemetry";

export const DEFAULT_TELEMETRY_SETTINGS: TelemetrySettings = {
  enabled: false,
  host: "",
  port: 8883,
  tls: true,
  username: "",
  password: "",
  caCertificate: "",
  clientCertificate: "",
  clientKey: "",
  boxId: "",
  healthIntervalS: 60,
  remoteCommands: false,
};

/** What the settings page may see: no password, no key, only whether they are set. */
export type TelemetrySettingsView = Omit<TelemetrySettings, "password" | "clientKey"> & {
  passwordSet: boolean;
  clientKeySet: boolean;
};

export function viewOf(settings: TelemetrySettings): TelemetrySettingsView {
  const { password, clientKey, ...rest } = settings;
  return { ...rest, passwordSet: password !== "", clientKeySet: clientKey !== "" };
}
