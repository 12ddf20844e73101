CREATE TABLE `paging_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`mode` text DEFAULT 'simplex' NOT NULL,
	`members` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paging_groups_number_unique` ON `paging_groups` (`number`);