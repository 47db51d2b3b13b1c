/**
 * Resolution tracking (Beschlusskontrolle) of the embedded demo: the resolutions and tasks of the reference
 * meeting of the Ausschuss für Digitalisierung (18.02.2021), so that a new user finds the overview filled.
 * Accepted decisions become Beschlüsse; what the minutes promise or ask for becomes a Prüf- or
 * Arbeitsauftrag (item 7: the breakdown of the 2 Mio. € "für die Niederschrift zugesagt"; item 10: "Es wurde
 * zugesagt, dass diese Frage im Rahmen der Niederschrift beantwortet würde"). Offices, due dates and status
 * reports are plausible demo values, not part of the reference document. Created through the service (with
 * its audit entries) in the demo loader's transaction, after the dataset.
 */
import { and, eq } from 'drizzle-orm';
import { agendaItems, meetings, organizations } from '../db/schema.ts';
import type { Actor } from '../domain/permissions.ts';
import type { ServiceContext } from '../services/context.ts';
import {
  changeResolutionStatus,
  createTrackedResolution,
  type ResolutionKind,
  type ResolutionStatus,
} from '../services/resolutions.ts';

interface DemoResolution {
  /** Agenda item number in the reference meeting. */
  item: string;
  kind: ResolutionKind;
  /** Default: the item's title. */
  title?: string;
  /** Default: the item's resolution text. */
  text?: string;
  /** Office by name. */
  office: string;
  dueDate: string;
  status?: { status: ResolutionStatus; report: string; reportDate: string };
}

export const demoResolutions: DemoResolution[] = [
  {
    item: '2',
    kind: 'decision',
    title: 'Bestellung des Schriftführers und der stellvertretenden Schriftführerin',
    office: 'Amt 10',
    dueDate: '2021-03-31',
    status: {
      status: 'done',
      report: 'Herr Gramenz und Frau Becker sind für die Wahlperiode 2020–2025 bestellt und führen die Niederschrift.',
      reportDate: '2021-03-03',
    },
  },
  {
    item: '7',
    kind: 'review',
    title: 'Aufschlüsselung der zusätzlichen 2 Mio. € für WLAN-Projekte (Zeile 167)',
    text: 'Herr KA Buchholz fragt, wie sich die zusätzlichen 2 Mio. € (Zeile 167) im Nachtragshaushalt für 2021 zusammensetzen. Die weiteren Aufschlüsselungen wurden für die Niederschrift zugesagt.',
    office: 'IT-Steuerung',
    dueDate: '2021-03-03',
    status: {
      status: 'done',
      report:
        'Beantwortet als Ergänzende Antwort zur Niederschrift (WLAN-Ausbau an den Berufskollegs und Förderschulen).',
      reportDate: '2021-03-03',
    },
  },
  {
    item: '7',
    kind: 'task',
    title: 'Veränderungsantrag zum WLAN-Ausbau am BK Ratingen',
    text: 'Absprachen zur Ausfinanzierung des WLANs am BK Ratingen mit der Stadt Ratingen; im Kreisausschuss einen Veränderungsantrag einbringen, durch den der Ansatz von 700.000 € angepasst wird.',
    office: 'Amt 20',
    dueDate: '2021-03-25',
    status: {
      status: 'in_progress',
      report: 'Die Absprachen mit der Stadt Ratingen als Eigentümerin laufen; der Veränderungsantrag wird vorbereitet.',
      reportDate: '2021-03-10',
    },
  },
  {
    item: '9',
    kind: 'review',
    title: 'Anbindung des DMS an die elektronische Ausländerakte',
    text: 'Nach der Migration des Ausländerfachverfahrens zum KRZN wird die Anbindung des DMS projektiert; mit der Stadt Bottrop, die diese Konstellation als Pilot umgesetzt hat, ist Kontakt aufgenommen.',
    office: 'Stabsstelle Digitalisierung',
    dueDate: '2021-12-31',
  },
  {
    item: '10',
    kind: 'decision',
    title: 'Beitritt zum gemeinnützigen Verein buergerservice.org',
    office: 'Stabsstelle Digitalisierung',
    dueDate: '2021-06-30',
    status: {
      status: 'in_progress',
      report: 'Die Empfehlung ist an den Kreistag weitergeleitet; der Aufnahmeantrag an den Verein wird vorbereitet.',
      reportDate: '2021-03-15',
    },
  },
  {
    item: '10',
    kind: 'review',
    title: 'Zahl der bisher freigeschalteten e-ID',
    text: 'Herr Gartmann fragt, ob es eine Zahl der bisher freigeschalteten e-ID gäbe. Es wurde zugesagt, dass diese Frage im Rahmen der Niederschrift beantwortet würde.',
    office: 'Stabsstelle Digitalisierung',
    dueDate: '2021-03-03',
    status: {
      status: 'done',
      report: 'Beantwortet als Ergänzende Antwort zur Niederschrift: aktuell sind ca. 35 Mio. eID freigeschaltet.',
      reportDate: '2021-03-03',
    },
  },
];

/** Tracks the demo resolutions of the body's reference meeting (the demo loader's transaction). */
export async function createDemoResolutions(ctx: ServiceContext, bodyId: number): Promise<void> {
  const clerk: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
  const items = await ctx.db
    .select({ id: agendaItems.id, number: agendaItems.number })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(eq(meetings.bodyId, bodyId), eq(meetings.state, 'minutes_signed')));
  const offices = await ctx.db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(eq(organizations.bodyId, bodyId), eq(organizations.kind, 'office')));
  for (const demo of demoResolutions) {
    const item = items.find((i) => i.number === demo.item);
    const office = offices.find((o) => o.name === demo.office);
    if (!item || !office) throw new Error(`Demo: TOP ${demo.item} oder ${demo.office} fehlt`);
    const created = await createTrackedResolution(ctx, clerk, {
      agendaItemId: item.id,
      kind: demo.kind,
      title: demo.title ?? null,
      text: demo.text ?? null,
      officeId: office.id,
      dueDate: demo.dueDate,
    });
    if (demo.status) await changeResolutionStatus(ctx, clerk, created.id, { version: created.version, ...demo.status });
  }
}
