CREATE TABLE `trap_rejections` (
	`bucket` integer NOT NULL,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`datagrams` integer NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	PRIMARY KEY(`bucket`, `source`, `reason`)
);
--> statement-breakpoint
ALTER TABLE `events` ADD `attribution` text DEFAULT 'unverified' NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `bytes` integer DEFAULT 0 NOT NULL;