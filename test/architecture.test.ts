// DESIGN.md "Folders, and who may import whom", enforced: every .ts file's imports (static
// `import ... from`, `export ... from`, side-effect `import "..."`, dynamic `import("...")`)
// are read with the TypeScript parser and checked against the table. Lower layers never
// import higher ones; production code never imports test code.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = join(import.meta.dir, "..");
const SOURCE_FOLDERS = ["bsp", "media", "board", "firmware", "web", "flash", "rootfs", "test"];

type Layer =
  | "bsp"
  | "media"
  | "board"
  | "sip"
  | "sdp"
  | "firmware"
  | "flash"
  | "flash/bundle"
  | "web/api"
  | "web/ui"
  | "web"
  | "rootfs"
  | "test"
  | "other";

/** The layer a repository path (forward slashes, relative to the root) belongs to. */
function layerOf(path: string): Layer {
  const under = (folder: string) => path === folder || path.startsWith(`${folder}/`);
  if (under("firmware/sip")) return "sip";
  if (under("firmware/sdp")) return "sdp";
  if (under("flash/bundle")) return "flash/bundle";
  if (under("web/api")) return "web/api";
  if (under("web/ui")) return "web/ui";
  for (const top of ["bsp", "media", "board", "firmware", "flash", "web", "rootfs", "test"]) {
    if (under(top)) return top as Layer;
  }
  return "other";
}

/** What production code of each layer may import at run time (DESIGN.md's table). */
const MAY_IMPORT: Record<Layer, readonly Layer[] | "anything"> = {
  bsp: ["bsp"],
  media: ["media"],
  board: ["board", "bsp"],
  sip: ["sip"],
  sdp: ["sdp"],
  // rootfs holds the data the firmware embeds (prompts, default config).
  firmware: ["firmware", "sip", "sdp", "media", "board", "bsp", "flash/bundle", "rootfs"],
  flash: ["flash", "flash/bundle", "bsp"],
  "flash/bundle": ["flash/bundle", "bsp"],
  "web/api": ["web/api"],
  "web/ui": ["web/ui"],
  web: ["web"],
  // Host-side scripts that make the root filesystem's data (voice prompts).
  rootfs: ["rootfs", "media", "bsp"],
  test: "anything",
  other: "anything",
};

/**
 * The composition root (DESIGN.md: "Only firmware/main.ts ... wires the services together")
 * hands the services it made to the web API and mounts the UI's asset handler, so it alone
 * may import web/api and web/ui.
 */
const COMPOSITION_ROOT = "firmware/main.ts";

/** What a layer may also import with `import type` only (erased before run time). */
const MAY_IMPORT_TYPES: Partial<Record<Layer, readonly Layer[]>> = {
  "web/api": ["firmware", "sip", "sdp"],
  // The pages share the API's request and response shapes, never its code.
  "web/ui": ["web/api", "firmware", "sip", "sdp"],
};

/** Test code by name: it may reach test/support and what it tests; production code may not reach it. */
function isTestCode(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return (
    layerOf(path) === "test" ||
    /\.(test|contract|test-helper|fixture)\.ts$/.test(name) ||
    /^test-.*\.ts$/.test(name)
  );
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

/** Every module specifier a source file names, whether the import is erased, and its line. */
function importsOf(fileName: string, source: string): ImportRef[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    refs.push({ specifier: specifier.text, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      // `import { type A, type B } from` is erased too; `import {} from` and `import "x"` are not.
      const allInlineTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, Boolean(clause?.isTypeOnly) || allInlineTypes);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      const allInlineTypes =
        named !== undefined &&
        ts.isNamedExports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, node.isTypeOnly || allInlineTypes);
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref)) add(node, ref.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import("x")` names a module in a type position only.
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return refs;
}

/** Why `from` may not import `target` (repository paths), or undefined when it may. */
function ruleBroken(from: string, target: string, typeOnly: boolean): string | undefined {
  const fromLayer = layerOf(from);
  const targetLayer = layerOf(target);
  const fromTest = isTestCode(from);
  if (!fromTest && isTestCode(target)) return "production code imports test code";
  if (from === COMPOSITION_ROOT && (targetLayer === "web/api" || targetLayer === "web/ui")) {
    return undefined;
  }
  const allowed = MAY_IMPORT[fromLayer];
  if (allowed === "anything" || allowed.includes(targetLayer)) return undefined;
  if (fromTest && targetLayer === "test") return undefined;
  const typesAllowed = MAY_IMPORT_TYPES[fromLayer] ?? [];
  if (typesAllowed.includes(targetLayer)) {
    // Tests of web/api build the real services they receive, so they may import their values.
    if (typeOnly || fromTest) return undefined;
    return `${fromLayer} may import ${targetLayer} only with \`import type\``;
  }
  if (fromTest && targetLayer !== "other") {
    // A test may reach what it tests; that is, what its layer's production code reaches by type.
    return `${fromLayer} tests may not import ${targetLayer}`;
  }
  return `${fromLayer} may not import ${targetLayer}`;
}

interface Violation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

