-- Panyu's 16 towns and streets (镇街), seeded once; editable afterwards (as SQLite's migration 0002).
INSERT INTO "towns" ("name", "sort_order", "created_at")
SELECT name, sort_order, extract(epoch FROM now())::bigint FROM (VALUES
('市桥街', 1), ('沙头街', 2), ('东环街', 3), ('桥南街', 4), ('小谷围街', 5), ('大石街', 6), ('洛浦街', 7), ('石壁街', 8),
('钟村街', 9), ('大龙街', 10), ('沙湾街', 11), ('石碁镇', 12), ('南村镇', 13), ('新造镇', 14), ('化龙镇', 15), ('石楼镇', 16)
) AS t(name, sort_order);
--> statement-breakpoint
-- Write counters of the tables cached reports are built from (as SQLite's migration 0011): bumped once per
-- row written by the triggers below, through any connection of any node.
INSERT INTO "table_versions" ("name", "version") VALUES ('devices', 0), ('units', 0), ('credentials', 0), ('xinchuang_targets', 0), ('xinchuang_overrides', 0);
--> statement-breakpoint
CREATE FUNCTION yunet_bump_table_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "table_versions" SET "version" = "version" + 1 WHERE "name" = TG_TABLE_NAME;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER devices_version AFTER INSERT OR UPDATE OR DELETE ON "devices" FOR EACH ROW EXECUTE FUNCTION yunet_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER units_version AFTER INSERT OR UPDATE OR DELETE ON "units" FOR EACH ROW EXECUTE FUNCTION yunet_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER credentials_version AFTER INSERT OR UPDATE OR DELETE ON "credentials" FOR EACH ROW EXECUTE FUNCTION yunet_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER xinchuang_targets_version AFTER INSERT OR UPDATE OR DELETE ON "xinchuang_targets" FOR EACH ROW EXECUTE FUNCTION yunet_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER xinchuang_overrides_version AFTER INSERT OR UPDATE OR DELETE ON "xinchuang_overrides" FOR EACH ROW EXECUTE FUNCTION yunet_bump_table_version();
