// DESIGN "Data": every table of the appliance's database, one file per table group.
export * from "./accounts.ts";
export * from "./analog-extensions.ts";
export * from "./billing.ts";
export * from "./call-features.ts";
export * from "./call-records.ts";
export * from "./conference-rooms.ts";
export * from "./contacts.ts";
export * from "./departments.ts";
export * from "./extensions.ts";
export * from "./phones.ts";
export * from "./recordings.ts";
export * from "./routes.ts";
export * from "./settings.ts";
export * from "./trunks.ts";
export * from "./voice-files.ts";
export * from "./voicemail.ts";
export * from "./wakeup-follow-me.ts";
