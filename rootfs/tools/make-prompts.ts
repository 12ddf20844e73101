// Generates the voice prompts from prompts.tsv: espeak-ng speaks each row in English
// (en-us) and Mandarin (cmn), sox converts to 8 kHz 16-bit mono and trims the silence around
// it, and the result goes to ../usr/share/pbx/prompts/<lang>/<name>.wav. manifest.json
// records a hash of every row so only rows whose text changed are spoken again.
// Run: npx bun rootfs/tools/make-prompts.ts [--force]
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const SETTINGS =
  "espeak-ng en-us -s 190, cmn -s 275; sox 8000 Hz mono 16-bit, silence trimmed, pauses 150 ms";
const RATES = { en: "190", zh: "275" } as const;
const VOICES = { en: "en-us", zh: "cmn" } as const;
type Lang = keyof typeof VOICES;

const toolsDir = import.meta.dir;
const promptsDir = join(toolsDir, "..", "usr", "share", "pbx", "prompts");
const manifestPath = join(promptsDir, "manifest.json");

interface Row {
  name: string;
  en: string;
  zh: string;
}

export function rowHash(row: Row): string {
  return createHash("sha256")
    .update(`${SETTINGS}\t${row.name}\t${row.en}\t${row.zh}`)
    .digest("hex")
    .slice(0, 16);
}

function readCatalog(): Row[] {
  const rows: Row[] = [];
  const lines = readFileSync(join(toolsDir, "prompts.tsv"), "utf8").split("\n");
  for (const line of lines) {
    if (line.trim() === "" || line.startsWith("#") || line.startsWith("name\t")) continue;
    const [name, en, zh] = line.split("\t");
    if (!name || !en || !zh) throw new Error(`bad catalog line: ${line}`);
    rows.push({ name, en, zh });
  }
  return rows;
}

function run(cmd: string[]): void {
  const r = Bun.spawnSync(cmd, { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${r.stderr.toString()}`);
}

function speak(text: string, lang: Lang, out: string, work: string): void {
  const raw = join(work, "speech.wav");
  run(["espeak-ng", "-v", VOICES[lang], "-s", RATES[lang], "-w", raw, text]);
  mkdirSync(dirname(out), { recursive: true });
  // Trim leading and trailing silence, shorten pauses inside to 150 ms (espeak's pauses at
  // commas are long and the prompt set must stay small), keep 30 ms either side, and
  // normalise to -3 dBFS peak.
  run([
    "sox",
    raw,
    "-r",
    "8000",
    "-c",
    "1",
    "-b",
    "16",
    "-e",
    "signed-integer",
    out,
    "silence",
    "-l",
    "1",
    "0.01",
    "0.5%",
    "-1",
    "0.15",
    "0.5%",
    "reverse",
    "silence",
    "1",
    "0.01",
    "0.5%",
    "reverse",
    "pad",
    "0.03",
    "0.03",
    "gain",
    "-n",
    "-3",
  ]);
}

function main(): void {
  const force = process.argv.includes("--force");
  const rows = readCatalog();
  const old: { rows?: Record<string, string> } = existsSync(manifestPath)
    ? JSON.parse(readFileSync(manifestPath, "utf8"))
    : {};
  const work = mkdtempSync(join(tmpdir(), "prompts-"));
  const manifest: Record<string, string> = {};
  let spoken = 0;
  try {
    for (const row of rows) {
      const hash = rowHash(row);
      manifest[row.name] = hash;
      const files = (Object.keys(VOICES) as Lang[]).map((lang) =>
        join(promptsDir, lang, `${row.name}.wav`),
      );
      if (!force && old.rows?.[row.name] === hash && files.every((f) => existsSync(f))) continue;
      for (const [i, lang] of (Object.keys(VOICES) as Lang[]).entries()) {
        speak(row[lang], lang, files[i] as string, work);
      }
      spoken++;
    }
    // Rows removed from the catalog lose their files.
    for (const name of Object.keys(old.rows ?? {})) {
      if (manifest[name]) continue;
      for (const lang of Object.keys(VOICES))
        rmSync(join(promptsDir, lang, `${name}.wav`), { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const sorted = Object.fromEntries(
    Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(manifestPath, `${JSON.stringify({ settings: SETTINGS, rows: sorted }, null, 2)}\n`);
  console.log(`${rows.length} prompts, ${spoken} spoken`);
}

if (import.meta.main) main();
