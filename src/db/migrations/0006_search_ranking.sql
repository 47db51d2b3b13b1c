-- Search at the size of a large city (docs/search.md, bench/search.ts).
-- 1. Relevance is decided by the titles (hits with every word in the title first): the small tsvectors of
--    titles are kept apart from the full ones and indexed on their own.
ALTER TABLE "papers" ADD COLUMN "title_vector" tsvector GENERATED ALWAYS AS (
  search_document("reference" || ' ' || "title", 'A')
) STORED;
--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "name_vector" tsvector GENERATED ALWAYS AS (search_document("name", 'A')) STORED;
--> statement-breakpoint
-- Titles searched on their own: the hits with every word in the title come first, found without the rest.
CREATE INDEX "papers_title_search" ON "papers" USING gin ("title_vector") WITH (fastupdate = off);
--> statement-breakpoint
CREATE INDEX "files_name_search" ON "files" USING gin ("name_vector") WITH (fastupdate = off);
--> statement-breakpoint
-- Hits newest first, each kind walked in date order: a common word's first page is found after a few
-- rows instead of after sorting all its hits.
CREATE INDEX "papers_date" ON "papers" USING btree ("date" DESC NULLS LAST, "id" DESC);
--> statement-breakpoint
CREATE INDEX "meetings_start" ON "meetings" USING btree ("start_at" DESC);
--> statement-breakpoint
-- 2. No pending list in the GIN indexes: every search would have to read it in full, and PGlite has no
--    autovacuum to merge it. Writes go into the index at once instead.
ALTER INDEX "papers_search" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "agenda_items_search" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "agenda_items_minutes_search" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "addenda_search" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "files_search" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "search_terms_trgm" SET (fastupdate = off);
--> statement-breakpoint
SELECT gin_clean_pending_list(i::regclass) FROM unnest(array['papers_search', 'agenda_items_search',
  'agenda_items_minutes_search', 'addenda_search', 'files_search', 'search_terms_trgm']) i;
--> statement-breakpoint
-- 3. Suggestions come from the vocabulary (search_terms, trigram index) instead of the titles.
DROP INDEX "papers_title_trgm";
--> statement-breakpoint
DROP INDEX "agenda_items_title_trgm";
