CREATE TABLE `dial_permissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`level` text DEFAULT 'local' NOT NULL,
	`allow` text NOT NULL,
	`deny` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dial_permissions_name_unique` ON `dial_permissions` (`name`);--> statement-breakpoint
CREATE TABLE `inbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`did_pattern` text DEFAULT '' NOT NULL,
	`caller_pattern` text DEFAULT '' NOT NULL,
	`trunk_id` integer,
	`destination` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_routes_name_unique` ON `inbound_routes` (`name`);--> statement-breakpoint
CREATE TABLE `ivrs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prompt` text DEFAULT 'welcome' NOT NULL,
	`keys` text NOT NULL,
	`direct_dial` integer DEFAULT true NOT NULL,
	`timeout_s` integer DEFAULT 5 NOT NULL,
	`repeat` integer DEFAULT 3 NOT NULL,
	`invalid_destination` text DEFAULT 'hangup' NOT NULL,
	`timeout_destination` text DEFAULT 'hangup' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ivrs_name_unique` ON `ivrs` (`name`);--> statement-breakpoint
CREATE TABLE `outbound_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`patterns` text NOT NULL,
	`prefix` text DEFAULT '' NOT NULL,
	`strip` integer DEFAULT 0 NOT NULL,
	`prepend` text DEFAULT '' NOT NULL,
	`trunk_ids` text NOT NULL,
	`caller_id` text DEFAULT '' NOT NULL,
	`pins` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_routes_name_unique` ON `outbound_routes` (`name`);--> statement-breakpoint
CREATE TABLE `time_conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`weekly` text NOT NULL,
	`holidays` text NOT NULL,
	`matched` text NOT NULL,
	`unmatched` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `time_conditions_name_unique` ON `time_conditions` (`name`);--> statement-breakpoint
CREATE TABLE `toll_fuses` (
	`extension` text PRIMARY KEY NOT NULL,
	`max_concurrent` integer DEFAULT 0 NOT NULL,
	`max_per_hour` integer DEFAULT 0 NOT NULL,
	`international` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`host` text DEFAULT '' NOT NULL,
	`port` integer DEFAULT 5060 NOT NULL,
	`transport` text DEFAULT 'UDP' NOT NULL,
	`username` text DEFAULT '' NOT NULL,
	`auth_username` text DEFAULT '' NOT NULL,
	`password` text DEFAULT '' NOT NULL,
	`from_user` text DEFAULT '' NOT NULL,
	`from_domain` text DEFAULT '' NOT NULL,
	`codecs` text DEFAULT 'PCMU,PCMA,G722' NOT NULL,
	`dtmf_mode` text DEFAULT 'rfc4733' NOT NULL,
	`max_calls` integer DEFAULT 0 NOT NULL,
	`register_expiry_s` integer DEFAULT 3600 NOT NULL,
	`fxo_ports` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trunks_name_unique` ON `trunks` (`name`);