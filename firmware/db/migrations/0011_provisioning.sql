CREATE TABLE `phones` (
	`mac` text PRIMARY KEY NOT NULL,
	`vendor` text DEFAULT '' NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`firmware` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`lines` text DEFAULT '[]' NOT NULL,
	`blf_keys` text DEFAULT '[]' NOT NULL,
	`idle_text` text DEFAULT '' NOT NULL,
	`call_waiting` integer DEFAULT true NOT NULL,
	`http_user` text DEFAULT '' NOT NULL,
	`http_password` text DEFAULT '' NOT NULL,
	`assigned_by` text,
	`assigned_at` integer,
	`discovered_at` integer,
	`last_fetch_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
