-- OParl lists with `modified_since` (a harvester asking for the changes since its last visit): an
-- object's effective modification is the latest of its own row and of what its output is built from (an
-- agenda item: its row, its children, its meeting, the meeting's organisation). Computing that for every
-- row of a large city to find the few changed ones took 1.5–3 s per list. With these indexes the lists
-- first collect the ids whose row or one of those parts changed since then (src/db/repositories/oparl.ts,
-- `changedSince`), a few index range scans, and read only those.
CREATE INDEX "agenda_items_modified" ON "agenda_items" ("modified_at");
--> statement-breakpoint
CREATE INDEX "meetings_modified" ON "meetings" ("modified_at");
--> statement-breakpoint
CREATE INDEX "papers_modified" ON "papers" ("modified_at");
--> statement-breakpoint
CREATE INDEX "consultations_modified" ON "consultations" ("modified_at");
--> statement-breakpoint
CREATE INDEX "files_modified" ON "files" ("modified_at");
--> statement-breakpoint
CREATE INDEX "oparl_item_children_modified_at" ON "oparl_item_children_modified" ("modified_at");
--> statement-breakpoint
CREATE INDEX "oparl_meeting_children_modified_at" ON "oparl_meeting_children_modified" ("modified_at");
