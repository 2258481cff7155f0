import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	esetIdentity,
	requestAccessToken,
	TokenError,
	tokenFingerprint,
} from '../nodes/EsetIncident/transport/access-token';
import {
	ESET_INCIDENT_MANAGEMENT_URL,
	ESET_INTEGRATION_HEADERS,
	ESET_READ_ONLY_POLICY,
} from '../nodes/EsetIncident/transport/endpoints';
import { redirectTestRules } from '../nodes/shared/http';
import { refuseWriteThroughReadOnlyCredential } from '../nodes/shared/read-only';

/** The requests of n8n's credential test (token, incident list) and of n8n's token renewal. */
const TOKEN_TIMEOUT_MS = 30_000;

/**
 * Sent instead of a stored token that was issued to another user name, password or token URL:
 * ESET answers 401, and n8n makes a fresh password grant (preAuthentication) and sends again.
 */
const CHANGED_CREDENTIAL_TOKEN = 'credential-changed-since-this-token-was-issued';

export class EsetConnectApi implements ICredentialType {
	name = 'esetConnectApi';

	displayName = 'ESET Connect API';

	icon = {
		light: 'file:../nodes/EsetIncident/eset.svg',
		dark: 'file:../nodes/EsetIncident/eset.dark.svg',
	} as const;

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
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own URLs, for a proxy or a test server',
				},
			],
			default: 'eu',
			description: 'The region where your ESET PROTECT / ESET Inspect tenant lives',
		},
		{
			displayName: 'Incident Management Base URL',
			name: 'incidentManagementUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://eu.incident-management.eset.systems',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Device Management Base URL',
			name: 'deviceManagementUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://eu.device-management.eset.systems',
			description: 'Needed by the Device resource and by Incident → Get with its devices',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Automation Base URL',
			name: 'automationUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://eu.automation.eset.systems',
			description: 'Needed by the Device Task resource (isolate, scan)',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Quarantine Management Base URL',
			name: 'quarantineManagementUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://eu.quarantine-management.eset.systems',
			description: 'Needed by the Quarantine resource',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://eu.business-account.iam.eset.systems/oauth/token',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API User Name',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'e.g. api-user@example.com',
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
			displayName: 'Allow Changes',
			name: 'allowChanges',
			type: 'boolean',
			default: true,
			description:
				'Whether workflows and AI agents using this credential may change anything in ESET. Off: every request that writes is refused before it is sent, also from the HTTP Request node.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Token Fingerprint',
			name: 'tokenFingerprint',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/**
	 * A token and its identity's fingerprint to store, when n8n asks: an empty token, after a 401,
	 * or (n8n 1.x) the Test. The nodes keep their own tokens in memory (access-token.ts).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const identity = esetIdentity(credentials);
		try {
			const { accessToken } = await requestAccessToken(this, identity, {
				timeoutMs: TOKEN_TIMEOUT_MS,
			});
			return { accessToken, tokenFingerprint: tokenFingerprint(accessToken, identity) };
		} catch (error) {
			if (!(error instanceof TokenError)) throw error;
			throw new Error(`${error.message}. ${error.description}`);
		}
	}

	/**
	 * Every request with this credential (HTTP Request node too): refuses writes when "Allow Changes"
	 * is off, adds ESET's headers and the token, unless it was issued to another identity.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) {
		refuseWriteThroughReadOnlyCredential(credentials, requestOptions, ESET_READ_ONLY_POLICY);
		const token = String(credentials.accessToken ?? '');
		const issuedToThisIdentity =
			!!token &&
			credentials.tokenFingerprint === tokenFingerprint(token, esetIdentity(credentials));
		requestOptions.headers = {
			...requestOptions.headers,
			...ESET_INTEGRATION_HEADERS,
			Authorization: `Bearer ${issuedToThisIdentity ? token : CHANGED_CREDENTIAL_TOKEN}`,
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: ESET_INCIDENT_MANAGEMENT_URL,
			url: '/v2/incidents',
			qs: { pageSize: 1 },
			// the test carries the token too: never on to another host, never n8n's 300 s
			disableFollowRedirect: true,
			timeout: TOKEN_TIMEOUT_MS,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'ESET issued a token but rejected it: check that the API user is active (it must be activated from the e-mail ESET sends) and that the region is right.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'ESET refused access: the API user needs the Integrations permission, and incidents need an ESET Inspect / XDR-capable subscription.',
				},
			},
			...redirectTestRules(
				'ESET Connect',
				'Check the region or the Incident Management Base URL of the credential, and any proxy in between.',
			),
			{
				// n8n reads the key with lodash's get: a page or text arrives as a string, ESET's answer
				// is an object (an empty list may be `{}`)
				type: 'responseSuccessBody',
				properties: {
					key: 'constructor.name',
					value: 'String',
					message:
						'The Incident Management URL answered 200 with a web page or text, not an ESET Connect answer — a proxy or login page? Check the region or the Incident Management Base URL.',
				},
			},
			// n8n's tester applies each rule by its type; n8n-workflow 1.x types an array as one kind
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
