-- OParl speed (docs/oparl.md, "Speed"). Hand-written. Not in schema.ts: only the API reads these tables.
--
-- 1. The latest modification of a meeting's and an agenda item's CHILDREN, kept by triggers, so that
--    the effective `modified` of a meeting or an item is a greatest() over a few joined rows instead of
--    subqueries over all children on every read:
--    - item: its votes, conflicts, addenda, attached files and the consultations at it;
--    - meeting: its agenda items (their own time and that of their children) and its attendance.
--    The parent's own row, its organisation, place and room are joined by the API's queries as before.
--    Exact, not an upper bound: an insert or an update that moves a time forward raises the stored
--    time; anything else (a delete, a time moved back, a child moved to another parent) recomputes the
--    parents concerned from their children. Rows are missing for parents without children. Statement
--    triggers with transition tables (set-based: a bulk insert costs a few statements, not rows × 3).
CREATE TABLE "oparl_item_children_modified" (
	"agenda_item_id" integer PRIMARY KEY NOT NULL REFERENCES "agenda_items"("id") ON DELETE CASCADE,
	"modified_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oparl_meeting_children_modified" (
	"meeting_id" integer PRIMARY KEY NOT NULL REFERENCES "meetings"("id") ON DELETE CASCADE,
	"modified_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Recomputes the rows of these meetings from their children (none: no row).
CREATE FUNCTION oparl_meetings_children_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM oparl_meeting_children_modified WHERE meeting_id = ANY (ids);
  INSERT INTO oparl_meeting_children_modified (meeting_id, modified_at)
    SELECT meeting_id, max(t) FROM (
      SELECT i.meeting_id, i.modified_at AS t FROM agenda_items i WHERE i.meeting_id = ANY (ids)
      UNION ALL SELECT i.meeting_id, c.modified_at FROM oparl_item_children_modified c
        JOIN agenda_items i ON i.id = c.agenda_item_id WHERE i.meeting_id = ANY (ids)
      UNION ALL SELECT a.meeting_id, a.modified_at FROM attendance a WHERE a.meeting_id = ANY (ids)) x
    GROUP BY meeting_id;
END $$;
--> statement-breakpoint
-- Children of these meetings were inserted or moved forward to these times.
CREATE FUNCTION oparl_meetings_children_raise(ids integer[], ats timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  INSERT INTO oparl_meeting_children_modified (meeting_id, modified_at)
    SELECT x.id, max(x.at) FROM unnest(ids, ats) AS x(id, at)
    WHERE x.id IS NOT NULL AND x.at IS NOT NULL AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = x.id)
    GROUP BY x.id
    ON CONFLICT (meeting_id) DO UPDATE
      SET modified_at = greatest(oparl_meeting_children_modified.modified_at, excluded.modified_at);
END $$;
--> statement-breakpoint
-- Recomputes the rows of these items from their children, then those of their meetings.
CREATE FUNCTION oparl_items_children_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM oparl_item_children_modified WHERE agenda_item_id = ANY (ids);
  INSERT INTO oparl_item_children_modified (agenda_item_id, modified_at)
    SELECT agenda_item_id, max(t) FROM (
      SELECT v.agenda_item_id, v.modified_at AS t FROM votes v WHERE v.agenda_item_id = ANY (ids)
      UNION ALL SELECT c.agenda_item_id, c.modified_at FROM conflicts c WHERE c.agenda_item_id = ANY (ids)
      UNION ALL SELECT a.agenda_item_id, a.modified_at FROM addenda a WHERE a.agenda_item_id = ANY (ids)
      UNION ALL SELECT x.agenda_item_id, f.modified_at FROM agenda_item_attachments x JOIN files f ON f.id = x.file_id
        WHERE x.agenda_item_id = ANY (ids)
      UNION ALL SELECT k.agenda_item_id, k.modified_at FROM consultations k WHERE k.agenda_item_id = ANY (ids)) x
    WHERE EXISTS (SELECT 1 FROM agenda_items i WHERE i.id = x.agenda_item_id)
    GROUP BY agenda_item_id;
  PERFORM oparl_meetings_children_refresh(
    array(SELECT DISTINCT i.meeting_id FROM agenda_items i WHERE i.id = ANY (ids)));
END $$;
--> statement-breakpoint
-- Children of these items were inserted or moved forward to these times: the items' rows and their
-- meetings' rise.
CREATE FUNCTION oparl_items_children_raise(ids integer[], ats timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  INSERT INTO oparl_item_children_modified (agenda_item_id, modified_at)
    SELECT x.id, max(x.at) FROM unnest(ids, ats) AS x(id, at)
    WHERE x.id IS NOT NULL AND x.at IS NOT NULL AND EXISTS (SELECT 1 FROM agenda_items i WHERE i.id = x.id)
    GROUP BY x.id
    ON CONFLICT (agenda_item_id) DO UPDATE
      SET modified_at = greatest(oparl_item_children_modified.modified_at, excluded.modified_at);
  PERFORM oparl_meetings_children_raise(array_agg(i.meeting_id), array_agg(x.at))
    FROM unnest(ids, ats) AS x(id, at) JOIN agenda_items i ON i.id = x.id;
END $$;
--> statement-breakpoint
-- Statement trigger of a child table (one call per statement, set-based). Arguments: 'item' or 'meeting'
-- (the parent's kind), the child's column holding the parent's id, and a third one for a table without
-- an `id` column (old and new rows cannot be paired: an update recomputes). An insert, or an update that keeps
-- the parent and moves the time forward, raises the parents' rows; a delete, a time moved back or a
-- parent changed recomputes the parents concerned (old and new).
CREATE FUNCTION oparl_children_modified() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  raise_ids integer[];
  raise_ats timestamptz[];
  refresh_ids integer[];
  forward text := format('n.%1$I IS NOT DISTINCT FROM o.%1$I AND n.modified_at >= o.modified_at', TG_ARGV[1]);
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(%1$I), array_agg(modified_at) FROM new_rows', TG_ARGV[1])
      INTO raise_ids, raise_ats;
  ELSIF TG_OP = 'UPDATE' AND TG_NARGS > 2 THEN
    -- A table without an id of its own (conflicts): every parent of the old and new rows recomputed.
    EXECUTE format('SELECT array_agg(DISTINCT p) FROM (SELECT %1$I AS p FROM new_rows UNION ALL SELECT %1$I FROM old_rows) x
      WHERE p IS NOT NULL', TG_ARGV[1]) INTO refresh_ids;
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT array_agg(n.%1$I), array_agg(n.modified_at) FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE %2$s',
      TG_ARGV[1], forward) INTO raise_ids, raise_ats;
    EXECUTE format('SELECT array_agg(DISTINCT p) FROM (SELECT o.%1$I AS p FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE NOT (%2$s)
      UNION ALL SELECT n.%1$I FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE NOT (%2$s)) x WHERE p IS NOT NULL',
      TG_ARGV[1], forward) INTO refresh_ids;
  ELSE
    EXECUTE format('SELECT array_agg(DISTINCT %1$I) FROM old_rows WHERE %1$I IS NOT NULL', TG_ARGV[1]) INTO refresh_ids;
  END IF;
  IF TG_ARGV[0] = 'item' THEN
    PERFORM oparl_items_children_raise(raise_ids, raise_ats);
    PERFORM oparl_items_children_refresh(refresh_ids);
  ELSE
    PERFORM oparl_meetings_children_raise(raise_ids, raise_ats);
    PERFORM oparl_meetings_children_refresh(refresh_ids);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER votes_children_modified_insert AFTER INSERT ON votes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER votes_children_modified_update AFTER UPDATE ON votes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER votes_children_modified_delete AFTER DELETE ON votes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER conflicts_children_modified_insert AFTER INSERT ON conflicts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER conflicts_children_modified_update AFTER UPDATE ON conflicts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id', 'no id');
--> statement-breakpoint
CREATE TRIGGER conflicts_children_modified_delete AFTER DELETE ON conflicts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER addenda_children_modified_insert AFTER INSERT ON addenda REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER addenda_children_modified_update AFTER UPDATE ON addenda REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER addenda_children_modified_delete AFTER DELETE ON addenda REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER consultations_children_modified_insert AFTER INSERT ON consultations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER consultations_children_modified_update AFTER UPDATE ON consultations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER consultations_children_modified_delete AFTER DELETE ON consultations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('item', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER agenda_items_children_modified_insert AFTER INSERT ON agenda_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('meeting', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER agenda_items_children_modified_update AFTER UPDATE ON agenda_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('meeting', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER agenda_items_children_modified_delete AFTER DELETE ON agenda_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('meeting', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER attendance_children_modified_insert AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('meeting', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER attendance_children_modified_update AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('meeting', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER attendance_children_modified_delete AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_children_modified('meeting', 'meeting_id');
--> statement-breakpoint
-- Attachments: the file's time counts for the item (the link row itself touches the item, 0005).
CREATE FUNCTION oparl_attachments_children_modified() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT agenda_item_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(DISTINCT p) INTO ids FROM (SELECT agenda_item_id AS p FROM new_rows UNION ALL SELECT agenda_item_id FROM old_rows) x;
  ELSE SELECT array_agg(DISTINCT agenda_item_id) INTO ids FROM old_rows;
  END IF;
  PERFORM oparl_items_children_refresh(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER agenda_item_attachments_children_modified_insert AFTER INSERT ON agenda_item_attachments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_attachments_children_modified();
--> statement-breakpoint
CREATE TRIGGER agenda_item_attachments_children_modified_update AFTER UPDATE ON agenda_item_attachments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_attachments_children_modified();
--> statement-breakpoint
CREATE TRIGGER agenda_item_attachments_children_modified_delete AFTER DELETE ON agenda_item_attachments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_attachments_children_modified();
--> statement-breakpoint
-- A file's change counts for every item it is attached to.
CREATE FUNCTION oparl_files_children_modified() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  raise_ids integer[];
  raise_ats timestamptz[];
  refresh_ids integer[];
BEGIN
  SELECT array_agg(x.agenda_item_id), array_agg(n.modified_at) INTO raise_ids, raise_ats
    FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN agenda_item_attachments x ON x.file_id = n.id
    WHERE n.modified_at >= o.modified_at;
  SELECT array_agg(DISTINCT x.agenda_item_id) INTO refresh_ids
    FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN agenda_item_attachments x ON x.file_id = n.id
    WHERE NOT (n.modified_at >= o.modified_at);
  PERFORM oparl_items_children_raise(raise_ids, raise_ats);
  PERFORM oparl_items_children_refresh(refresh_ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER files_children_modified AFTER UPDATE ON files REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oparl_files_children_modified();
--> statement-breakpoint
-- Recomputes every row (after a bulk load that ran without row triggers, and for the rows that exist).
CREATE FUNCTION oparl_children_modified_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM oparl_meeting_children_modified;
  DELETE FROM oparl_item_children_modified;
  INSERT INTO oparl_item_children_modified (agenda_item_id, modified_at)
    SELECT agenda_item_id, max(t) FROM (
      SELECT v.agenda_item_id, v.modified_at AS t FROM votes v
      UNION ALL SELECT c.agenda_item_id, c.modified_at FROM conflicts c
      UNION ALL SELECT a.agenda_item_id, a.modified_at FROM addenda a
      UNION ALL SELECT x.agenda_item_id, f.modified_at FROM agenda_item_attachments x JOIN files f ON f.id = x.file_id
      UNION ALL SELECT k.agenda_item_id, k.modified_at FROM consultations k WHERE k.agenda_item_id IS NOT NULL) x
    GROUP BY agenda_item_id;
  INSERT INTO oparl_meeting_children_modified (meeting_id, modified_at)
    SELECT meeting_id, max(t) FROM (
      SELECT i.meeting_id, i.modified_at AS t FROM agenda_items i
      UNION ALL SELECT i.meeting_id, c.modified_at FROM oparl_item_children_modified c JOIN agenda_items i ON i.id = c.agenda_item_id
      UNION ALL SELECT a.meeting_id, a.modified_at FROM attendance a) x
    GROUP BY meeting_id;
END $$;
--> statement-breakpoint
SELECT oparl_children_modified_rebuild();
--> statement-breakpoint
-- 2. The text of a meeting's PUBLIC minutes (`Meeting.resultsProtocol.text`, the minutes' `File.text`),
--    rendered by the API's own function (src/oparl/minutes.ts: the portal's `niederschrift.txt`, read with
--    public visibility), stored so that a page reads it instead of reading and rendering the meeting.
--    `modified_at` is the meeting's effective modification time (full precision) the text was rendered
--    at: the API uses a text only while the meeting's time is still exactly that, else it renders anew
--    (and stores the new text). What the minutes show of other rows (names of persons, organisations,
--    papers, the body's settings) is not in the meeting's time: a change of such a row drops the texts
--    of its body's meetings (triggers below). Written by the API, the generator and the demo loader.
CREATE TABLE "oparl_minutes_texts" (
	"meeting_id" integer PRIMARY KEY NOT NULL REFERENCES "meetings"("id") ON DELETE CASCADE,
	"body_id" integer NOT NULL,
	"modified_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "oparl_minutes_texts_body" ON "oparl_minutes_texts" USING btree ("body_id");
--> statement-breakpoint
CREATE FUNCTION oparl_minutes_texts_drop() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  DELETE FROM oparl_minutes_texts WHERE body_id = (r ->> TG_ARGV[0])::integer;
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) ->> TG_ARGV[0]) IS DISTINCT FROM (r ->> TG_ARGV[0]) THEN
    DELETE FROM oparl_minutes_texts WHERE body_id = (to_jsonb(OLD) ->> TG_ARGV[0])::integer;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER bodies_minutes_texts AFTER UPDATE ON bodies FOR EACH ROW EXECUTE FUNCTION oparl_minutes_texts_drop('id');
--> statement-breakpoint
CREATE TRIGGER persons_minutes_texts AFTER UPDATE OR DELETE ON persons FOR EACH ROW EXECUTE FUNCTION oparl_minutes_texts_drop('body_id');
--> statement-breakpoint
CREATE TRIGGER organizations_minutes_texts AFTER UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION oparl_minutes_texts_drop('body_id');
--> statement-breakpoint
CREATE TRIGGER papers_minutes_texts AFTER UPDATE OR DELETE ON papers FOR EACH ROW EXECUTE FUNCTION oparl_minutes_texts_drop('body_id');
