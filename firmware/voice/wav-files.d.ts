// Prompt WAVs are imported as embedded file paths (`with { type: "file" }`, see
// embedded-prompts.ts): the import's value is the file's path, on disk or in the binary.
declare module "*.wav" {
  const path: string;
  export default path;
}
