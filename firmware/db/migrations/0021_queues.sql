CREATE TABLE `queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`strategy` text DEFAULT 'ring-all' NOT NULL,
	`static_agents` text DEFAULT '[]' NOT NULL,
	`dynamic_agents` text DEFAULT '[]' NOT NULL,
	`ring_time_s` integer DEFAULT 20 NOT NULL,
	`max_wait_s` integer DEFAULT 300 NOT NULL,
	`destination` text DEFAULT 'hangup' NOT NULL,
	`moh_class` text DEFAULT 'default' NOT NULL,
	`announce_every_s` integer DEFAULT 30 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queues_number_unique` ON `queues` (`number`);