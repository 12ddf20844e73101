CREATE TABLE `queue_logins` (
	`queue` text NOT NULL,
	`agent` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_logins_queue_agent_idx` ON `queue_logins` (`queue`,`agent`);--> statement-breakpoint
CREATE TABLE `queue_pauses` (
	`agent` text PRIMARY KEY NOT NULL
);
