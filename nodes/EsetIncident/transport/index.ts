/**
 * The ESET transport: every request of the ESET nodes and the trigger goes through `esetRequest`
 * (or `esetPages` for a list). docs/transport.md says how it behaves.
 */
export type { EsetList, EsetResponse, ItemContext } from './answers';
export { ESET_LISTS, listIn, malformed, resourceIn } from './answers';
export type { EsetConnection, EsetContext } from './connection';
export { CREDENTIAL_TYPE, esetConnection, refuseIfReadOnly } from './connection';
export { EsetOutOfTime } from './errors';
export { transportOptionFields } from './options';
export type { PageOptions } from './pages';
export { esetPages, MAX_EMPTY_PAGES_IN_A_ROW, MAX_PAGES } from './pages';
export type { EsetService } from './endpoints';
export { ESET_SERVICES } from './endpoints';
export type { EsetAnswer, EsetTarget } from './request';
export { currentRate, esetRequest } from './request';
export type { TransportSettings } from './settings';
export { MAX_PAGE_SIZE, transportSettings } from './settings';
