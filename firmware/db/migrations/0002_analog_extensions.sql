CREATE TABLE `analog_extensions` (
	`channel` integer PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`alias` text DEFAULT '' NOT NULL,
	`department_id` integer,
	`recording` text DEFAULT 'none' NOT NULL,
	`language` text DEFAULT '' NOT NULL,
	`dial_permission` text DEFAULT 'international' NOT NULL,
	`rx_gain_db` integer DEFAULT 0 NOT NULL,
	`tx_gain_db` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `analog_extensions_number_unique` ON `analog_extensions` (`number`);