// Mandarin cardinal numbers as prompt names, by the reading rules taught in school:
// groups of four digits with 万 and 亿; zeros at the end of a group are silent, a run of
// zeros inside is one 零 (一百零五, 一万零五, 一亿零一千, 一百万一千); a leading 1 before 十 is
// dropped (十五, 十万, but 一百一十); 2 is 两 before 千, 万, 亿 and before 百 when it opens the number, 二 elsewhere
// (两百, 两千二百二十二, 一万两千).

const UNIT = ["", "digits/10", "digits/hundred", "digits/thousand"];
const GROUP_UNIT = ["", "digits/ten-thousand", "digits/hundred-million"];

/** Prompt names for 0 <= n < 1e12 in Mandarin. */
export function sayNumberZh(n: number): string[] {
  if (n === 0) return ["digits/0"];
  const groups = [n % 1e4, Math.floor(n / 1e4) % 1e4, Math.floor(n / 1e8)];
  const out: string[] = [];
  let zero = false;
  for (let g = 2; g >= 0; g--) {
    const value = groups[g] as number;
    if (value === 0) {
      if (out.length > 0) zero = true;
      continue;
    }
    for (let pos = 3; pos >= 0; pos--) {
      const d = Math.floor(value / 10 ** pos) % 10;
      if (d === 0) {
        if (out.length > 0) zero = true;
        continue;
      }
      if (zero) out.push("digits/0");
      zero = false;
      const leadingTen = out.length === 0 && pos === 1 && d === 1;
      // 两 before 千, before 百 when it opens the number, and alone before 万/亿.
      const opens = out.length === 0;
      const liang =
        d === 2 && (pos === 3 || (pos === 2 && opens) || (pos === 0 && g > 0 && value === 2));
      if (!leadingTen) out.push(liang ? "digits/liang" : `digits/${d}`);
      if (pos > 0) out.push(UNIT[pos] as string);
    }
    if (g > 0) out.push(GROUP_UNIT[g] as string);
    // Zeros closing a group are not read.
    zero = false;
  }
  return out;
}
