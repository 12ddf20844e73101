CREATE TABLE `billing_accounts` (
	`extension` text PRIMARY KEY NOT NULL,
	`billing_enabled` integer DEFAULT false NOT NULL,
	`payment_method` text DEFAULT 'prepaid' NOT NULL,
	`balance_minor` integer DEFAULT 0 NOT NULL,
	`credit_limit_minor` integer DEFAULT 0 NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`total_top_up_minor` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `billing_charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` text NOT NULL,
	`extension` text NOT NULL,
	`number` text NOT NULL,
	`rule` text NOT NULL,
	`answered_at_ms` integer NOT NULL,
	`reserved_minor` integer NOT NULL,
	`covers_s` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`charged_minor` integer,
	`talk_s` integer,
	`ended_at_ms` integer
);
--> statement-breakpoint
CREATE INDEX `billing_charges_state_idx` ON `billing_charges` (`state`);--> statement-breakpoint
CREATE INDEX `billing_charges_extension_idx` ON `billing_charges` (`extension`);--> statement-breakpoint
CREATE TABLE `billing_top_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`extension` text NOT NULL,
	`at_ms` integer NOT NULL,
	`balance_before_minor` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`balance_after_minor` integer NOT NULL,
	`by_account` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `billing_top_ups_at_idx` ON `billing_top_ups` (`at_ms`);--> statement-breakpoint
CREATE TABLE `rate_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`prefix` text DEFAULT '' NOT NULL,
	`number_length` integer DEFAULT 0 NOT NULL,
	`initial_fee_minor` integer DEFAULT 0 NOT NULL,
	`initial_time_s` integer DEFAULT 0 NOT NULL,
	`rate_minor` integer DEFAULT 0 NOT NULL,
	`period_s` integer DEFAULT 60 NOT NULL,
	`active_from_min` integer DEFAULT 0 NOT NULL,
	`active_to_min` integer DEFAULT 0 NOT NULL,
	`extensions` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
