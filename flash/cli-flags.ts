// `--name value` pairs of the host tools' command lines (make-bundle, sign-command).

export function flags(argv: readonly string[]): Map<string, string> {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (!flag.startsWith("--") || value === undefined)
      throw new Error(`expected --flag value at ${flag}`);
    given.set(flag.slice(2), value);
  }
  return given;
}
