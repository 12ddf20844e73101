// The gzipped bundles under dist/ are imported as embedded file paths (`with { type: "file" }`)
// so `bun build --compile` carries them in the binary; bundle.ts writes them before that.
declare module "*.gz" {
  const path: string;
  export default path;
}
