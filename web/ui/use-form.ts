// Form state for the edit dialogs: the values, and the API's refusal pinned to the field it
// names so the message shows beside that field, translated from its code and parameters
// (i18n/error-text.ts); the API's English wording only for codes without a sentence.
import { useState } from "preact/hooks";
import type { ApiFailure } from "./api-client.ts";
import { refusalText } from "./i18n/error-text.ts";
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
      const text = refusalText(failure, t);
      if (failure.field) {
        setErrors({ [failure.field]: text ?? t("app.invalid", { message: failure.message }) });
        setFormError("");
      } else {
        setErrors({});
        setFormError(text ?? t("app.error", { message: failure.message }));
      }
    },
    clear: () => {
      setErrors({});
      setFormError("");
    },
  };
}
