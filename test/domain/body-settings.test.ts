import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodySettings, effectiveInvitationDeadline, organizationSettings } from '../../src/domain/body-settings.ts';

test('stored settings are read leniently: defaults for missing or invalid values', () => {
  assert.deepEqual(bodySettings(undefined), { publishNonPublicAgendaTitles: false });
  assert.deepEqual(bodySettings({ publishNonPublicAgendaTitles: 'ja' }), { publishNonPublicAgendaTitles: false });
  assert.equal(bodySettings({ publishNonPublicAgendaTitles: true }).publishNonPublicAgendaTitles, true);
  assert.deepEqual(organizationSettings({ invitationDeadline: { days: -1 } }), {});
});

test('invitation deadline: committee override, else body setting, else the profile default', () => {
  const tenFullDays = { days: 10, unit: 'calendar', urgentDays: 1, urgentUnit: 'hours' } as const;
  const sixWorkingDays = { days: 6, unit: 'working', urgentDays: 3, urgentUnit: 'working' } as const;
  const onDate = '2024-03-01';
  const profileDefault = effectiveInvitationDeadline({ jurisdiction: 'nrw-gemeinde', body: bodySettings({}), onDate });
  assert.deepEqual(profileDefault, { days: 7, unit: 'calendar', urgentDays: 3, urgentUnit: 'working' });
  const body = bodySettings({ invitationDeadline: tenFullDays });
  assert.deepEqual(effectiveInvitationDeadline({ jurisdiction: 'nrw-kreis', body, onDate }), tenFullDays);
  assert.deepEqual(
    effectiveInvitationDeadline({
      jurisdiction: 'nrw-kreis',
      body,
      organization: organizationSettings({ invitationDeadline: sixWorkingDays }),
      onDate,
    }),
    sixWorkingDays,
  );
});
