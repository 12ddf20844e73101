// Tests read what the box exports with the same reader the box uses for uploads.
export { readXlsx, readZip } from "../../web/api/export/xlsx-reader.ts";
