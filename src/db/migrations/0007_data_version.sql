-- One number that changes with every committed change of what the portal and the API show: the key of
-- the cache of rendered public pages (src/http/page-cache.ts). Bumped by a statement-level trigger on
-- every content table, inside the writing transaction, so a reader that reads the version before the
-- data never sees new data under an old version it has not read (read committed: later statements see
-- at least what earlier ones saw). Statement-level triggers also fire in the generator's bulk-load mode
-- (src/generate/bulk.ts enables them for replica sessions).
CREATE TABLE "data_version" (
	"id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
	"version" bigint NOT NULL DEFAULT 0
);
--> statement-breakpoint
INSERT INTO "data_version" DEFAULT VALUES;
--> statement-breakpoint
CREATE FUNCTION "ratsinfo_bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "data_version" SET "version" = "version" + 1;
	RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY[
		'bodies', 'legislative_terms', 'organizations', 'persons', 'memberships', 'locations', 'rooms', 'files',
		'papers', 'paper_files', 'meetings', 'agenda_items', 'votes', 'vote_faction_results', 'vote_ballots',
		'conflicts', 'addenda', 'agenda_item_attachments', 'consultations', 'attendance', 'rapporteurs',
		'minutes_signatures'
	] LOOP
		EXECUTE format(
			'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "ratsinfo_bump_data_version"()',
			t || '_data_version', t
		);
	END LOOP;
END
$$;
