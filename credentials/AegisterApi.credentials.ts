import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { AEGISTER_READ_ONLY_POLICY } from '../nodes/AegisterIncident/transport/endpoints';
import { redirectTestRules } from '../nodes/shared/http';
import { refuseWriteThroughReadOnlyCredential } from '../nodes/shared/read-only';

/** The credential test's request. */
const TEST_TIMEOUT_MS = 30_000;

export class AegisterApi implements ICredentialType {
	name = 'aegisterApi';

	displayName = 'Aegister API';

	icon = {
		light: 'file:../nodes/AegisterIncident/aegister.svg',
		dark: 'file:../nodes/AegisterIncident/aegister.dark.svg',
	} as const;

	documentationUrl = 'https://docs.aegister.com';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Personal API token, created in the Aegister app under Settings → Profile → API Tokens. It acts with your role in each organization.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.aegister.com',
			description: 'Change only to go through a proxy or to reach a test server',
		},
		{
			displayName: 'Allow Changes',
			name: 'allowChanges',
			type: 'boolean',
			default: true,
			description:
				'Whether workflows and AI agents using this credential may change incident notifications in Aegister. Off: every request that writes is refused before it is sent, also from the HTTP Request node.',
		},
	];

	/**
	 * Adds the token as a header (never as the query parameter Aegister also accepts). Every request
	 * made with this credential passes here: with "Allow Changes" off, a write is refused unsent.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) {
		refuseWriteThroughReadOnlyCredential(credentials, requestOptions, AEGISTER_READ_ONLY_POLICY);
		requestOptions.headers = {
			...requestOptions.headers,
			'X-Aegister-Token': String(credentials.apiToken),
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/api/v1/organizations',
			qs: { limit: 1 },
			// the test carries the token too: never on to another host, never n8n's 300 s
			disableFollowRedirect: true,
			timeout: TEST_TIMEOUT_MS,
		},
		// n8n's tester applies each rule by its type (status codes of a failed request, the body of a
		// 200); n8n-workflow 1.x types an array as one kind only.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Aegister rejected the API token: it is invalid or was revoked. Create a new one in the Aegister app under Settings → Profile → API Tokens (it is shown only once) and paste it here.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Aegister accepted the token but refused to list organizations: the token's user needs at least the viewer role in an organization.",
				},
			},
			...redirectTestRules(
				'Aegister',
				'Check the Base URL of the credential and any proxy in between.',
			),
			{
				type: 'responseSuccessBody',
				properties: { key: 'error', value: 1, message: 'Aegister rejected the API token' },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.constructor.name',
					value: 'String',
					message:
						'The Base URL answered 200 with an "error" that is text, not the Aegister envelope (a number): not an Aegister answer. Check the Base URL.',
				},
			},
			{
				// every Aegister answer is an envelope with a numeric `error`; a page or other JSON is not
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: undefined,
					message:
						'The Base URL answered 200 without the Aegister envelope (error, messages, data): not an Aegister answer — a proxy or login page? Check the Base URL.',
				},
			},
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
