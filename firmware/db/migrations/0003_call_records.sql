CREATE TABLE `call_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` text NOT NULL,
	`sip_call_id` text DEFAULT '' NOT NULL,
	`started_at` integer NOT NULL,
	`answered_at` integer,
	`ended_at` integer NOT NULL,
	`caller` text NOT NULL,
	`caller_name` text DEFAULT '' NOT NULL,
	`callee` text NOT NULL,
	`final_callee` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`talk_ms` integer NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`sip_status` integer,
	`trunk` text DEFAULT '' NOT NULL,
	`pin` text DEFAULT '' NOT NULL,
	`recorded` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `call_records_started_at_idx` ON `call_records` (`started_at`);--> statement-breakpoint
CREATE INDEX `call_records_caller_idx` ON `call_records` (`caller`);--> statement-breakpoint
CREATE INDEX `call_records_callee_idx` ON `call_records` (`callee`);