/**
 * Imports a dataset (see schema.ts) in ONE transaction through the application's services: every
 * domain rule applies, every write is audited, and an error anywhere leaves nothing behind.
 */
import { DomainError } from '../../domain/errors.ts';
import { inTransaction, type ServiceContext } from '../context.ts';
import {
  createBody,
  createLocation,
  createMembership,
  createOrganization,
  createPerson,
  createRoom,
  createTerm,
} from '../masterdata.ts';
import {
  addAddendum,
  addAgendaItem,
  addAttachment,
  addRapporteur,
  createMeeting,
  declareConflict,
  recordAttendance,
  recordSignature,
  recordVote,
} from '../meetings.ts';
import { addConsultation, attachFileToPaper, createFile, createPaper } from '../papers.ts';
import { type Dataset, type DatasetAgendaItem, type DatasetInput, datasetSchema } from './schema.ts';

export interface ImportResult {
  bodyId: number;
  counts: Record<string, number>;
}

/** Validates a dataset; throws DomainError('validation.invalid_input') listing every problem. */
export function parseDataset(input: unknown) {
  const parsed = datasetSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(Wurzel)'}: ${i.message}`);
    throw new DomainError('validation.invalid_input', `Der Datensatz ist ungültig:\n${problems.join('\n')}`, {
      problems: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data;
}

const joinParagraphs = (paragraphs: string[] | null | undefined) => (paragraphs ? paragraphs.join('\n\n') : null);

/**
 * When a dataset meeting's signed minutes count as published (migration 0017): signed ones are published
 * unless `minutesPublished: false`, at their last signature (else the minutes' date, else the meeting's start).
 */
function datasetMinutesPublishedAt(m: Dataset['meetings'][number]): Date | null {
  if (m.state !== 'minutes_signed' || m.minutesPublished === false) return null;
  const signed = m.signatures.map((s) => new Date(s.signedAt).getTime());
  if (signed.length > 0) return new Date(Math.max(...signed));
  return m.minutesDate ? new Date(`${m.minutesDate}T12:00:00Z`) : new Date(m.startAt);
}

class Keys {
  private readonly maps = new Map<string, Map<string, number>>();

  set(kind: string, key: string, id: number) {
    const map = this.maps.get(kind) ?? new Map<string, number>();
    this.maps.set(kind, map);
    if (map.has(key)) {
      throw new DomainError('dataset.duplicate_key', `Schlüssel „${key}“ ist unter ${kind} doppelt vergeben.`, {
        kind,
        key,
      });
    }
    map.set(key, id);
  }

  get(kind: string, key: string): number {
    const id = this.maps.get(kind)?.get(key);
    if (id === undefined) {
      throw new DomainError('dataset.unknown_key', `Unbekannter Schlüssel „${key}“ (erwartet: ${kind}).`, {
        kind,
        key,
      });
    }
    return id;
  }

  opt(kind: string, key: string | null | undefined): number | null {
    return key == null ? null : this.get(kind, key);
  }
}

export async function importDataset(ctx: ServiceContext, input: DatasetInput | unknown): Promise<ImportResult> {
  const data = parseDataset(input);
  return inTransaction(ctx, async (tx) => {
    const keys = new Keys();
    const counts: Record<string, number> = {};
    const count = (what: string) => {
      counts[what] = (counts[what] ?? 0) + 1;
    };

    const body = await createBody(tx, data.body);
    count('bodies');
    const bodyId = body.id;

    for (const t of data.terms) {
      keys.set(
        'term',
        t.key,
        (await createTerm(tx, { bodyId, name: t.name, startDate: t.startDate, endDate: t.endDate ?? null })).id,
      );
      count('terms');
    }
    // Parents may be listed after their children: create in dependency order.
    const pending = [...data.organizations];
    while (pending.length > 0) {
      const index = pending.findIndex(
        (o) => o.parent == null || o.parent === undefined || hasKey(keys, 'organization', o.parent),
      );
      if (index < 0) {
        throw new DomainError('dataset.unknown_key', `Unbekannte übergeordnete Organisation „${pending[0]?.parent}“.`);
      }
      const [o] = pending.splice(index, 1);
      if (!o) break;
      const { key, parent, ...rest } = o;
      const created = await createOrganization(tx, { ...rest, bodyId, parentId: keys.opt('organization', parent) });
      keys.set('organization', key, created.id);
      count('organizations');
    }
    for (const p of data.persons) {
      const { key, ...rest } = p;
      keys.set('person', key, (await createPerson(tx, { ...rest, bodyId })).id);
      count('persons');
    }
    for (const m of data.memberships) {
      await createMembership(tx, {
        personId: keys.get('person', m.person),
        organizationId: keys.get('organization', m.organization),
        termId: keys.opt('term', m.term),
        role: m.role,
        roleLabel: m.roleLabel ?? null,
        votingRight: m.votingRight,
        appointedCitizen: m.appointedCitizen,
        onBehalfOfId: keys.opt('organization', m.onBehalfOf),
        deputyOfPersonId: keys.opt('person', m.deputyOf),
        startDate: m.startDate ?? null,
        endDate: m.endDate ?? null,
      });
      count('memberships');
    }
    for (const l of data.locations) {
      const { key, rooms, ...rest } = l;
      const location = await createLocation(tx, { ...rest, bodyId });
      keys.set('location', key, location.id);
      count('locations');
      for (const r of rooms) {
        const room = await createRoom(tx, {
          locationId: location.id,
          name: r.name,
          description: r.description ?? null,
        });
        keys.set('room', r.key, room.id);
        count('rooms');
      }
    }
    for (const f of data.files) {
      if ((f.content === undefined) === (f.base64 === undefined)) {
        throw new DomainError('dataset.file_content', `Datei „${f.key}“ braucht genau eines von content oder base64.`);
      }
      const content =
        f.content !== undefined ? new TextEncoder().encode(f.content) : Buffer.from(f.base64 ?? '', 'base64');
      const text = f.content !== undefined && f.mimeType.startsWith('text/') ? f.content : null;
      const created = await createFile(tx, {
        bodyId,
        name: f.name,
        fileName: f.fileName,
        mimeType: f.mimeType,
        content,
        text,
      });
      keys.set('file', f.key, created.id);
      count('files');
    }
    for (const p of data.papers) {
      const paper = await createPaper(tx, {
        bodyId,
        officeId: keys.get('organization', p.office),
        year: p.year,
        reference: p.reference ?? null,
        paperType: p.paperType,
        title: p.title,
        text: joinParagraphs(p.text),
        date: p.date ?? null,
        originatorId: keys.opt('organization', p.originator),
        public: p.public,
      });
      keys.set('paper', p.key, paper.id);
      count('papers');
      for (const f of p.files) await attachFileToPaper(tx, { paperId: paper.id, fileId: keys.get('file', f) });
    }

    for (const m of data.meetings) {
      const meeting = await createMeeting(tx, {
        organizationId: keys.get('organization', m.organization),
        state: m.state,
        cancelled: m.cancelled,
        startAt: new Date(m.startAt),
        endAt: m.endAt ? new Date(m.endAt) : null,
        locationId: keys.opt('location', m.location),
        roomId: keys.opt('room', m.room),
        invitationSentOn: m.invitationSentOn ?? null,
        invitationUrgent: m.invitationUrgent,
        supplementSentOn: m.supplementSentOn ?? null,
        minutesPlace: m.minutesPlace ?? null,
        minutesDate: m.minutesDate ?? null,
        minutesPublishedAt: datasetMinutesPublishedAt(m),
        contactPersonId: keys.opt('person', m.contact),
        publicPartClosingNote: joinParagraphs(m.publicPartClosingNote),
      });
      keys.set('meeting', m.key, meeting.id);
      count('meetings');
      // Attendance first: votes are checked against who was entitled to vote.
      for (const a of m.attendance) {
        await recordAttendance(tx, {
          meetingId: meeting.id,
          personId: keys.get('person', a.person),
          role: a.role,
          status: a.status,
          votingRight: a.votingRight,
          substituteForPersonId: keys.opt('person', a.substituteFor),
          function: a.function ?? null,
          arrivedAt: a.arrivedAt ?? null,
          leftAt: a.leftAt ?? null,
        });
        count('attendance');
      }
      const addItems = async (items: DatasetAgendaItem[], parentId: number | null) => {
        for (const item of items) {
          const created = await addAgendaItem(tx, {
            meetingId: meeting.id,
            parentId,
            number: item.number,
            public: item.public,
            title: item.title,
            subtitle: item.subtitle ?? null,
            paperId: keys.opt('paper', item.paper),
            supplement: item.supplement ?? false,
            minutesText: joinParagraphs(item.minutesText),
            resolutionKind: item.resolution?.kind ?? null,
            resolutionText: joinParagraphs(item.resolution?.text),
          });
          keys.set('agendaItem', `${m.key}#${item.number}`, created.id);
          count('agendaItems');
          for (const c of item.conflicts ?? []) {
            await declareConflict(tx, {
              agendaItemId: created.id,
              personId: keys.get('person', c.person),
              note: c.note ?? null,
            });
          }
          for (const v of item.votes ?? []) {
            await recordVote(tx, {
              agendaItemId: created.id,
              method: v.method ?? 'open',
              subject: v.subject ?? null,
              yes: v.yes ?? null,
              no: v.no ?? null,
              abstain: v.abstain ?? null,
              unanimous: v.unanimous ?? false,
              outcome: v.outcome ?? null,
              byFaction: (v.byFaction ?? []).map((f) => ({
                factionId: keys.get('organization', f.faction),
                yes: f.yes ?? 0,
                no: f.no ?? 0,
                abstain: f.abstain ?? 0,
              })),
              ballots: (v.ballots ?? []).map((b) => ({ personId: keys.get('person', b.person), choice: b.choice })),
            });
            count('votes');
          }
          for (const a of item.addenda ?? []) {
            await addAddendum(tx, {
              agendaItemId: created.id,
              text: a.text.join('\n\n'),
              ...(a.heading ? { heading: a.heading } : {}),
            });
            count('addenda');
          }
          for (const a of item.attachments ?? []) {
            await addAttachment(tx, { agendaItemId: created.id, fileId: keys.get('file', a.file), label: a.label });
            count('attachments');
          }
          if (item.items?.length) await addItems(item.items, created.id);
        }
      };
      await addItems(m.agenda, null);
      for (const r of m.rapporteurs) {
        await addRapporteur(tx, {
          meetingId: meeting.id,
          personId: keys.get('person', r.person),
          toOrganizationId: keys.get('organization', r.to),
          factionId: keys.opt('organization', r.faction),
          agendaItemId: r.agendaNumber ? keys.get('agendaItem', `${m.key}#${r.agendaNumber}`) : null,
        });
      }
      for (const s of m.signatures) {
        await recordSignature(tx, {
          meetingId: meeting.id,
          role: s.role,
          personId: keys.get('person', s.person),
          signedAt: new Date(s.signedAt),
        });
        count('signatures');
      }
    }

    // Consultations last: they may point at agenda items of the meetings above.
    for (const p of data.papers) {
      for (const c of p.consultations) {
        if ((c.meeting == null) !== (c.agendaNumber == null)) {
          throw new DomainError(
            'dataset.consultation_item',
            'Eine Beratung nennt Sitzung und TOP-Nummer zusammen oder keines von beiden.',
          );
        }
        await addConsultation(tx, {
          paperId: keys.get('paper', p.key),
          organizationId: keys.get('organization', c.organization),
          role: c.role,
          status: c.status,
          agendaItemId: c.meeting ? keys.get('agendaItem', `${c.meeting}#${c.agendaNumber}`) : null,
        });
        count('consultations');
      }
    }
    return { bodyId, counts };
  });
}

function hasKey(keys: Keys, kind: string, key: string) {
  try {
    keys.get(kind, key);
    return true;
  } catch {
    return false;
  }
}
