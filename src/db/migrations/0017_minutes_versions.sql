-- Finishing the minutes (issue 6, part 6): the minutes become public when they are signed AND published, and
-- every signed state of the minutes is kept as a frozen version.
--
-- meetings.minutes_published_at: set when the clerk publishes signed minutes (src/services/minutes-finish.ts).
-- Every public surface asks `minutesPublished()` of src/db/repositories/visibility.ts, which checks both the
-- state and this column. Meetings signed before this migration were public as soon as they were signed: they
-- count as published at the time of their last signature (else their last change), so existing
-- installations look the same.
ALTER TABLE "meetings" ADD COLUMN "minutes_published_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "meetings" SET "minutes_published_at" = coalesce(
	(SELECT max("signed_at") FROM "minutes_signatures" WHERE "minutes_signatures"."meeting_id" = "meetings"."id"),
	"modified_at")
WHERE "state" = 'minutes_signed';
--> statement-breakpoint
-- The frozen versions of signed minutes: version 1 when the second signature is given, version n+1 for each
-- correction (with its reason). `content` is the full document model of the minutes as printed
-- (src/documents/model.ts), `content_hash` the SHA-256 (hex) of its canonical serialization (keys sorted, no
-- white space: src/documents/canonical.ts), `signatures` the signatures the version carries. Versions are
-- never changed or deleted: a trigger refuses both.
CREATE TABLE "minutes_versions" (
	"meeting_id" integer NOT NULL REFERENCES "meetings"("id"),
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"signatures" jsonb NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"created_by_name" text,
	CONSTRAINT "minutes_versions_pkey" PRIMARY KEY ("meeting_id", "number"),
	CONSTRAINT "minutes_versions_number" CHECK ("number" >= 1),
	CONSTRAINT "minutes_versions_reason" CHECK (("number" = 1) = ("reason" IS NULL)),
	CONSTRAINT "minutes_versions_hash" CHECK ("content_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "ratsinfo_minutes_versions_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'minutes versions are never changed or deleted (meeting %, version %)', OLD."meeting_id", OLD."number"
		USING ERRCODE = 'integrity_constraint_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "minutes_versions_frozen" BEFORE UPDATE OR DELETE ON "minutes_versions" FOR EACH ROW EXECUTE FUNCTION "ratsinfo_minutes_versions_frozen"();
--> statement-breakpoint
-- The portal shows "berichtigt am …" from the versions: its page cache must see them (0007).
CREATE TRIGGER "minutes_versions_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "minutes_versions" FOR EACH STATEMENT EXECUTE FUNCTION "ratsinfo_bump_data_version"();
