/**
 * The Aegister transport: every request of the Aegister node goes through `aegisterRequest`.
 * docs/transport.md says how it behaves.
 */
export type { AegisterContext } from './connection';
export { CREDENTIAL_TYPE } from './connection';
export { AEGISTER_READ_ONLY_POLICY } from './endpoints';
export type { AegisterEnvelope } from './envelope';
export { aegisterError, SERVICE } from './envelope';
export type { AegisterRequestOptions } from './request';
export {
	aegisterRequest,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
	timeoutOf,
} from './request';
