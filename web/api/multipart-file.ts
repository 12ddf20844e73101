// The one file of a multipart/form-data upload (voice files, backups): the body must be
// multipart, readable, and carry only the fields the route knows, with the file under "file".
// Each refusal is an ApiError naming the field (STYLE.md 8).
import type { Context } from "hono";
import type { ApiEnv } from "./api-env.ts";
import { ApiError } from "./api-error.ts";

/**
 * The form of a multipart upload and its "file". `fields` are the other fields the route
 * accepts; `wanted` says what to send when the body is not multipart (the 415's message).
 */
export async function readMultipartFile(
  c: Context<ApiEnv>,
  fields: readonly string[],
  wanted: string,
): Promise<{ form: FormData; file: File }> {
  if (!(c.req.header("Content-Type") ?? "").startsWith("multipart/form-data"))
    throw new ApiError(415, "invalid", wanted, "file");
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, "invalid", "the multipart body could not be read", "file");
  }
  for (const key of form.keys())
    if (key !== "file" && !fields.includes(key))
      throw new ApiError(400, "invalid", `${key} is not a known field`, key);
  const file = form.get("file");
  if (!(file instanceof File)) throw new ApiError(400, "invalid", "file is required", "file");
  return { form, file };
}
