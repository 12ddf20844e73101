// SPEC DEV-7: which tables are the configuration and which the optional parts. What a backup
// does not hold is kept from the box on restore (a configuration-only restore leaves the call
// records and voice files as they are); login sessions are never backed up, so everyone logs
// in again after a restore.

/**
 * Call records, recordings, the billing ledger and voicemail messages: the "records" part (a
 * mailbox's settings and PIN are configuration).
 */
export const RECORD_TABLES = [
  "call_records",
  "recordings",
  "recording_extensions",
  "billing_top_ups",
  "billing_charges",
  "voicemail_messages",
] as const;

/** Music on hold and custom prompts: the "voice files" part (their audio under the data dir). */
export const VOICE_TABLES = ["moh_classes", "moh_files", "custom_prompts"] as const;

/** Never in a backup. */
export const SESSION_TABLES = ["sessions"] as const;

/** Folders under the data directory each part's files live in (archive name = path). */
export const VOICE_FOLDERS = ["moh", "prompts/custom"] as const;
/** `voicemail` holds each mailbox's messages and its recorded greetings together. */
export const RECORD_FOLDERS = ["recordings", "voicemail"] as const;
