// Form state for the edit dialogs: the values, and the API's refusal pinned to the field it
// names so the message shows beside that field.
import { useState } from "preact/hooks";
import type { ApiFailure } from "./api-client.ts";
import type { Translate } from "./i18n/translate.ts";

export interface Form<T> {
  values: T;
  set<K extends keyof T>(field: K, value: T[K]): void;
  errors: Partial<Record<string, string>>;
  /** A message for the form as a whole (no field named). */
  formError: string;
  fail(failure: ApiFailure): void;
  clear(): void;
}

export function useForm<T extends object>(initial: T, t: Translate): Form<T> {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState("");
  return {
    values,
    set: (field, value) => {
      setValues((v) => ({ ...v, [field]: value }));
      setErrors((e) => ({ ...e, [field as string]: undefined }));
    },
    errors,
    formError,
    fail: (failure) => {
      const message = t("app.invalid", { message: failure.message });
      if (failure.field) {
        setErrors({ [failure.field]: message });
        setFormError("");
      } else {
        setErrors({});
        setFormError(t("app.error", { message: failure.message }));
      }
    },
    clear: () => {
      setErrors({});
      setFormError("");
    },
  };
}
