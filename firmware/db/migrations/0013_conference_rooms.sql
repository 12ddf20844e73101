CREATE TABLE `conference_rooms` (
	`number` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`guest_pin` text DEFAULT '1234' NOT NULL,
	`admin_pin` text DEFAULT '2345' NOT NULL,
	`dial_permission` text DEFAULT '' NOT NULL,
	`wait_for_admin` integer DEFAULT false NOT NULL,
	`announce_joiners` integer DEFAULT false NOT NULL,
	`record` integer DEFAULT false NOT NULL
);
