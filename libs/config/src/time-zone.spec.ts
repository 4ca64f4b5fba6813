import { IANAZone } from 'luxon';
import { isIanaZone } from './time-zone';

describe('isIanaZone', () => {
  it.each(['Asia/Shanghai', 'UTC', 'Etc/GMT+5', 'America/New_York', 'europe/berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', '', 'Mars/Base', 'GMT+8', '+08:00', 'Asia/Shanghai '])(
    'answers as luxon IANAZone.isValidZone for %j',
    (zone) => {
      expect(isIanaZone(zone)).toBe(IANAZone.isValidZone(zone));
    },
  );

  it('answers as luxon for every zone Intl lists', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) expect(isIanaZone(zone)).toBe(IANAZone.isValidZone(zone));
  });
});
