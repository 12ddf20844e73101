import { expect, test } from "bun:test";
import { compileTemplate, renderTemplate } from "./template-render.ts";

const render = (
  template: string,
  context: Record<string, unknown>,
  format: "xml" | "line" = "line",
) => renderTemplate(compileTemplate(template), context, format);

test("values, dotted names and integer arithmetic", () => {
  expect(
    render("{{a}} {{b.c}} {{n*3+301}} {{n+-1}} {{missing}}.", { a: "x", b: { c: 5 }, n: 2 }),
  ).toBe("x 5 307 1 .");
});

test("lists repeat with the item's fields over the outer ones; inverted sections", () => {
  const out = render("{{#keys}}[{{i}}:{{host}}]{{/keys}}{{^none}}empty{{/none}}", {
    host: "h",
    keys: [{ i: 1 }, { i: 2, host: "own" }],
    none: [],
  });
  expect(out).toBe("[1:h][2:own]empty");
  expect(
    render("{{#on}}yes{{/on}}{{#off}}no{{/off}}{{#obj}}{{v}}{{/obj}}", {
      on: true,
      off: false,
      obj: { v: 3 },
    }),
  ).toBe("yes3");
});

test("values are escaped for the file: XML entities, or no line breaks in key=value files", () => {
  expect(render("<a>{{v}}</a>", { v: `<b>&"'` }, "xml")).toBe("<a>&lt;b&gt;&amp;&quot;&apos;</a>");
  expect(render("key = {{v}}\n", { v: "a\r\nother.key = 1" })).toBe("key = a  other.key = 1\n");
});

test("an unbalanced template is refused when loaded", () => {
  expect(() => compileTemplate("{{#a}}x")).toThrow("never closed");
  expect(() => compileTemplate("x{{/a}}")).toThrow("closes nothing");
  expect(() => compileTemplate("{{#a}}{{/b}}")).toThrow();
});

test("a section tag alone on its line leaves no blank line; one inside a line keeps its text", () => {
  const template =
    "a = 1\n{{#keys}}\n  {{#blf}}\nkey.{{n}} = blf\n  {{/blf}}\n{{/keys}}\nb = <{{#on}}x{{/on}}>\n";
  expect(
    render(template, {
      keys: [
        { n: 1, blf: true },
        { n: 2, blf: false },
      ],
      on: true,
    }),
  ).toBe("a = 1\nkey.1 = blf\nb = <x>\n");
  expect(render("{{#a}}\nx\n{{/a}}", { a: true })).toBe("x\n");
});
