-- OParl (docs/oparl.md). Hand-written (drizzle-kit generate --custom): triggers keep what the API needs
-- right whoever writes the rows (services, the dataset importer, bulk SQL, the coming OParl importer).
-- Not in schema.ts: ordinary reads never touch it.
--
-- 1. Deleted objects (OParl 2.8: a deleted object stays as a tombstone with id, type, created and the
--    time of deletion). Filled by triggers on delete; `entity` is the OParl type name ("agendaItem"),
--    "room" for rooms (each room is an OParl Location of its own).
CREATE TABLE "deleted_objects" (
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"body_id" integer,
	"organization_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deleted_objects_pk" PRIMARY KEY("entity","entity_id")
);
--> statement-breakpoint
CREATE INDEX "deleted_objects_body" ON "deleted_objects" USING btree ("body_id","entity","entity_id");
--> statement-breakpoint
CREATE FUNCTION oparl_record_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  body integer;
BEGIN
  body := CASE TG_TABLE_NAME
    WHEN 'bodies' THEN (old_row ->> 'id')::integer
    WHEN 'memberships' THEN (SELECT o.body_id FROM organizations o WHERE o.id = (old_row ->> 'organization_id')::integer)
    WHEN 'rooms' THEN (SELECT l.body_id FROM locations l WHERE l.id = (old_row ->> 'location_id')::integer)
    WHEN 'agenda_items' THEN (SELECT m.body_id FROM meetings m WHERE m.id = (old_row ->> 'meeting_id')::integer)
    WHEN 'consultations' THEN (SELECT p.body_id FROM papers p WHERE p.id = (old_row ->> 'paper_id')::integer)
    ELSE (old_row ->> 'body_id')::integer
  END;
  INSERT INTO deleted_objects (entity, entity_id, body_id, organization_id, created_at)
    VALUES (TG_ARGV[0], (old_row ->> 'id')::integer, body,
      CASE WHEN TG_TABLE_NAME = 'meetings' THEN (old_row ->> 'organization_id')::integer END,
      (old_row ->> 'created_at')::timestamptz)
    ON CONFLICT (entity, entity_id) DO UPDATE SET deleted_at = now();
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER bodies_deleted AFTER DELETE ON bodies FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('body');
--> statement-breakpoint
CREATE TRIGGER legislative_terms_deleted AFTER DELETE ON legislative_terms FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('legislativeTerm');
--> statement-breakpoint
CREATE TRIGGER organizations_deleted AFTER DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('organization');
--> statement-breakpoint
CREATE TRIGGER persons_deleted AFTER DELETE ON persons FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('person');
--> statement-breakpoint
CREATE TRIGGER memberships_deleted AFTER DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('membership');
--> statement-breakpoint
CREATE TRIGGER meetings_deleted AFTER DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('meeting');
--> statement-breakpoint
CREATE TRIGGER agenda_items_deleted AFTER DELETE ON agenda_items FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('agendaItem');
--> statement-breakpoint
CREATE TRIGGER papers_deleted AFTER DELETE ON papers FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('paper');
--> statement-breakpoint
CREATE TRIGGER consultations_deleted AFTER DELETE ON consultations FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('consultation');
--> statement-breakpoint
CREATE TRIGGER files_deleted AFTER DELETE ON files FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('file');
--> statement-breakpoint
CREATE TRIGGER locations_deleted AFTER DELETE ON locations FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('location');
--> statement-breakpoint
CREATE TRIGGER rooms_deleted AFTER DELETE ON rooms FOR EACH ROW EXECUTE FUNCTION oparl_record_deletion('room');
--> statement-breakpoint
-- 2. `modified_at` moves with every change (OParl 3.1: "zwingend"): an UPDATE that does not set it
--    itself sets it to the transaction's time.
CREATE FUNCTION oparl_set_modified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.modified_at IS NOT DISTINCT FROM OLD.modified_at THEN
    NEW.modified_at := now();
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER bodies_modified BEFORE UPDATE ON bodies FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER legislative_terms_modified BEFORE UPDATE ON legislative_terms FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER organizations_modified BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER persons_modified BEFORE UPDATE ON persons FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER memberships_modified BEFORE UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER locations_modified BEFORE UPDATE ON locations FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER rooms_modified BEFORE UPDATE ON rooms FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER files_modified BEFORE UPDATE ON files FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER papers_modified BEFORE UPDATE ON papers FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER meetings_modified BEFORE UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER agenda_items_modified BEFORE UPDATE ON agenda_items FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER votes_modified BEFORE UPDATE ON votes FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER conflicts_modified BEFORE UPDATE ON conflicts FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER addenda_modified BEFORE UPDATE ON addenda FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER consultations_modified BEFORE UPDATE ON consultations FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
CREATE TRIGGER attendance_modified BEFORE UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION oparl_set_modified();
--> statement-breakpoint
-- 3. A parent's `modified_at` moves when a child it shows is deleted, or a link row without times of its
--    own changes (OParl 2.8: "der Wert modified aller Objekte …, in die dieses Objekt eingebettet war").
--    Arguments: pairs of parent table and the child's column holding the parent's id.
CREATE FUNCTION oparl_touch_parents() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  i integer := 0;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  WHILE i < TG_NARGS LOOP
    IF r ->> TG_ARGV[i + 1] IS NOT NULL THEN
      EXECUTE format('UPDATE %I SET modified_at = now() WHERE id = $1', TG_ARGV[i])
        USING (r ->> TG_ARGV[i + 1])::integer;
    END IF;
    i := i + 2;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER legislative_terms_touch AFTER DELETE ON legislative_terms FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('bodies', 'body_id');
--> statement-breakpoint
CREATE TRIGGER memberships_touch AFTER DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('persons', 'person_id', 'organizations', 'organization_id');
--> statement-breakpoint
CREATE TRIGGER agenda_items_touch AFTER DELETE ON agenda_items FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER attendance_touch AFTER DELETE ON attendance FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER consultations_touch AFTER DELETE ON consultations FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('papers', 'paper_id', 'agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER votes_touch AFTER DELETE ON votes FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER conflicts_touch AFTER DELETE ON conflicts FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER addenda_touch AFTER DELETE ON addenda FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER agenda_item_attachments_touch AFTER INSERT OR UPDATE OR DELETE ON agenda_item_attachments FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER paper_files_touch AFTER INSERT OR UPDATE OR DELETE ON paper_files FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('papers', 'paper_id');
--> statement-breakpoint
CREATE TRIGGER vote_faction_results_touch AFTER INSERT OR UPDATE OR DELETE ON vote_faction_results FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER vote_ballots_touch AFTER INSERT OR UPDATE OR DELETE ON vote_ballots FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER minutes_signatures_touch AFTER INSERT OR UPDATE OR DELETE ON minutes_signatures FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER rapporteurs_touch AFTER INSERT OR UPDATE OR DELETE ON rapporteurs FOR EACH ROW EXECUTE FUNCTION oparl_touch_parents('meetings', 'meeting_id');
--> statement-breakpoint
-- 4. Indexes for the API's reads by child: an agenda item's consultation, a file's papers and items.
CREATE INDEX "consultations_agenda_item" ON "consultations" USING btree ("agenda_item_id");
--> statement-breakpoint
CREATE INDEX "paper_files_file" ON "paper_files" USING btree ("file_id");
--> statement-breakpoint
CREATE INDEX "agenda_item_attachments_file" ON "agenda_item_attachments" USING btree ("file_id");