/** The violations in one file, given its repository path and its text. */
function violationsIn(path: string, source: string): Violation[] {
  const out: Violation[] = [];
  for (const ref of importsOf(path, source)) {
    // Packages and built-ins (`hono`, `node:fs`, `bun:ffi`) are outside the table.
    if (!ref.specifier.startsWith(".") && !ref.specifier.startsWith("/")) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(path), ref.specifier))
      .split("\\")
      .join("/");
    const reason = ruleBroken(path, target, ref.typeOnly);
    if (reason) out.push({ file: path, line: ref.line, specifier: ref.specifier, reason });
  }
  return out;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const folder of SOURCE_FOLDERS) {
    if (!existsSync(join(ROOT, folder))) continue;
    for (const path of new Bun.Glob("**/*.{ts,tsx}").scanSync({ cwd: join(ROOT, folder) })) {
      files.push(`${folder}/${path}`);
    }
  }
  return files.sort();
}

describe("the import checker", () => {
  const check = (path: string, source: string) =>
    violationsIn(path, source).map((v) => `${v.specifier}: ${v.reason}`);

  test("reads static, re-export, side-effect and dynamic imports with their lines", () => {
    const refs = importsOf(
      "x.ts",
      [
        'import { a } from "./a.ts";',
        'import type { B } from "./b.ts";',
        'export { c } from "./c.ts";',
        'export type { D } from "./d.ts";',
        'import "./e.ts";',
        'const f = await import("./f.ts");',
        'import { type G } from "./g.ts";',
        'let h: typeof import("./h.ts");',
        '// import { z } from "./comment.ts";',
        'const s = "import(\\"./string.ts\\")";',
      ].join("\n"),
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly, r.line])).toEqual([
      ["./a.ts", false, 1],
      ["./b.ts", true, 2],
      ["./c.ts", false, 3],
      ["./d.ts", true, 4],
      ["./e.ts", false, 5],
      ["./f.ts", false, 6],
      ["./g.ts", true, 7],
      ["./h.ts", true, 8],
    ]);
  });

  test("catches a lower layer importing a higher one, dynamic imports included", () => {
    expect(check("media/rtp/x.ts", 'import { f } from "../../firmware/main.ts";')).toEqual([
      "../../firmware/main.ts: media may not import firmware",
    ]);
    expect(check("bsp/sim.ts", 'await import("../board/board.ts");')).toEqual([
      "../board/board.ts: bsp may not import board",
    ]);
    expect(check("board/slic/x.ts", 'import { y } from "../../media/g711.ts";')).toHaveLength(1);
    expect(check("board/slic/x.ts", 'import { y } from "../../bsp/sim.ts";')).toEqual([]);
  });

  test("keeps the SIP stack and SDP to themselves, and firmware off web and test", () => {
    expect(check("firmware/sip/core/x.ts", 'import "../../sdp/parse-sdp.ts";')).toHaveLength(1);
    expect(check("firmware/sdp/x.ts", 'import "../registrar/registrar.ts";')).toHaveLength(1);
    expect(check("firmware/sip/core/x.ts", 'import "../message/parser.ts";')).toEqual([]);
    expect(check("firmware/calls/x.ts", 'import "../../web/api/create-api.ts";')).toEqual([
      "../../web/api/create-api.ts: firmware may not import web/api",
    ]);
    // The composition root alone builds the web API from the services it made.
    expect(check("firmware/main.ts", 'import "../web/api/create-api.ts";')).toEqual([]);
    expect(check("firmware/main.ts", 'import "../test/support/sipp.ts";')).toEqual([
      "../test/support/sipp.ts: production code imports test code",
    ]);
    expect(check("firmware/calls/x.ts", 'import "../../flash/bundle/manifest.ts";')).toEqual([]);
    expect(check("firmware/calls/x.ts", 'import "../../flash/build.ts";')).toHaveLength(1);
  });

  test("lets web/api see firmware through types only, except in its tests", () => {
    const value = 'import { Registrar } from "../../../firmware/registrar/registrar.ts";';
    const typeOnly = 'import type { Registrar } from "../../../firmware/registrar/registrar.ts";';
    expect(check("web/api/routes/x.ts", value)).toEqual([
      "../../../firmware/registrar/registrar.ts: web/api may import firmware only with `import type`",
    ]);
    expect(check("web/api/routes/x.ts", typeOnly)).toEqual([]);
    expect(check("web/api/routes/x.test.ts", value)).toEqual([]);
    expect(check("web/api/x.ts", 'import "../../board/sim/sim-board.ts";')).toEqual([
      "../../board/sim/sim-board.ts: web/api may not import board",
    ]);
    expect(check("web/ui/page.ts", 'import { createApi } from "../api/create-api.ts";')).toEqual([
      "../api/create-api.ts: web/ui may import web/api only with `import type`",
    ]);
  });

  test("keeps test code out of production code, and lets tests reach test/support", () => {
    expect(check("firmware/db/x.ts", 'import "./test-database.ts";')).toEqual([
      "./test-database.ts: production code imports test code",
    ]);
    expect(check("media/x.ts", 'import "../test/support/manual-clock.ts";')).toHaveLength(1);
    expect(check("media/x.test.ts", 'import "../test/support/manual-clock.ts";')).toEqual([]);
    expect(check("board/slic/slic.contract.ts", 'import "../../test/support/x.ts";')).toEqual([]);
    expect(check("test/e2e/x.test.ts", 'import "../../firmware/main.ts";')).toEqual([]);
  });
});

test("every import in the tree follows DESIGN.md's table", () => {
  const files = sourceFiles();
  expect(files.length).toBeGreaterThan(100);
  const violations = files.flatMap((path) =>
    violationsIn(path, readFileSync(join(ROOT, path), "utf8")),
  );
  const report = violations.map((v) => `${v.file}:${v.line} "${v.specifier}": ${v.reason}`);
  expect(report).toEqual([]);
});
