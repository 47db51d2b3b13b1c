-- Papers get a version for optimistic locking in the back office (like meetings and agenda items). Every
-- update of a paper row raises it, by a trigger, so also writes that do not know about it (the OParl
-- import) make an open edit form stale; the back office also touches the paper when its consultation
-- path changes. A save carrying an older version is refused (src/services/papers.ts).
ALTER TABLE "papers" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "ratsinfo_bump_paper_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW."version" := OLD."version" + 1;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "papers_version" BEFORE UPDATE ON "papers" FOR EACH ROW EXECUTE FUNCTION "ratsinfo_bump_paper_version"();
--> statement-breakpoint
-- The paper's history (back office) reads the audit log entries of its consultations, also of removed ones,
-- by the paper id they carry.
CREATE INDEX "audit_log_consultation_paper" ON "audit_log" ((coalesce("after"->>'paperId', "before"->>'paperId'))) WHERE "entity" = 'consultation';
