/** Money read back from decimal(20, 10) columns, with float noise from arithmetic cut off (one helper for every app). */
export { money } from '@aigw/store';
