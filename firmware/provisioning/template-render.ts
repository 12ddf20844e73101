// SPEC PROV-2: vendor configuration files are data (templates/), filled from one context. The
// language is a small subset of Mustache, enough for key=value and XML files:
//   {{name}} or {{a.b}}       a value, escaped for the file's format
//   {{name*3+301}}            integer arithmetic on a value (Grandstream's P-value numbers)
//   {{#name}}..{{/name}}      a list repeated per item (its fields shadow the outer ones), or a
//                             section shown when the value is true or a non-empty object
//   {{^name}}..{{/name}}      shown when the value is false, empty or missing
// A template that names a missing value renders it empty: a model without a key is better
// served than refused. A section left open is a template bug and throws at load time.

export type TemplateEscape = "xml" | "line";
type Scope = Record<string, unknown>;

const TAG = /\{\{([#^/]?)\s*([A-Za-z0-9_.]+)(?:\s*\*\s*(-?\d+))?(?:\s*\+\s*(-?\d+))?\s*\}\}/g;

interface Token {
  kind: "text" | "value" | "section" | "inverted" | "end";
  text: string;
  name: string;
  multiply: number;
  add: number;
}

type Node =
  | { kind: "text"; text: string }
  | { kind: "value"; name: string; multiply: number; add: number }
  | { kind: "section" | "inverted"; name: string; children: Node[] };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (const match of template.matchAll(TAG)) {
    const sigil = match[1];
    let before = template.slice(at, match.index);
    let end = match.index + match[0].length;
    // A section tag alone on its line takes the line with it, as in Mustache, so a file's
    // lines are the template's lines without the tags'.
    if (sigil) {
      const lineStart = before.lastIndexOf("\n") + 1;
      const indent = before.slice(lineStart);
      const startsLine = lineStart > 0 || at === 0 || template[at - 1] === "\n";
      const newline = template.startsWith("\r\n", end) ? 2 : template[end] === "\n" ? 1 : 0;
      if (startsLine && /^[ \t]*$/.test(indent) && (newline > 0 || end === template.length)) {
        before = before.slice(0, lineStart);
        end += newline;
      }
    }
    if (before !== "") tokens.push({ kind: "text", text: before, name: "", multiply: 1, add: 0 });
    tokens.push({
      kind:
        sigil === "#" ? "section" : sigil === "^" ? "inverted" : sigil === "/" ? "end" : "value",
      text: "",
      name: match[2]!,
      multiply: match[3] === undefined ? 1 : Number(match[3]),
      add: match[4] === undefined ? 0 : Number(match[4]),
    });
    at = end;
  }
  if (at < template.length)
    tokens.push({ kind: "text", text: template.slice(at), name: "", multiply: 1, add: 0 });
  return tokens;
}

/** Parses a template once; throws on an unbalanced section (a bug in a shipped file). */
export function compileTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: "", children: root }];
  for (const token of tokenize(template)) {
    const top = stack.at(-1)!;
    if (token.kind === "text") top.children.push({ kind: "text", text: token.text });
    else if (token.kind === "value")
      top.children.push({
        kind: "value",
        name: token.name,
        multiply: token.multiply,
        add: token.add,
      });
    else if (token.kind === "end") {
      if (stack.length === 1 || top.name !== token.name)
        throw new Error(`template: {{/${token.name}}} closes nothing open`);
      stack.pop();
    } else {
      const node: Node = { kind: token.kind, name: token.name, children: [] };
      top.children.push(node);
      stack.push({ name: token.name, children: node.children });
    }
  }
  if (stack.length > 1) throw new Error(`template: {{#${stack.at(-1)!.name}}} is never closed`);
  return root;
}

function lookup(scopes: readonly Scope[], name: string): unknown {
  const [head, ...rest] = name.split(".");
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    if (!(head! in scope)) continue;
    let value: unknown = scope[head!];
    for (const part of rest) {
      value = value !== null && typeof value === "object" ? (value as Scope)[part] : undefined;
    }
    return value;
  }
  return undefined;
}

function escapeValue(text: string, format: TemplateEscape): string {
  if (format === "line") return text.replace(/[\r\n]/g, " ");
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function isShown(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== false && value !== "" && value !== 0;
}

function renderNodes(nodes: readonly Node[], scopes: Scope[], format: TemplateEscape): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "value") {
      const value = lookup(scopes, node.name);
      if (node.multiply !== 1 || node.add !== 0)
        out += String(Number(value) * node.multiply + node.add);
      else if (value !== undefined && value !== null) out += escapeValue(String(value), format);
    } else {
      const value = lookup(scopes, node.name);
      if (node.kind === "inverted") {
        if (!isShown(value)) out += renderNodes(node.children, scopes, format);
      } else if (Array.isArray(value)) {
        for (const item of value)
          out += renderNodes(node.children, [...scopes, item as Scope], format);
      } else if (isShown(value)) {
        const inner = typeof value === "object" ? [...scopes, value as Scope] : scopes;
        out += renderNodes(node.children, inner, format);
      }
    }
  }
  return out;
}

/** Fills a compiled template from `context`, escaping values for the file's format. */
export function renderTemplate(
  template: readonly Node[],
  context: Scope,
  format: TemplateEscape,
): string {
  return renderNodes(template, [context], format);
}
