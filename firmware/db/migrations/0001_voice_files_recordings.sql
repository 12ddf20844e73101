CREATE TABLE `recording_extensions` (
	`recording_id` integer NOT NULL,
	`extension` text NOT NULL,
	PRIMARY KEY(`recording_id`, `extension`),
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recording_extensions_extension_idx` ON `recording_extensions` (`extension`);--> statement-breakpoint
CREATE TABLE `recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`direction` text NOT NULL,
	`peer_number` text DEFAULT '' NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`bytes` integer NOT NULL,
	`volume` text DEFAULT 'data' NOT NULL,
	`path` text NOT NULL,
	`call_id` text
);
--> statement-breakpoint
CREATE INDEX `recordings_started_at_idx` ON `recordings` (`started_at`);--> statement-breakpoint
CREATE TABLE `custom_prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`bytes` integer NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_prompts_name_unique` ON `custom_prompts` (`name`);--> statement-breakpoint
CREATE TABLE `moh_classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`play_mode` text DEFAULT 'in-order' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moh_classes_name_unique` ON `moh_classes` (`name`);--> statement-breakpoint
CREATE TABLE `moh_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`name` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`bytes` integer NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `moh_classes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moh_files_class_name_idx` ON `moh_files` (`class_id`,`name`);