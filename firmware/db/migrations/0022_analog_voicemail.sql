ALTER TABLE `analog_extensions` ADD `voicemail_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `analog_extensions` ADD `email` text DEFAULT '' NOT NULL;