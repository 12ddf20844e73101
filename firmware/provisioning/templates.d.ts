// Vendor templates are imported as text (`with { type: "text" }`) so the compiled binary carries them.
declare module "*.tpl" {
  const text: string;
  export default text;
}
