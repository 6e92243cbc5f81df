CREATE TABLE `xinchuang_overrides` (
	`device` text PRIMARY KEY NOT NULL,
	`vendor` text,
	`model` text,
	`version` text,
	`role` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`device`) REFERENCES `devices`(`name`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `xinchuang_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`unit` text NOT NULL,
	`ratio` real NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `xinchuang_targets_uq` ON `xinchuang_targets` (`year`,`unit`);