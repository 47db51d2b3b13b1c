/**
 * The back office: the router with every page module registered. Later page modules (master data,
 * papers, meetings, minutes) are imported here, once.
 */
import './pages.tsx';
import './masterdata.tsx';
import './masterdata-api.ts';
import './papers.tsx';
import './papers-api.tsx';
import './meetings.tsx';
import './meetings-api.tsx';
// Before meetings-record.tsx: …/niederschrift/abschluss, …/berichtigung and …/fassungen also match its
// …/niederschrift/:itemId; the first registered handler answers.
import './minutes-finish.tsx';
import './minutes-finish-api.ts';
import './meetings-record.tsx';
import './meetings-record-api.tsx';
import './resolutions.tsx';
import './resolutions-api.ts';
import './audit.tsx';
import './audit-api.ts';
import './account-access.tsx';
import './account-access-api.ts';

export { OFFICE_ROUTES, office } from './router.tsx';
