// Real broker connections with the mqtt package. The package's own reconnecting and offline
// queue are off: the publisher decides when to retry, and the disk queue holds what waits.
// The package is loaded with the first connection, so a box without telemetry never carries it
// (about 8 MB of resident memory).
import type { BrokerLink, Connect } from "./broker-link.ts";
import type { TelemetrySettings } from "./telemetry-settings.ts";

const CONNECT_TIMEOUT_MS = 10_000;

export function mqttConnector(settings: TelemetrySettings, clientId: string): Connect {
  return async (request) => {
    const { default: mqtt } = await import("mqtt");
    return new Promise<BrokerLink>((resolve, reject) => {
      const client = mqtt.connect({
        protocol: settings.tls ? "mqtts" : "mqtt",
        host: settings.host,
        port: settings.port,
        clientId,
        clean: true,
        keepalive: 30,
        reconnectPeriod: 0,
        connectTimeout: CONNECT_TIMEOUT_MS,
        queueQoSZero: false,
        ...(settings.username ? { username: settings.username } : {}),
        ...(settings.password ? { password: settings.password } : {}),
        ...(settings.caCertificate ? { ca: settings.caCertificate } : {}),
        ...(settings.clientCertificate && settings.clientKey
          ? { cert: settings.clientCertificate, key: settings.clientKey }
          : {}),
        rejectUnauthorized: true,
        will: { ...request.will, qos: 1 },
      });
      let connected = false;
      let lastError = "connection closed";
      client.on("error", (error) => {
        lastError = error.message;
      });
      const inbox = request.inbox;
      if (inbox)
        client.on("message", (topic, payload) => {
          if (topic === inbox.topic) inbox.onMessage(new Uint8Array(payload));
        });
      const opened = () => {
        connected = true;
        resolve({
          publish: (topic, payload, options) =>
            new Promise<void>((done, fail) => {
              client.publish(topic, payload, { qos: 1, retain: options.retain }, (error) =>
                error ? fail(error) : done(),
              );
            }),
          close: () => new Promise<void>((done) => client.end(false, {}, () => done())),
        });
      };
      client.once("connect", () => {
        // A broker that stops just as the box acknowledges something can leave the socket
        // ended but never closed under Bun; the package reacts to a close only, and the link
        // would look up until the keepalive gave up some 45 s later. Ended is closed here.
        const stream = client.stream;
        stream.once("end", () => stream.destroy());
        if (!inbox) return opened();
        client.subscribe(inbox.topic, { qos: 1 }, (error) => {
          if (!error) return opened();
          lastError = `subscribing to ${inbox.topic}: ${error.message}`;
          client.end(true);
        });
      });
      client.on("close", () => {
        if (!connected) {
          client.end(true);
          reject(new Error(lastError));
          return;
        }
        connected = false;
        client.end(true);
        request.onClose(lastError);
      });
    });
  };
}
