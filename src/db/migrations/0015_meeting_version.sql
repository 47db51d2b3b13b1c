-- Meetings: every update of a meeting row raises its version (optimistic locking of the back office, like
-- papers in 0013). The back office's writes lock the meeting, compare the version its form was loaded from
-- and write; with the trigger also writes that do not know about the version (the OParl import, the touch of
-- a meeting when its agenda items, attendance or signatures change) make an open form stale.
CREATE OR REPLACE FUNCTION "ratsinfo_bump_meeting_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW."version" := OLD."version" + 1;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "meetings_version" BEFORE UPDATE ON "meetings" FOR EACH ROW EXECUTE FUNCTION "ratsinfo_bump_meeting_version"();
