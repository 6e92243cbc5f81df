CREATE TABLE `cluster_nodes` (
	`name` text PRIMARY KEY NOT NULL,
	`instance` text NOT NULL,
	`url` text NOT NULL,
	`groups` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`devices` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `devices` ADD `poller_group` text DEFAULT 'default' NOT NULL;