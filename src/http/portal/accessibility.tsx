/**
 * "Erklärung zur Barrierefreiheit" (BITV NRW) and its feedback route, linked from every page.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { feedbackProblems, submitFeedback } from '../../services/feedback.ts';
import type { AppEnv } from '../env.ts';
import { Layout } from './layout.tsx';

export const accessibility = new Hono<AppEnv>();

accessibility.get('/barrierefreiheit', (c) =>
  c.html(
    <Layout title="Erklärung zur Barrierefreiheit">
      <h1>Erklärung zur Barrierefreiheit</h1>
      <p>
        Die Betreiber dieses Ratsinformationssystems sind bemüht, es im Einklang mit der
        Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW) barrierefrei zugänglich zu machen.
        Maßstab ist die Norm EN 301 549, die die Web Content Accessibility Guidelines (WCAG) 2.1 in der Stufe AA
        einschließt.
      </p>
      <h2>Stand der Vereinbarkeit</h2>
      <p>Dieses Angebot ist teilweise barrierefrei. Nicht barrierefrei sind nach derzeitigem Stand:</p>
      <ul>
        <li>
          Als PDF veröffentlichte Dokumente (Einladungen, Niederschriften, Beschlussauszüge) sind mit Tags für
          Screenreader und PDF/A-Kennung versehen, aber noch nicht mit einem Prüfwerkzeug für PDF/UA und PDF/A geprüft.
          Jedes Dokument gibt es auch als HTML und als Text.
        </li>
        <li>Anlagen, die Dritte zu Sitzungen einreichen, werden so veröffentlicht, wie sie eingereicht wurden.</li>
      </ul>
      <h2>Barrieren melden</h2>
      <p>
        Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann teilen Sie sie uns bitte über das{' '}
        <a href="/barrierefreiheit/rueckmeldung">Formular für Rückmeldungen</a> mit.
      </p>
      <h2>Durchsetzungsverfahren</h2>
      <p>
        Erhalten Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine zufriedenstellende Antwort, können Sie sich
        an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden. Das Verfahren
        ist kostenlos.
      </p>
    </Layout>,
  ),
);

function FeedbackForm(props: { values: Record<string, string>; problems: Record<string, string> }) {
  const { values, problems } = props;
  const errorId = (field: string) => (problems[field] ? `fehler-${field}` : undefined);
  const FieldError = (p: { field: string }) =>
    problems[p.field] ? (
      <p id={`fehler-${p.field}`} class="error">
        {problems[p.field]}
      </p>
    ) : null;
  return (
    <Layout title="Barriere melden">
      <h1>Barriere melden</h1>
      {Object.keys(problems).length > 0 ? (
        <div role="alert">
          <p>
            <strong>Bitte prüfen Sie Ihre Angaben.</strong>
          </p>
        </div>
      ) : null}
      <form method="post" action="/barrierefreiheit/rueckmeldung">
        <p>
          <label for="message">Welche Barriere ist Ihnen begegnet? (Pflichtfeld)</label>
          <br />
          <textarea id="message" name="message" rows={8} cols={60} required aria-describedby={errorId('message')}>
            {values.message ?? ''}
          </textarea>
        </p>
        <FieldError field="message" />
        <p>
          <label for="pageUrl">Auf welcher Seite? (Adresse, freiwillig)</label>
          <br />
          <input
            id="pageUrl"
            name="pageUrl"
            type="text"
            size={60}
            value={values.pageUrl ?? ''}
            aria-describedby={errorId('pageUrl')}
          />
        </p>
        <FieldError field="pageUrl" />
        <p>
          <label for="contact">Wie erreichen wir Sie für eine Antwort? (E-Mail oder Telefon, freiwillig)</label>
          <br />
          <input
            id="contact"
            name="contact"
            type="text"
            size={60}
            value={values.contact ?? ''}
            aria-describedby={errorId('contact')}
          />
        </p>
        <FieldError field="contact" />
        <p>
          <button type="submit">Rückmeldung senden</button>
        </p>
      </form>
    </Layout>
  );
}

accessibility.get('/barrierefreiheit/rueckmeldung', (c) => {
  if (c.req.query('danke') !== undefined) {
    return c.html(
      <Layout title="Vielen Dank">
        <h1>Vielen Dank für Ihre Rückmeldung</h1>
        <p>Wir prüfen sie und antworten, wenn Sie eine Kontaktmöglichkeit angegeben haben.</p>
        <p>
          <a href="/">Zur Startseite</a>
        </p>
      </Layout>,
    );
  }
  return c.html(<FeedbackForm values={{ pageUrl: c.req.query('seite') ?? '' }} problems={{}} />);
});

accessibility.post(
  '/barrierefreiheit/rueckmeldung',
  bodyLimit({
    maxSize: 32 * 1024,
    onError: (c) => c.html(<FeedbackForm values={{}} problems={{ message: 'Die Rückmeldung ist zu lang.' }} />, 413),
  }),
  async (c) => {
    const form = await c.req.parseBody();
    const values = {
      message: typeof form.message === 'string' ? form.message : '',
      pageUrl: typeof form.pageUrl === 'string' ? form.pageUrl : '',
      contact: typeof form.contact === 'string' ? form.contact : '',
    };
    const problems = feedbackProblems(values);
    if (Object.keys(problems).length > 0) return c.html(<FeedbackForm values={values} problems={problems} />, 422);
    await submitFeedback({ db: c.var.db, actor: 'public' }, values);
    return c.redirect('/barrierefreiheit/rueckmeldung?danke', 303);
  },
);
