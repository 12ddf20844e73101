CREATE TABLE `mailboxes` (
	`extension` text PRIMARY KEY NOT NULL,
	`pin_hash` text DEFAULT '' NOT NULL,
	`pin_basis` text DEFAULT '' NOT NULL,
	`busy_greeting` integer DEFAULT false NOT NULL,
	`unavailable_greeting` integer DEFAULT false NOT NULL,
	`max_message_s` integer DEFAULT 120 NOT NULL,
	`email_notify` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `voicemail_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mailbox` text NOT NULL,
	`caller_number` text DEFAULT '' NOT NULL,
	`caller_name` text DEFAULT '' NOT NULL,
	`received_ms` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`file` text NOT NULL
);
