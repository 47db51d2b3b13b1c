-- The back office's audit views (src/services/audit-read.ts): a body's log newest first, and an object's
-- log with the entries of its parts. An entry belongs to a meeting's log when it carries the meeting's id
-- (agenda items, attendance and whatever later records name `meetingId`), to an agenda item's when it
-- carries the item's id (votes, conflicts, addenda, consultations), to a person's or an organisation's
-- when it is a membership of it, to a location's when it is one of its rooms. These indexes serve those
-- reads, so the views stay fast when the log has grown over years.
CREATE INDEX "audit_log_body_at" ON "audit_log" ("body_id", "at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX "audit_log_meeting" ON "audit_log" ((coalesce("after"->>'meetingId', "before"->>'meetingId')));
--> statement-breakpoint
CREATE INDEX "audit_log_agenda_item" ON "audit_log" ((coalesce("after"->>'agendaItemId', "before"->>'agendaItemId')));
--> statement-breakpoint
CREATE INDEX "audit_log_membership_person" ON "audit_log" ((coalesce("after"->>'personId', "before"->>'personId'))) WHERE "entity" = 'membership';
--> statement-breakpoint
CREATE INDEX "audit_log_membership_organization" ON "audit_log" ((coalesce("after"->>'organizationId', "before"->>'organizationId'))) WHERE "entity" = 'membership';
--> statement-breakpoint
CREATE INDEX "audit_log_room_location" ON "audit_log" ((coalesce("after"->>'locationId', "before"->>'locationId'))) WHERE "entity" = 'room';
