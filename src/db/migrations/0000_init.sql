CREATE TYPE "public"."attendance_role" AS ENUM('chair', 'member', 'substitute', 'advisory_member', 'administration', 'guest');--> statement-breakpoint
CREATE TYPE "public"."attendance_status" AS ENUM('present', 'excused', 'absent');--> statement-breakpoint
CREATE TYPE "public"."ballot_choice" AS ENUM('yes', 'no', 'abstain');--> statement-breakpoint
CREATE TYPE "public"."consultation_role" AS ENUM('preliminary', 'decision', 'notice');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction" AS ENUM('nrw-kreis', 'nrw-gemeinde');--> statement-breakpoint
CREATE TYPE "public"."meeting_state" AS ENUM('planned', 'invited', 'held', 'minutes_drafted', 'minutes_signed');--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('chair', 'vice_chair', 'member', 'deputy_member', 'advisory_member', 'secretary', 'deputy_secretary');--> statement-breakpoint
CREATE TYPE "public"."organization_kind" AS ENUM('council', 'committee', 'faction', 'office', 'external');--> statement-breakpoint
CREATE TYPE "public"."resolution_kind" AS ENUM('decision', 'recommendation', 'notice');--> statement-breakpoint
CREATE TYPE "public"."signature_role" AS ENUM('chair', 'secretary');--> statement-breakpoint
CREATE TYPE "public"."vote_method" AS ENUM('open', 'roll_call', 'secret');--> statement-breakpoint
CREATE TYPE "public"."vote_outcome" AS ENUM('accepted', 'rejected', 'noted');--> statement-breakpoint
CREATE TABLE "addenda" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "addenda_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agenda_item_id" integer NOT NULL,
	"position" integer NOT NULL,
	"heading" text DEFAULT 'Ergänzende Antwort zur Niederschrift' NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "addenda_item_position" UNIQUE("agenda_item_id","position")
);
--> statement-breakpoint
CREATE TABLE "agenda_item_attachments" (
	"agenda_item_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "agenda_item_attachments_agenda_item_id_file_id_pk" PRIMARY KEY("agenda_item_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agenda_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"parent_id" integer,
	"number" text NOT NULL,
	"position" integer NOT NULL,
	"public" boolean NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"paper_id" integer,
	"supplement" boolean DEFAULT false NOT NULL,
	"minutes_text" text,
	"resolution_kind" "resolution_kind",
	"resolution_text" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agenda_items_meeting_number" UNIQUE("meeting_id","number"),
	CONSTRAINT "agenda_items_meeting_position" UNIQUE("meeting_id","position")
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attendance_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"role" "attendance_role" NOT NULL,
	"status" "attendance_status" NOT NULL,
	"voting_right" boolean NOT NULL,
	"substitute_for_person_id" integer,
	"function" text,
	"arrived_at" time,
	"left_at" time,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_meeting_person" UNIQUE("meeting_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "bodies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bodies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"jurisdiction" "jurisdiction" NOT NULL,
	"website" text,
	"seat" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bodies_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"agenda_item_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conflicts_agenda_item_id_person_id_pk" PRIMARY KEY("agenda_item_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"paper_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"position" integer NOT NULL,
	"role" "consultation_role" NOT NULL,
	"agenda_item_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultations_paper_position" UNIQUE("paper_id","position")
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"name" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legislative_terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legislative_terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legislative_terms_body_name" UNIQUE("body_id","name"),
	CONSTRAINT "legislative_terms_dates" CHECK ("legislative_terms"."end_date" is null or "legislative_terms"."end_date" >= "legislative_terms"."start_date")
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"name" text NOT NULL,
	"street_address" text,
	"postal_code" text,
	"locality" text,
	"geometry" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"state" "meeting_state" DEFAULT 'planned' NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone,
	"location_id" integer,
	"room_id" integer,
	"invitation_sent_on" date,
	"invitation_urgent" boolean DEFAULT false NOT NULL,
	"minutes_place" text,
	"minutes_date" date,
	"contact_person_id" integer,
	"public_part_closing_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_times" CHECK ("meetings"."end_at" is null or "meetings"."end_at" >= "meetings"."start_at")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "memberships_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"term_id" integer,
	"role" "membership_role" NOT NULL,
	"role_label" text,
	"voting_right" boolean NOT NULL,
	"appointed_citizen" boolean DEFAULT false NOT NULL,
	"on_behalf_of_id" integer,
	"deputy_of_person_id" integer,
	"start_date" date,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_dates" CHECK ("memberships"."end_date" is null or "memberships"."start_date" is null or "memberships"."end_date" >= "memberships"."start_date")
);
--> statement-breakpoint
CREATE TABLE "minutes_signatures" (
	"meeting_id" integer NOT NULL,
	"role" "signature_role" NOT NULL,
	"person_id" integer NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "minutes_signatures_meeting_id_role_pk" PRIMARY KEY("meeting_id","role")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"kind" "organization_kind" NOT NULL,
	"name" text NOT NULL,
	"name_genitive" text,
	"short_name" text,
	"office_number" text,
	"parent_id" integer,
	"committee_class" text,
	"statutory_members" integer,
	"start_date" date,
	"end_date" date,
	"website" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_files" (
	"paper_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "paper_files_paper_id_file_id_pk" PRIMARY KEY("paper_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "paper_number_counters" (
	"office_id" integer NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "paper_number_counters_office_id_year_pk" PRIMARY KEY("office_id","year")
);
--> statement-breakpoint
CREATE TABLE "papers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "papers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"office_id" integer NOT NULL,
	"reference_year" integer NOT NULL,
	"reference_number" integer NOT NULL,
	"reference" text NOT NULL,
	"paper_type" text NOT NULL,
	"title" text NOT NULL,
	"text" text,
	"date" date,
	"originator_id" integer,
	"public" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "papers_office_year_number" UNIQUE("office_id","reference_year","reference_number"),
	CONSTRAINT "papers_number_positive" CHECK ("papers"."reference_number" > 0)
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"form_of_address" text,
	"title" text,
	"given_name" text,
	"family_name" text NOT NULL,
	"office_title" text,
	"gender" text,
	"email" text,
	"phone" text,
	"fax" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rapporteurs" (
	"meeting_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"to_organization_id" integer NOT NULL,
	"faction_id" integer,
	"agenda_item_id" integer,
	CONSTRAINT "rapporteurs_meeting_id_person_id_to_organization_id_pk" PRIMARY KEY("meeting_id","person_id","to_organization_id")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rooms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"location_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_location_name" UNIQUE("location_id","name")
);
--> statement-breakpoint
CREATE TABLE "vote_ballots" (
	"vote_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"choice" "ballot_choice" NOT NULL,
	CONSTRAINT "vote_ballots_vote_id_person_id_pk" PRIMARY KEY("vote_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "vote_faction_results" (
	"vote_id" integer NOT NULL,
	"faction_id" integer NOT NULL,
	"yes" integer DEFAULT 0 NOT NULL,
	"no" integer DEFAULT 0 NOT NULL,
	"abstain" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "vote_faction_results_vote_id_faction_id_pk" PRIMARY KEY("vote_id","faction_id")
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agenda_item_id" integer NOT NULL,
	"position" integer DEFAULT 1 NOT NULL,
	"subject" text,
	"method" "vote_method" DEFAULT 'open' NOT NULL,
	"yes" integer,
	"no" integer,
	"abstain" integer,
	"unanimous" boolean DEFAULT false NOT NULL,
	"outcome" "vote_outcome" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_item_position" UNIQUE("agenda_item_id","position"),
	CONSTRAINT "votes_counts" CHECK (coalesce("votes"."yes", 0) >= 0 and coalesce("votes"."no", 0) >= 0 and coalesce("votes"."abstain", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "addenda" ADD CONSTRAINT "addenda_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_attachments" ADD CONSTRAINT "agenda_item_attachments_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_attachments" ADD CONSTRAINT "agenda_item_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_parent_id_agenda_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_substitute_for_person_id_persons_id_fk" FOREIGN KEY ("substitute_for_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legislative_terms" ADD CONSTRAINT "legislative_terms_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_contact_person_id_persons_id_fk" FOREIGN KEY ("contact_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_term_id_legislative_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."legislative_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_on_behalf_of_id_organizations_id_fk" FOREIGN KEY ("on_behalf_of_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_deputy_of_person_id_persons_id_fk" FOREIGN KEY ("deputy_of_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_signatures" ADD CONSTRAINT "minutes_signatures_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_signatures" ADD CONSTRAINT "minutes_signatures_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_parent_id_organizations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_files" ADD CONSTRAINT "paper_files_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_files" ADD CONSTRAINT "paper_files_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_number_counters" ADD CONSTRAINT "paper_number_counters_office_id_organizations_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_office_id_organizations_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_originator_id_organizations_id_fk" FOREIGN KEY ("originator_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rapporteurs" ADD CONSTRAINT "rapporteurs_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rapporteurs" ADD CONSTRAINT "rapporteurs_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rapporteurs" ADD CONSTRAINT "rapporteurs_to_organization_id_organizations_id_fk" FOREIGN KEY ("to_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rapporteurs" ADD CONSTRAINT "rapporteurs_faction_id_organizations_id_fk" FOREIGN KEY ("faction_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rapporteurs" ADD CONSTRAINT "rapporteurs_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_faction_results" ADD CONSTRAINT "vote_faction_results_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_faction_results" ADD CONSTRAINT "vote_faction_results_faction_id_organizations_id_fk" FOREIGN KEY ("faction_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "files_body" ON "files" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "meetings_org_start" ON "meetings" USING btree ("organization_id","start_at");--> statement-breakpoint
CREATE INDEX "meetings_body_start" ON "meetings" USING btree ("body_id","start_at");--> statement-breakpoint
CREATE INDEX "memberships_org" ON "memberships" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "memberships_person" ON "memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "organizations_body" ON "organizations" USING btree ("body_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_office_number" ON "organizations" USING btree ("body_id","office_number");--> statement-breakpoint
CREATE UNIQUE INDEX "papers_body_reference" ON "papers" USING btree ("body_id","reference");--> statement-breakpoint
CREATE INDEX "persons_body_name" ON "persons" USING btree ("body_id","family_name","given_name");