CREATE TABLE `blacklist_numbers` (
	`number` text PRIMARY KEY NOT NULL,
	`added_by` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `call_forwards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`extension` text NOT NULL,
	`type` text NOT NULL,
	`number` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_forwards_extension_type_idx` ON `call_forwards` (`extension`,`type`);--> statement-breakpoint
CREATE TABLE `dnd_extensions` (
	`extension` text PRIMARY KEY NOT NULL,
	`since_ms` integer NOT NULL
);
