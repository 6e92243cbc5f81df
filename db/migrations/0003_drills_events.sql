CREATE TABLE `drill_annotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`drill_id` integer NOT NULL,
	`time` integer NOT NULL,
	`author` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`drill_id`) REFERENCES `drills`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`scope_units` text,
	`notes` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drills_name_unique` ON `drills` (`name`);--> statement-breakpoint
CREATE INDEX `drills_window_idx` ON `drills` (`starts_at`,`ends_at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fingerprint` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`status` text NOT NULL,
	`alertname` text NOT NULL,
	`severity` text,
	`device` text,
	`unit` text,
	`summary` text DEFAULT '' NOT NULL,
	`labels` text NOT NULL,
	`annotations` text NOT NULL,
	`generator_url` text,
	`drill_id` integer,
	`received_at` integer NOT NULL,
	`resolved_received_at` integer,
	`attack_started_at` integer,
	`attack_note` text,
	`annotated_by` text,
	FOREIGN KEY (`drill_id`) REFERENCES `drills`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_alert_uq` ON `incidents` (`fingerprint`,`starts_at`);--> statement-breakpoint
CREATE INDEX `incidents_drill_idx` ON `incidents` (`drill_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`time` integer NOT NULL,
	`source` text NOT NULL,
	`device` text,
	`kind` text NOT NULL,
	`version` text,
	`trap_oid` text NOT NULL,
	`trap` text NOT NULL,
	`category` text NOT NULL,
	`summary` text NOT NULL,
	`varbinds` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_time_idx` ON `events` (`time`);--> statement-breakpoint
CREATE INDEX `events_device_time_idx` ON `events` (`device`,`time`);--> statement-breakpoint
CREATE INDEX `events_trap_idx` ON `events` (`trap`);