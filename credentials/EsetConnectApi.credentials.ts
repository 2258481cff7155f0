import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** Base URL of the incident-management service for the credential's region. */
export function esetIncidentManagementUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.region === 'custom') return String(credentials.incidentManagementUrl).replace(/\/+$/, '');
	return `https://${String(credentials.region)}.incident-management.eset.systems`;
}

/** The same, as an n8n expression (for the credential test, which n8n runs declaratively). */
export const ESET_INCIDENT_MANAGEMENT_URL =
	'={{ $credentials.region === "custom" ? $credentials.incidentManagementUrl.replace(/\\/+$/, "") : "https://" + $credentials.region + ".incident-management.eset.systems" }}';

/** ESET's OAuth token endpoint for the credential's region. */
export function esetTokenUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.region === 'custom') return String(credentials.tokenUrl);
	return `https://${String(credentials.region)}.business-account.iam.eset.systems/oauth/token`;
}

interface EsetTokenResponse {
	access_token?: string;
	error?: string;
	error_description?: string;
}

/**
 * Token requests in flight, so that many items starting at once with an empty or expired token
 * share one password grant instead of each asking for its own.
 */
const tokenRequestsInFlight = new Map<string, Promise<IDataObject>>();

async function requestAccessToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const url = esetTokenUrl(credentials);
	let response: EsetTokenResponse;
	try {
		response = (await helper.helpers.httpRequest({
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'password',
				username: String(credentials.username),
				password: String(credentials.password),
			}).toString(),
			json: true,
		})) as EsetTokenResponse;
	} catch (error) {
		// Rebuild the error from scratch: the HTTP client's error carries the request body,
		// which holds the password.
		const status = (error as { response?: { status?: number } }).response?.status;
		const body = (error as { response?: { data?: EsetTokenResponse } }).response?.data;
		const detail = body?.error_description ?? body?.error;
		throw new Error(
			`ESET did not issue an access token (${status ? `HTTP ${status}` : (error as Error).message})` +
				(detail ? `: ${detail}` : '') +
				'. Check the API user name, password and region of the ESET Connect API credential.',
		);
	}
	if (!response?.access_token) {
		throw new Error('ESET answered the token request without an access token.');
	}
	return { accessToken: response.access_token };
}

export class EsetConnectApi implements ICredentialType {
	name = 'esetConnectApi';

	displayName = 'ESET Connect API';

	icon = { light: 'file:../nodes/EsetIncident/eset.svg', dark: 'file:../nodes/EsetIncident/eset.dark.svg' } as const;

	documentationUrl = 'https://help.eset.com/eset_connect/en-US/create_api_user_account.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'Europe', value: 'eu' },
				{ name: 'Germany', value: 'de' },
				{ name: 'United States', value: 'us' },
				{ name: 'Canada', value: 'ca' },
				{ name: 'Japan', value: 'jpn' },
				{ name: 'Custom', value: 'custom', description: 'Your own URLs, for a proxy or a test server' },
			],
			default: 'eu',
			description: 'The region where your ESET PROTECT / ESET Inspect tenant lives',
		},
		{
			displayName: 'Incident Management Base URL',
			name: 'incidentManagementUrl',
			type: 'string',
			default: '',
			placeholder: 'https://eu.incident-management.eset.systems',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://eu.business-account.iam.eset.systems/oauth/token',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API User Name',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'api-user@example.com',
			required: true,
			description:
				'E-mail of a dedicated API user with the Integrations permission, created in ESET PROTECT Hub / ESET Business Account',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** n8n calls this when the access token is empty, and once more after a 401; the result is stored in the credential. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const key = createHash('sha256')
			.update([esetTokenUrl(credentials), credentials.username, credentials.password].join('\n'))
			.digest('hex');
		let pending = tokenRequestsInFlight.get(key);
		if (!pending) {
			pending = requestAccessToken(this, credentials).finally(() => tokenRequestsInFlight.delete(key));
			tokenRequestsInFlight.set(key, pending);
		}
		return await pending;
	}

	/** Adds the bearer token (plain code rather than an expression: n8n runs this for every request). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` };
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: ESET_INCIDENT_MANAGEMENT_URL,
			url: '/v2/incidents',
			qs: { pageSize: 1 },
		},
	};
}
