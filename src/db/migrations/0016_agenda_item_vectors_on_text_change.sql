-- An agenda item's search vectors (0004) are computed when its texts change, not on every update.
-- As generated columns they were computed again by every UPDATE of the row, whatever it changed: linking
-- a paper, moving an item, renumbering an agenda after a reorder cost about 0.5 ms per item for
-- stemming the minutes' text again (the OParl import links 1,000 items to their papers per 1,000
-- papers). Now a row trigger computes them on insert and when one of their texts is set. ENABLE ALWAYS:
-- they also run in the generator's bulk load (session_replication_role = replica), as the generated
-- columns did. The stored values stay as they are.
ALTER TABLE "agenda_items" ALTER COLUMN "search_vector" DROP EXPRESSION;
--> statement-breakpoint
ALTER TABLE "agenda_items" ALTER COLUMN "minutes_vector" DROP EXPRESSION;
--> statement-breakpoint
CREATE FUNCTION agenda_items_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := search_document(NEW.title, 'A') || search_document(NEW.subtitle, 'B');
  NEW.minutes_vector := search_document(NEW.resolution_text, 'B') || search_document(NEW.minutes_text, 'B');
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "agenda_items_vectors_insert" BEFORE INSERT ON "agenda_items"
  FOR EACH ROW EXECUTE FUNCTION agenda_items_vectors();
--> statement-breakpoint
CREATE TRIGGER "agenda_items_vectors_update" BEFORE UPDATE OF "title", "subtitle", "resolution_text", "minutes_text", "search_vector", "minutes_vector" ON "agenda_items"
  FOR EACH ROW EXECUTE FUNCTION agenda_items_vectors();
--> statement-breakpoint
ALTER TABLE "agenda_items" ENABLE ALWAYS TRIGGER "agenda_items_vectors_insert";
--> statement-breakpoint
ALTER TABLE "agenda_items" ENABLE ALWAYS TRIGGER "agenda_items_vectors_update";
