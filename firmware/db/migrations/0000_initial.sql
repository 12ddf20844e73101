CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_username_unique` ON `accounts` (`username`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_sha256` text PRIMARY KEY NOT NULL,
	`account_id` integer,
	`extension_number` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`extension_number`) REFERENCES `extensions`(`number`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_account_id_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE INDEX `sessions_extension_number_idx` ON `sessions` (`extension_number`);--> statement-breakpoint
CREATE INDEX `sessions_expires_at_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`number` text NOT NULL,
	`ring_strategy` text DEFAULT 'ring-all' NOT NULL,
	`no_answer_destination` text DEFAULT 'hangup' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_name_unique` ON `departments` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `departments_number_unique` ON `departments` (`number`);--> statement-breakpoint
CREATE TABLE `extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`sip_password` text NOT NULL,
	`ha1_md5` text NOT NULL,
	`ha1_sha256` text NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`outbound_caller_id` text DEFAULT '' NOT NULL,
	`moh_class` text DEFAULT 'default' NOT NULL,
	`mobile` text DEFAULT '' NOT NULL,
	`department_id` integer,
	`dial_permission` text DEFAULT 'international' NOT NULL,
	`language` text DEFAULT '' NOT NULL,
	`voicemail_enabled` integer DEFAULT false NOT NULL,
	`remote_extension` integer DEFAULT false NOT NULL,
	`video` integer DEFAULT false NOT NULL,
	`web_login` integer DEFAULT false NOT NULL,
	`may_be_monitored` integer DEFAULT false NOT NULL,
	`voicemail_pin` text DEFAULT '' NOT NULL,
	`max_registrations` integer DEFAULT 3 NOT NULL,
	`video_codec` text DEFAULT 'h264' NOT NULL,
	`recording` text DEFAULT 'none' NOT NULL,
	`registration_expiry_s` integer DEFAULT 120 NOT NULL,
	`transport` text DEFAULT 'udp' NOT NULL,
	`dtmf_mode` text DEFAULT 'rfc4733' NOT NULL,
	`srtp` integer DEFAULT false NOT NULL,
	`qualify` integer DEFAULT true NOT NULL,
	`codecs` text DEFAULT 'PCMU,PCMA,G722' NOT NULL,
	`quick_code` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_number_unique` ON `extensions` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_quick_code_unique` ON `extensions` (`quick_code`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
