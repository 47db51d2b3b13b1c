-- Resolution tracking (Beschlusskontrolle, issue 6 part 7): a resolution or a task (Prüf- und Arbeitsauftrag)
-- of a committee, usually taken from an agenda item of its minutes, with the office responsible, a due date,
-- a status and the latest status report (Sachstand). Only the back office reads it (never a public surface);
-- `public` is the source item's publicity, carried over so that a non-public item's task stays non-public.
-- `version` is raised by a trigger on every update (optimistic locking, like papers in 0013).
-- `search_text` is title and text folded like the master data's search keys (0012): umlaut-aware search.
CREATE TYPE "tracked_resolution_kind" AS ENUM('decision', 'review', 'task');
--> statement-breakpoint
CREATE TYPE "tracked_resolution_status" AS ENUM('open', 'in_progress', 'done', 'dropped');
--> statement-breakpoint
CREATE TABLE "tracked_resolutions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tracked_resolutions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL REFERENCES "bodies"("id"),
	"organization_id" integer NOT NULL REFERENCES "organizations"("id"),
	"agenda_item_id" integer REFERENCES "agenda_items"("id"),
	"kind" "tracked_resolution_kind" NOT NULL,
	"title" text NOT NULL,
	"text" text,
	"office_id" integer REFERENCES "organizations"("id"),
	"due_date" date,
	"status" "tracked_resolution_status" DEFAULT 'open' NOT NULL,
	"report" text,
	"report_date" date,
	"done_date" date,
	"public" boolean NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (ratsinfo_german_key("title" || ' ' || coalesce("text", ''))) STORED
);
--> statement-breakpoint
CREATE INDEX "tracked_resolutions_body_status" ON "tracked_resolutions" ("body_id", "status", "due_date");
--> statement-breakpoint
CREATE INDEX "tracked_resolutions_item" ON "tracked_resolutions" ("agenda_item_id");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "ratsinfo_bump_tracked_resolution_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW."version" := OLD."version" + 1;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tracked_resolutions_version" BEFORE UPDATE ON "tracked_resolutions" FOR EACH ROW EXECUTE FUNCTION "ratsinfo_bump_tracked_resolution_version"();
