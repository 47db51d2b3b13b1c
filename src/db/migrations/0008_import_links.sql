CREATE TABLE "import_links" (
	"source_body" text NOT NULL,
	"source" text NOT NULL,
	"local_table" text NOT NULL,
	"local_id" integer NOT NULL,
	"parent" text,
	"hash" text NOT NULL,
	"source_modified" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_links_source_body_source_pk" PRIMARY KEY("source_body","source")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source_body" text NOT NULL,
	"body_id" integer,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"since" text,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"defects" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_links_local" ON "import_links" USING btree ("local_table","local_id");--> statement-breakpoint
CREATE INDEX "import_links_parent" ON "import_links" USING btree ("source_body","parent");--> statement-breakpoint
CREATE INDEX "import_runs_source" ON "import_runs" USING btree ("source_body","started_at");