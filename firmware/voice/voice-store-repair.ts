// DESIGN "Data": every file is written to a temporary name and renamed, then its row is
// written. A power cut can therefore leave a ".part" file (write interrupted), a file without
// a row (cut between rename and insert, or during a delete), or, after a storage fault, a row
// whose file is gone. At start each of these is removed, so the index and the folders agree
// again before anything is served.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { eq } from "drizzle-orm";
import { customPrompts, mohClasses, mohFiles } from "../db/schema/voice-files.ts";
import { PART_SUFFIX } from "../services/atomic-file.ts";
import { customPromptRoot, mohRoot, type VoiceContext } from "./voice-context.ts";

/** What the start-up sweep removed, as paths under the data directory. */
export interface RepairReport {
  partFiles: string[];
  filesWithoutRow: string[];
  rowsWithoutFile: string[];
}

/** Removes interrupted writes and orphans of either kind under moh/ and prompts/custom/. */
export function repairVoiceFiles(ctx: VoiceContext): RepairReport {
  const report: RepairReport = { partFiles: [], filesWithoutRow: [], rowsWithoutFile: [] };
  const rel = (path: string) => relative(ctx.dataDir, path);

  const classes = ctx.db.select().from(mohClasses).all();
  const files = ctx.db.select().from(mohFiles).all();
  const root = mohRoot(ctx.dataDir);
  for (const entry of listDir(root)) {
    const folder = join(root, entry);
    if (!isDirectory(folder)) continue;
    const cls = classes.find((c) => c.name === entry);
    if (!cls) {
      for (const file of listDir(folder)) report.filesWithoutRow.push(rel(join(folder, file)));
      rmSync(folder, { recursive: true, force: true });
      continue;
    }
    const known = new Set(files.filter((f) => f.classId === cls.id).map((f) => `${f.name}.wav`));
    sweepFolder(folder, known, report, rel);
  }
  for (const file of files) {
    const cls = classes.find((c) => c.id === file.classId)!;
    const path = join(root, cls.name, `${file.name}.wav`);
    if (!existsSync(path)) {
      ctx.db.delete(mohFiles).where(eq(mohFiles.id, file.id)).run();
      report.rowsWithoutFile.push(rel(path));
    }
  }

  const promptFolder = customPromptRoot(ctx.dataDir);
  const prompts = ctx.db.select().from(customPrompts).all();
  sweepFolder(promptFolder, new Set(prompts.map((p) => `${p.name}.wav`)), report, rel);
  for (const prompt of prompts) {
    const path = join(promptFolder, `${prompt.name}.wav`);
    if (!existsSync(path)) {
      ctx.db.delete(customPrompts).where(eq(customPrompts.id, prompt.id)).run();
      report.rowsWithoutFile.push(rel(path));
    }
  }
  return report;
}

function sweepFolder(
  folder: string,
  known: ReadonlySet<string>,
  report: RepairReport,
  rel: (path: string) => string,
): void {
  for (const file of listDir(folder)) {
    const path = join(folder, file);
    if (file.endsWith(PART_SUFFIX)) {
      rmSync(path, { force: true });
      report.partFiles.push(rel(path));
    } else if (file.endsWith(".wav") && !known.has(file)) {
      rmSync(path, { force: true });
      report.filesWithoutRow.push(rel(path));
    }
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
