CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`office` text DEFAULT '' NOT NULL,
	`mobile` text DEFAULT '' NOT NULL,
	`other` text DEFAULT '' NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`owner` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contacts_owner_idx` ON `contacts` (`owner`);