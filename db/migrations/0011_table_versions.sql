-- The triggers keep table_versions current; a later drizzle-kit rebuild of one of these tables must create its triggers again.
CREATE TABLE `table_versions` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `table_versions` (`name`, `version`) VALUES ('devices', 0);
--> statement-breakpoint
CREATE TRIGGER `devices_insert_version` AFTER INSERT ON `devices` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'devices'; END;
--> statement-breakpoint
CREATE TRIGGER `devices_update_version` AFTER UPDATE ON `devices` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'devices'; END;
--> statement-breakpoint
CREATE TRIGGER `devices_delete_version` AFTER DELETE ON `devices` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'devices'; END;
--> statement-breakpoint
INSERT INTO `table_versions` (`name`, `version`) VALUES ('units', 0);
--> statement-breakpoint
CREATE TRIGGER `units_insert_version` AFTER INSERT ON `units` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'units'; END;
--> statement-breakpoint
CREATE TRIGGER `units_update_version` AFTER UPDATE ON `units` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'units'; END;
--> statement-breakpoint
CREATE TRIGGER `units_delete_version` AFTER DELETE ON `units` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'units'; END;
--> statement-breakpoint
INSERT INTO `table_versions` (`name`, `version`) VALUES ('xinchuang_targets', 0);
--> statement-breakpoint
CREATE TRIGGER `xinchuang_targets_insert_version` AFTER INSERT ON `xinchuang_targets` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'xinchuang_targets'; END;
--> statement-breakpoint
CREATE TRIGGER `xinchuang_targets_update_version` AFTER UPDATE ON `xinchuang_targets` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'xinchuang_targets'; END;
--> statement-breakpoint
CREATE TRIGGER `xinchuang_targets_delete_version` AFTER DELETE ON `xinchuang_targets` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'xinchuang_targets'; END;
--> statement-breakpoint
INSERT INTO `table_versions` (`name`, `version`) VALUES ('xinchuang_overrides', 0);
--> statement-breakpoint
CREATE TRIGGER `xinchuang_overrides_insert_version` AFTER INSERT ON `xinchuang_overrides` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'xinchuang_overrides'; END;
--> statement-breakpoint
CREATE TRIGGER `xinchuang_overrides_update_version` AFTER UPDATE ON `xinchuang_overrides` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'xinchuang_overrides'; END;
--> statement-breakpoint
CREATE TRIGGER `xinchuang_overrides_delete_version` AFTER DELETE ON `xinchuang_overrides` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'xinchuang_overrides'; END;
--> statement-breakpoint
INSERT INTO `table_versions` (`name`, `version`) VALUES ('credentials', 0);
--> statement-breakpoint
CREATE TRIGGER `credentials_insert_version` AFTER INSERT ON `credentials` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'credentials'; END;
--> statement-breakpoint
CREATE TRIGGER `credentials_update_version` AFTER UPDATE ON `credentials` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'credentials'; END;
--> statement-breakpoint
CREATE TRIGGER `credentials_delete_version` AFTER DELETE ON `credentials` BEGIN UPDATE `table_versions` SET `version` = `version` + 1 WHERE `name` = 'credentials'; END;
