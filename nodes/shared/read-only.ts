import type {
	ICredentialDataDecryptedObject,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** A request as n8n's helpers take it: `url` (httpRequest) or `uri` (the legacy request helper). */
export interface RequestLine {
	method?: string;
	url?: string;
	uri?: string;
	baseURL?: string;
}

/** What makes a credential read-only, per vendor. */
export interface ReadOnlyPolicy {
	/** the credential type as the editor names it: "ESET Connect API" */
	credential: string;
	vendor: string;
	/** the POSTs the vendor documents as reads (matched against the URL's path) */
	readPosts: RegExp[];
}

export const READ_ONLY_HINT =
	'Turn "Allow Changes" on in the credential, or use a credential that may write.';

/** The request's path, without its query. */
export function pathOf(request: RequestLine): string {
	const target = String(request.url ?? request.uri ?? '');
	try {
		return new URL(target, request.baseURL || 'http://relative.invalid').pathname;
	} catch {
		return target.split('?')[0];
	}
}

/**
 * Whether a request changes data: every method but GET, HEAD and OPTIONS, except `readPosts`. An
 * unknown POST counts as a change, so endpoints added later stay refused.
 */
export function changesData(request: RequestLine, readPosts: RegExp[]): boolean {
	const method = String(request.method ?? 'GET').toUpperCase();
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
	return !(method === 'POST' && readPosts.some((pattern) => pattern.test(pathOf(request))));
}

/** The refusal of a write through a read-only credential; `what` names the operation or request. */
export function readOnlyMessage(policy: ReadOnlyPolicy, what: string): string {
	return `The ${policy.credential} credential is read-only ("Allow Changes" is off): ${what} would change data in ${policy.vendor}, so nothing was sent`;
}

/** Thrown by a credential's `authenticate`: n8n makes it the node's error, keeping its texts. */
export class ReadOnlyCredentialError extends Error {
	readonly description = READ_ONLY_HINT;
}

/**
 * For a credential's `authenticate`, which every request made with the credential passes — this
 * package's nodes, n8n's HTTP Request node and its AI tool: refuses a write before it is sent.
 */
export function refuseWriteThroughReadOnlyCredential(
	credentials: ICredentialDataDecryptedObject,
	request: RequestLine,
	policy: ReadOnlyPolicy,
): void {
	if (credentials.allowChanges !== false || !changesData(request, policy.readPosts)) return;
	const method = String(request.method ?? 'GET').toUpperCase();
	throw new ReadOnlyCredentialError(readOnlyMessage(policy, `${method} ${pathOf(request)}`));
}

function optionName(property: INodeProperties | undefined, value: unknown): string | undefined {
	const options = (property?.options ?? []) as INodePropertyOptions[];
	return options.find((option) => option.value === value)?.name;
}

/** The operation as the editor shows it ("Incident → Close"), from the node's properties. */
export function operationLabel(properties: INodeProperties[], parameters: INodeParameters): string {
	const { resource, operation } = parameters;
	const resourceName = optionName(
		properties.find((property) => property.name === 'resource'),
		resource,
	);
	const operations = properties.find(
		(property) =>
			property.name === 'operation' &&
			(property.displayOptions?.show?.resource ?? []).includes(resource as string),
	);
	const operationName = optionName(operations, operation);
	return (
		[resourceName ?? resource, operationName ?? operation]
			.filter((part) => typeof part === 'string' && part)
			.join(' → ') || 'this operation'
	);
}
