-- One-time keys of unsafe requests (src/http/office/once.ts): the `_once` field of every back-office form
-- and the `Idempotency-Key` header of the API. The first request with a key is carried out and its outcome
-- stored in the same transaction; a repeat (a double click, a retried API call) gets that outcome again.
-- Not data of the council: no data_version trigger, no audit. Rows older than a day are deleted by the cleanup.
CREATE TABLE "submissions" (
	"account_id" integer NOT NULL REFERENCES "accounts"("id") ON DELETE CASCADE,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" integer,
	"location" text,
	"content_type" text,
	"body" text,
	PRIMARY KEY ("account_id", "key")
);
--> statement-breakpoint
CREATE INDEX "submissions_created_at" ON "submissions" ("created_at");
