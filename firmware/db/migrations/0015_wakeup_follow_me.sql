CREATE TABLE `follow_me` (
	`extension` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`ring_first_s` integer DEFAULT 30 NOT NULL,
	`mode` text DEFAULT 'always' NOT NULL,
	`numbers` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `wakeup_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`extension` text NOT NULL,
	`at_ms` integer NOT NULL,
	`next_ms` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`missed` integer DEFAULT 0 NOT NULL,
	`booked_by` text DEFAULT '' NOT NULL,
	`created_ms` integer NOT NULL
);
