// `bun flash/sign-command.ts`: prints a signed remote command (SPEC DEV-6) for one box, ready to
// publish on pbx/<box id>/command. Signed with the development key unless --key names another
// PKCS #8 PEM Ed25519 key. The box acts on it only within 5 minutes of --at (now by default).
//
//   bun flash/sign-command.ts --box office-1 --command reboot
//   bun flash/sign-command.ts --box office-1 --command fetch-update --url https://.../pbx.bundle
import { readFileSync } from "node:fs";
import { importPrivateKeyPem } from "./bundle/bundle-signature.ts";
import { DEVELOPMENT_KEY } from "./bundle/development-key.ts";
import { type RemoteCommand, signCommand } from "./bundle/signed-command.ts";
import { flags } from "./cli-flags.ts";

async function main(argv: readonly string[]): Promise<number> {
  const given = flags(argv);
  const box = given.get("box");
  const name = given.get("command");
  const issuedAtMs = Number(given.get("at") ?? Date.now());
  const url = given.get("url");
  let command: RemoteCommand;
  if (box && name === "reboot") command = { command: "reboot", box, issuedAtMs };
  else if (box && name === "fetch-update" && url)
    command = { command: "fetch-update", box, issuedAtMs, url };
  else {
    console.error(
      "usage: sign-command --box ID --command reboot|fetch-update [--url URL] [--at MS] [--key PEM]",
    );
    return 2;
  }
  const privateKey = await importPrivateKeyPem(
    readFileSync(given.get("key") ?? DEVELOPMENT_KEY, "utf8"),
  );
  console.log(await signCommand(privateKey, command));
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
